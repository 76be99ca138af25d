import Application
import Foundation
import Instruments
import Testing
@testable import Hedging

let hedgeRepoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// The bundled workspace without price history (the snapshot's single-index covariance; no shared data needed).
func thesisSession() throws -> Session {
    try Session(workspace: hedgeRepoRoot + "/hedgebook.yaml", overrides: InputOverrides(history: []))
}

func smallRequest(_ objective: HedgeObjective) -> HedgeRequest {
    var r = HedgeRequest(objective: objective)
    r.monteCarlo = HedgeMonteCarloSpec(paths: 400, horizonDays: 21, seed: 7)
    r.frontierBudgets = [1, 3]
    return r
}

@Suite struct SessionHedgeTests {
    /// On the thesis book: the LP's CVaR equals the CVaR recomputed from the hedged scenario P&L; premium within the
    /// budget; whole contracts; the frontier falls with the budget; the book's rules hold for every candidate.
    @Test func thesisBookHedge() throws {
        let s = try thesisSession()
        var req = smallRequest(.minimiseCVaR(budgetPercent: 3))
        req.replace = ["MU-P-2027-01"]
        let r = try s.hedge(req)
        #expect(r.scenarios.namedCount > 30 && r.scenarios.ids.count == r.scenarios.namedCount + 400)
        #expect(abs(r.optimal.tail.conditionalValueAtRisk - r.solution.lpObjective) <= 1e-9 * max(1, r.solution.lpObjective))
        #expect(r.optimal.premium <= 3 + 1e-9)
        #expect(r.optimal.tail.conditionalValueAtRisk < r.base.tail.conditionalValueAtRisk)
        #expect(r.rounded.lineQuantities.allSatisfy { $0 == $0.rounded() })
        #expect(r.rounded.outcome.premium <= 3 + 1e-9)
        #expect(r.frontier.count == 2 && r.frontier[1].outcome.tail.conditionalValueAtRisk <= r.frontier[0].outcome.tail.conditionalValueAtRisk + 1e-9)
        // The 3% frontier point is the same programme as the request.
        #expect(abs(r.frontier[1].outcome.tail.conditionalValueAtRisk - r.solution.lpObjective) <= 1e-7)
        // No short line where the book forbids one; T2-ALT (short Zhongji) is not offered; every option long only.
        let shorts = Set(r.universe.candidates.filter { $0.kind == .shortStock }.map(\.underlying))
        #expect(shorts.isDisjoint(with: ["NVDA", "300308.SZ", "688256.SS", "MU"]))
        #expect(!r.universe.candidates.contains { $0.id == "T2-ALT" })
        #expect(r.solution.units.allSatisfy { $0 >= 0 })
        // As held = the book without the MU puts + the MU puts' own P&L.
        for i in r.scenarios.ids.indices {
            #expect(abs(r.asHeld.pnl[i] - r.base.pnl[i] - r.scenarios.replaced[i] * 100 / r.nav) < 1e-9)
        }
        // The same request gives the same answer (seeded scenarios, deterministic solver).
        let again = try s.hedge(req)
        #expect(again.solution.units == r.solution.units)
    }

    @Test func badInputs() throws {
        let s = try thesisSession()
        #expect(throws: HedgeError.badInput("premium budget 0.0% of NAV: expected a budget above 0")) {
            try s.hedge(smallRequest(.minimiseCVaR(budgetPercent: 0)))
        }
        var noQuote = smallRequest(.minimiseCVaR(budgetPercent: 1))
        noQuote.underlyings = ["SPY", "QQQ"]
        do {
            _ = try s.hedge(noQuote)
            Issue.record("expected a no-quote error")
        } catch let e as HedgeError {
            guard case .noQuote(let u, _) = e else { Issue.record("got \(e)"); return }
            #expect(u == "QQQ")
            #expect(e.description.hasPrefix("candidate underlying 'QQQ' has no quote in the market snapshot (quoted: "))
        }
        var tight = smallRequest(.minimisePremiumForScenario(scenario: "book-bear", limitPercent: 0))
        tight.grid.maxNotionalPercent = 0.01
        tight.frontierBudgets = []
        do {
            _ = try s.hedge(tight)
            Issue.record("expected infeasible")
        } catch let e as HedgeError {
            guard case .infeasible(let m) = e else { Issue.record("got \(e)"); return }
            #expect(m.hasPrefix("infeasible: constraint loss-limit:book-bear (loss ≤ 0.0% of NAV) cannot hold within the per-candidate caps"))
        }
        var badReplace = smallRequest(.minimiseCVaR(budgetPercent: 1))
        badReplace.replace = ["MU-PUTS"]
        #expect(throws: HedgeError.self) { try s.hedge(badReplace) }
    }
}
