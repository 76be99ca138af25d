import Foundation
import Testing
@testable import HedgebookCLI

/// `hedgebook payoff` on the thesis fixtures (book + 2026-08-03 snapshot): prints the MU put sizing and every T1–T3
/// claim check, flags the expired legs loudly, and checks the expired hedges rolled. Numbers themselves are tested in
/// PricingTests; here the command's contract (sections, flags, formats) is.
enum PayoffCLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var book: String { root.appendingPathComponent("fixtures/books/ai-infra-thesis.yaml").path }
    static var market: String { root.appendingPathComponent("fixtures/market/snapshot-2026-08-03.yaml").path }

    static func run(_ extra: [String], name: String = #function) throws -> String {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("hedgebook-payoff-\(getpid())-\(name.filter(\.isLetter))").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let cmd = try PayoffCommand.parse([book, "--market", market, "--output", out, "--quiet", "--steps", "100"] + extra)
        try cmd.run()
        return try String(contentsOfFile: out, encoding: .utf8)
    }
}

@Test func payoffTablePrintsSizingExpiredFlagsAndClaims() throws {
    let text = try PayoffCLI.run([])
    #expect(text.contains("PREMIUM-BUDGET SIZING: 3.00% of NAV buys"))
    #expect(text.contains("P&L if MU moves -30%"))
    for id in ["T1", "T2", "T3"] {
        #expect(text.contains("HEDGE PACKAGE \(id):"))
        #expect(text.contains("HEDGE PACKAGE \(id)-rolled:"))
    }
    #expect(text.contains("!!! EXPIRED: T1-AVGO-C180, T1-NVDA-P90 expired before the valuation date 2026-08-03 !!!"))
    #expect(text.contains("cost 3.00%–4.00% of notional"))
    #expect(text.contains("payoff 6.00x–8.00x if AVGO +20.00%, NVDA -30.00%"))
    #expect(text.contains("about zero cost"))
    #expect(text.contains("NOT CHECKABLE"))
    // T2-ALT is a short forward: a signed notional, never a "premium".
    #expect(text.contains("no premium (linear legs only): signed notional -3,000,000 USD = -3.000% of NAV"))
    #expect(!text.contains("premium -3,000,000"))
}

@Test func payoffJSONAndCSVAndStrikeOverride() throws {
    let json = try PayoffCLI.run(["--format", "json", "--hedge", "MU-P-2027-01", "--strike", "600"], name: "json")
    let root = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    let sections = root?["sections"] as? [[String: Any]] ?? []
    #expect(sections.count == 1)
    let legs = sections.first?["legs"] as? [[String: Any]] ?? []
    #expect((legs.first?["strike"] as? NSNumber)?.doubleValue == 600)
    #expect((legs.first?["strikeAssumed"] as? Bool) == false)
    let sizing = sections.first?["sizing"] as? [String: Any]
    #expect(((sizing?["deltaNotional"] as? NSNumber)?.doubleValue ?? 0) < 0)
    let csv = try PayoffCLI.run(["--format", "csv", "--hedge", "T3"], name: "csv")
    #expect(csv.hasPrefix("id,basis,metric,underlying1,move1,underlying2,move2,value,detail\n"))
    #expect(csv.contains("T3,as dated,expiredLeg"))
    #expect(csv.contains("T3-rolled,"))
}

@Test func payoffRejectsBadOptions() throws {
    #expect(throws: (any Error).self) { _ = try PayoffCommand.parse([PayoffCLI.book, "--market", PayoffCLI.market, "--strike", "-5"]) }
    #expect(throws: (any Error).self) { _ = try PayoffCLI.run(["--hedge", "NOPE"], name: "nope") }
}
