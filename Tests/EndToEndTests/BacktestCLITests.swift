import Foundation
import Testing

/// `hedgebook backtest` end to end: weights mode on the reference script's synthetic panel, bad inputs, book mode.
@Suite struct BacktestCLITests {
    static let panel = repoRoot + "/Tests/BacktestTests/Golden/synthetic_panel.csv"
    static let golden = repoRoot + "/Tests/BacktestTests/Golden/backtest_golden.json"

    static func tempFile(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hedgebook-backtest-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The golden "monthly" case's weights (tools/backtest_reference.py `make_golden`).
    static func weightsFile() throws -> String {
        let w = [0.30, 0.25, 0.20, 0.15, 0.10, 0.10, -0.15, -0.15, -0.10, -0.10]
        return try tempFile("w.csv", "ticker,weight\n" + w.enumerated().map { "A0\($0.offset),\($0.element)" }.joined(separator: "\n") + "\n")
    }

    @Test func jsonMatchesReferenceAndHasDocumentedKeys() throws {
        let r = try runCLI(["backtest", "--prices", Self.panel, "--weights", try Self.weightsFile(), "--rebalance", "monthly",
                            "--cost-bps", "7", "--slippage-bps", "3", "--borrow-rate", "0.03", "--risk-free", "0.02",
                            "--benchmark", "A00", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        for k in ["finalNav", "totalReturn", "maxDrawdown", "cagr", "volatility", "sharpe", "totalCosts", "totalBorrowFees",
                  "rebalances", "turnoverAnnualized", "nav"] {
            #expect(j[k] != nil, "missing key \(k)")
        }
        let g = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.golden))) as! [String: Any]
        let c = (g["cases"] as! [[String: Any]]).first { $0["name"] as? String == "monthly" }!
        let m = c["metrics"] as! [String: Any]
        func rel(_ a: Any?, _ b: Any?) -> Double { let x = a as! Double, y = b as! Double; return abs(x - y) / max(abs(y), 1e-300) }
        #expect(rel(j["finalNav"], c["finalNav"]) < 1e-10)
        #expect(rel(j["maxDrawdown"], m["maxDrawdown"]) < 1e-10)
        #expect(rel(j["sharpe"], m["sharpe"]) < 1e-10)
        #expect(rel(j["cagr"], m["cagr"]) < 1e-10)
        #expect(rel(j["turnoverAnnualized"], c["turnoverAnnualized"]) < 1e-10)
        #expect(rel(j["totalBorrowFees"], c["totalBorrowFees"]) < 1e-10)
        #expect(j["rebalances"] as? Int == c["rebalances"] as? Int)
        let nav = j["nav"] as! [[Any]]
        #expect(nav.count == (c["nav"] as! [Double]).count)
        #expect(nav.first?.first as? String == "2018-01-02")
        let bench = (j["benchmarks"] as! [[String: Any]]).first!
        #expect(rel(bench["beta"], m["beta"]) < 1e-10)
    }

    @Test func csvAndTable() throws {
        let w = try Self.weightsFile()
        let csv = try runCLI(["backtest", "--prices", Self.panel, "--weights", w, "--format", "csv", "--from", "2019-01-01",
                              "--to", "2019-12-31"])
        #expect(csv.status == 0)
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == "date,nav,return,gross,net,long,short,costs,borrowFees,traded")
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("2019-") })
        let table = try runCLI(["backtest", "--prices", Self.panel, "--weights", w, "--rebalance", "weekly"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("max drawdown") && table.stdout.contains("P&L by position"))
    }

    @Test func badInputsAreClearErrors() throws {
        let wBad = try Self.tempFile("wbad.csv", "ticker,weight\nA00,0.5\nNOPE,0.5\n")
        let absent = try runCLI(["backtest", "--prices", Self.panel, "--weights", wBad, "--format", "json"])
        #expect(absent.status == 1)
        #expect(absent.stderr.contains("ticker NOPE") && absent.stderr.contains("wbad.csv:3"))

        let empty = try runCLI(["backtest", "--prices", Self.panel, "--weights", try Self.weightsFile(), "--from", "2030-01-01"])
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("no price data in the window 2030-01-01"))

        let neg = try Self.tempFile("neg.csv", "Date,A00,A01\n2024-01-02,10,20\n2024-01-03,-1,20\n")
        let w2 = try Self.tempFile("w2.csv", "A00,1\n")
        let np = try runCLI(["backtest", "--prices", neg, "--weights", w2])
        #expect(np.status == 1)
        #expect(np.stderr.contains("neg.csv:3") && np.stderr.contains("not positive"))

        let rule = try runCLI(["backtest", "--prices", Self.panel, "--weights", try Self.weightsFile(), "--rebalance", "fortnightly"])
        #expect(rule.status == 1)
        #expect(rule.stderr.contains("rebalance rule 'fortnightly' does not parse"))
    }

    /// Book mode: the thesis from 2023-01-01 (skipped without ../shared/data).
    @Test(.enabled(if: hasSharedData, "needs ../shared/data/adjclose_to_2026 (CI has it)"))
    func thesisBookMode() throws {
        let data = sharedDataRoot
        let folders = ["adjclose_to_2026", "hk_2009_2025", "ohlcv_dividends_to_2026", "ashare_to_2020"]
            .map { data + "/" + $0 }.joined(separator: ",")
        let r = try runCLI(["backtest", thesisBook, "--market", thesisMarket, "--prices", folders, "--from", "2023-01-01",
                            "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(j["mode"] as? String == "book")
        #expect(j["to"] as? String == "2026-08-03")
        let pairs = j["pairs"] as! [[String: Any]]
        #expect(pairs.map { $0["id"] as! String } == ["P1", "P2", "P3", "P4", "P5"])
        let notes = j["notes"] as! [String]
        #expect(notes.contains { $0.hasPrefix("688256.SS: no price file") })
        let attribution = j["attribution"] as! [String: Any]
        #expect(Set(attribution.keys) == ["position", "pair", "layer", "country"])
    }
}
