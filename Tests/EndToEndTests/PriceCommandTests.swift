import FileFormats
import Foundation
import Testing
@testable import HedgebookCLI

/// End-to-end tests of `hedgebook price`: the command is parsed from argv, run, and its `--output` file read back.
enum PriceCLI {
    static func tempPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("hedgebook-price-\(getpid())-\(name)").path
    }

    /// Runs `hedgebook price --input <json> --output <tmp> --quiet [extra]`; returns the output text.
    static func run(input json: String, extra: [String] = [], name: String = #function) throws -> String {
        let safe = String(name.filter { $0.isLetter || $0.isNumber })
        let inPath = tempPath(safe + ".json"), outPath = tempPath(safe + ".out")
        try Data(json.utf8).write(to: URL(fileURLWithPath: inPath))
        defer { try? FileManager.default.removeItem(atPath: inPath); try? FileManager.default.removeItem(atPath: outPath) }
        var cmd = try PriceCommand.parse(["--input", inPath, "--output", outPath, "--quiet"] + extra)
        try cmd.run()
        return try String(contentsOfFile: outPath, encoding: .utf8)
    }

    static func rows(_ text: String) throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] ?? []
    }
}

private let good = #"{"id": "c1", "kind": "call", "exercise": "european", "spot": 100, "strike": 100, "timeToExpiry": 1, "rate": 0.05, "dividendYield": 0.02, "volatility": 0.3}"#

/// One bad case never stops the others: each bad-input class gets its own error sentence, good cases still price.
/// Expected prices: the call is Black–Scholes–Merton at S=K=100, T=1, r=5%, q=2%, σ=30% = 13.0202812687273
/// (QuantLib AnalyticEuropeanEngine gives the same to 1e-13; see tools/quantlib_reference.py).
@Test func priceReportsEachBadCaseAndPricesTheRest() throws {
    let input = """
    [\(good),
     {"id": "unknown-kind", "kind": "straddle", "exercise": "european", "spot": 100, "strike": 100, "timeToExpiry": 1, "rate": 0.05, "dividendYield": 0, "volatility": 0.3},
     {"id": "neg-strike", "kind": "put", "exercise": "european", "spot": 100, "strike": -5, "timeToExpiry": 1, "rate": 0.05, "dividendYield": 0, "volatility": 0.3},
     {"id": "missing", "kind": "call", "spot": 100, "timeToExpiry": 1, "rate": 0.05, "dividendYield": 0},
     {"id": "string-spot", "kind": "call", "exercise": "european", "spot": "100", "strike": 100, "timeToExpiry": 1, "rate": 0.05, "dividendYield": 0, "volatility": 0.3},
     {"id": "arbitrage", "kind": "call", "exercise": "european", "spot": 100, "strike": 100, "timeToExpiry": 1, "rate": 0.05, "dividendYield": 0, "price": 120},
     {"id": "both", "kind": "call", "exercise": "american", "spot": 100, "strike": 100, "timeToExpiry": 1, "rate": 0.05, "dividendYield": 0, "price": 10, "volatility": 0.2},
     7,
     \(good.replacingOccurrences(of: "c1", with: "c2"))]
    """
    let rows = try PriceCLI.rows(PriceCLI.run(input: input))
    #expect(rows.count == 9)
    #expect(rows.map { $0["id"] as? String ?? "null" } ==
        ["c1", "unknown-kind", "neg-strike", "missing", "string-spot", "arbitrage", "both", "null", "c2"])
    for i in [0, 8] {
        let p = (rows[i]["price"] as? NSNumber)?.doubleValue ?? .nan
        #expect(abs(p - 13.0202812687273) < 1e-10)
        #expect(rows[i]["error"] == nil)
    }
    func err(_ i: Int) -> String { rows[i]["error"] as? String ?? "" }
    #expect(err(1) == "Unknown kind 'straddle': expected call or put.")
    #expect(err(2) == "Strike must be a finite number > 0, got -5.")
    #expect(err(3) == "Case 4 is missing fields `exercise`, `strike`, `volatility or price`.")
    #expect(err(4) == "Field `spot` must be a number, got a string.")
    #expect(err(5).hasPrefix("Price 120 is outside the no-arbitrage bounds [4.877"))
    #expect(err(6) == "Give either `volatility` or `price`, not both.")
    #expect(err(7) == "Case 8 must be a JSON object, got a number.")
    for i in 1...7 { #expect(rows[i]["price"] == nil) }
}

