import Application
import FileFormats
import Foundation
import Instruments
import Portfolio
import Stress
import Testing

let hasSharedData = FileManager.default.fileExists(atPath: repoRoot + "/../shared/data/adjclose_to_2026")

/// A session on the bundled workspace with one extra scenario file (NVDA −20%, no propagation).
func thesisSession(history: Bool = true) throws -> Session {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hb-whatif-\(getpid())").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try """
    version: 1
    id: nvda-minus-20
    description: NVDA alone falls 20%
    propagation: none
    spot: [{instrument: NVDA, relative: -0.20}]
    """.write(toFile: dir + "/nvda.yaml", atomically: true, encoding: .utf8)
    return try Session(workspace: repoRoot + "/hedgebook.yaml",
                       overrides: InputOverrides(scenarios: [repoRoot + "/scenarios", dir + "/nvda.yaml"], history: history ? nil : []))
}

@Suite struct WhatIfTests {
    /// Adding 2% NVDA moves long, gross and net by 2 pp and the NVDA one-name scenario by 2% × (−20%) of NAV.
    @Test func addingTwoPercentNVDAByHand() throws {
        let s = try thesisSession(history: false)
        let r = try s.whatIf([try TradeFile.parse("NVDA +2%", source: "test")])
        let b = r.before.exposure, a = r.after.exposure
        #expect(abs(a.pct(a.premium.long) - b.pct(b.premium.long) - 2) < 1e-9)
        #expect(abs(a.pct(a.premium.gross) - b.pct(b.premium.gross) - 2) < 1e-9)
        #expect(abs(a.pct(a.premium.net) - b.pct(b.premium.net) - 2) < 1e-9)
        let ob = r.before.stress!.outcomes.first { $0.scenario.id == "nvda-minus-20" }!
        let oa = r.after.stress!.outcomes.first { $0.scenario.id == "nvda-minus-20" }!
        #expect(abs((oa.totalPctNAV - ob.totalPctNAV) - 2 * -0.20) < 1e-9)
    }

    /// Closing both legs of a pair removes it from pair attribution.
    @Test func closingBothLegsRemovesThePair() throws {
        let s = try thesisSession(history: false)
        let p3 = s.book.pairs.first { $0.id == "P3" }!
        let trades = p3.allLegs.map { Trade.close($0.position) }
        let r = try s.whatIf(trades)
        #expect(r.before.stress!.attribution[.pair]!.keys.contains("P3"))
        #expect(!r.after.stress!.attribution[.pair]!.keys.contains("P3"))
        #expect(!r.after.exposure.pairs.contains { $0.id == "P3" })
    }

    /// `hold T2` equals the stress of the book with T2 marked held.
    @Test func holdingAHedgeEqualsTheBookWithItHeld() throws {
        let s = try thesisSession(history: false)
        let r = try s.whatIf([.hold(hedge: "T2")])
        var held = s.book
        let i = held.hedges.firstIndex { $0.id == "T2" }!
        held.hedges[i].held = true
        let engine = try StressEngine(book: try ResolvedBook(book: held, market: s.market, policy: s.resolved.policy))
        let direct = try StressRunner.run(engine: engine, scenarios: try s.scenarios())
        #expect(r.after.stress!.outcomes.map(\.total) == direct.outcomes.map(\.total))
    }

    /// Unknown instruments and hedges are errors with a did-you-mean.
    @Test func unknownNamesAreErrorsWithSuggestions() throws {
        let s = try thesisSession(history: false)
        #expect(throws: TradeApplication.Failure.self) { try s.whatIf([.hold(hedge: "t2")]) }
        do { _ = try s.whatIf([.stockPercent(instrument: "NVD", percentOfNAV: 1)]) } catch {
            #expect("\(error)".contains("did you mean 'NVDA'"))
        }
        #expect(throws: TradeFile.TradeError.self) { try TradeFile.parse("NVDA +2", source: "x") }
        #expect(throws: TradeFile.TradeError.self) { try TradeFile.parse("MU put 650 2027-13-01 +5 contracts", source: "x") }
    }

    /// The marginal VaR of a small trade equals the finite difference of parametric VaR (to 1e-6 of NAV).
    @Test(.enabled(if: hasSharedData, "needs ../shared/data (the workspace's history root)"))
    func marginalVaREqualsTheFiniteDifference() throws {
        let s = try thesisSession()
        let r = try s.whatIf([.stockPercent(instrument: "NVDA", percentOfNAV: 0.01)])
        let pb = r.before.risk.first { $0.method == "parametric" }!.values
        let pa = r.after.risk.first { $0.method == "parametric" }!.values
        for (k, m) in r.marginalVaR[0].values.enumerated() {
            #expect(abs(m - (pa[k].valueAtRisk - pb[k].valueAtRisk)) < 1e-6)
        }
        #expect(r.marginalVaR[0].values.allSatisfy { $0 > 0 })   // more NVDA adds risk to a net-long tech book
    }
}