/// Malformed JSON and a non-array document stop the whole file with exit code 1 (nothing can be priced).
@Test func priceRejectsMalformedJSON() throws {
    #expect(throws: (any Error).self) { _ = try PriceCLI.run(input: "[{\"id\": 1,\n \"kind\": tru }]") }
    #expect(throws: (any Error).self) { _ = try PriceCLI.run(input: "{\"id\": 1}", name: "notArray") }
    // The message names the file position.
    #expect(PriceCasesFile.malformedReason(Data("[{\"id\": 1,\n \"kind\": tru }]".utf8)).contains("line 2"))
    #expect(throws: PriceInputError.self) { _ = try PriceCasesFile.parse(data: Data("{}".utf8), source: "x.json") }
}

/// Implied volatility: give the price of the call above, get σ = 0.3 back to 1e-8 (issue 3 round-trip target);
/// the table format renders the same case.
@Test func priceImpliedVolatilityAndTable() throws {
    let input = #"[{"id": "iv", "kind": "call", "exercise": "european", "spot": 100, "strike": 100, "timeToExpiry": 1, "rate": 0.05, "dividendYield": 0.02, "price": 13.020281268727345}]"#
    let rows = try PriceCLI.rows(PriceCLI.run(input: input))
    let iv = (rows.first?["impliedVolatility"] as? NSNumber)?.doubleValue ?? .nan
    #expect(abs(iv - 0.3) < 1e-8)
    let table = try PriceCLI.run(input: input, extra: ["--format", "table"], name: "table")
    #expect(table.contains("0.300000") && table.contains("13.020281"))
}

/// `hedgebook price` agrees with QuantLib's analytic engine on all 640 golden European cases (deep ITM/OTM, 1 day to
/// 5 years, 1%–150% vol, negative rates): within 1e-10 relative plus QuantLib's own deviation from the 40-digit
/// mpmath values (see PricingTests/QuantLibGoldenTests.swift for why that allowance exists). The JSON round trip
/// (shortest round-trip decimal) loses nothing.
@Test func priceMatchesQuantLibGoldenThroughTheCLI() throws {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("PricingTests/Golden/european.json")
    let root = try JSONSerialization.jsonObject(with: Data(contentsOf: dir)) as? [String: Any]
    let cases = root?["cases"] as? [[String: Any]] ?? []
    #expect(cases.count == 640)
    var input: [[String: Any]] = []
    for (i, c) in cases.enumerated() {
        var x = c
        x["id"] = "g\(i)"
        x["exercise"] = "european"
        for k in ["price", "delta", "gamma", "vega", "theta", "rho", "dividendRho", "mpmath40"] { x[k] = nil }
        input.append(x)
    }
    let json = String(decoding: try JSONSerialization.data(withJSONObject: input), as: UTF8.self)
    let rows = try PriceCLI.rows(PriceCLI.run(input: json))
    #expect(rows.count == cases.count)
    for (row, c) in zip(rows, cases) {
        let mp = c["mpmath40"] as? [String: Any] ?? [:]
        for k in ["price", "delta", "gamma", "vega", "theta", "rho", "dividendRho"] {
            let mine = (row[k] as? NSNumber)?.doubleValue ?? .nan
            let ql = (c[k] as? NSNumber)?.doubleValue ?? .nan
            let exact = (mp[k] as? NSNumber)?.doubleValue ?? .nan
            let floor = k == "gamma" ? 1e-12 : 1e-10
            #expect(abs(mine - ql) <= 1e-10 * max(abs(ql), floor) + abs(ql - exact), "\(k) \(mine) vs QuantLib \(ql)")
        }
    }
}
