import Foundation
import LinearAlgebra
import LinearProgramming
import Testing
@testable import Hedging

/// Two candidates, four equally likely scenarios, α = 0.5 (CVaR = the mean loss of the worst two scenarios).
/// Book P&L b = (−10, −4, 2, 6) % NAV. Candidate A: P&L per unit (6, 0, −1, −1), premium 1; B: (2, 2, −0.5, −0.5),
/// premium 0.5; caps 10 units.
///
/// By hand, budget 1 (a + 0.5c ≤ 1): with c = 2 − 2a the P&L is (−6 + 2a, −4a, 1, 5), worst two s1 and s2, CVaR =
/// 3 + a → a = 0, c = 2, CVaR 3. Below the budget line (a = 0) CVaR = 7 − 2c, so the whole budget is spent.
/// VaR_0.5: losses (6, 0, −1, −5), the lower 0.5 quantile is −1; CVaR = −1 + (¼·7 + ¼·1)/0.5 = 3.
/// Minimum premium for CVaR ≤ 5: B lowers CVaR by 4 per unit of premium, A by 3 → c = 1, premium 0.5.
/// Minimum premium for the loss in s1 ≤ 4: 6a + 2c ≥ 6; A buys 6 per unit of premium, B 4 → a = 1, premium 1.
func handProblem(caps: [Double] = [10, 10]) throws -> HedgeProblem {
    try HedgeProblem(scenarioIDs: ["s1", "s2", "s3", "s4"], namedCount: 4, weights: [0.25, 0.25, 0.25, 0.25], alpha: 0.5,
                     book: [-10, -4, 2, 6],
                     pnl: Matrix(rows: 4, cols: 2, columnMajor: [6, 0, -1, -1, 2, 2, -0.5, -0.5]),
                     premium: [1, 0.5], caps: caps, candidateIDs: ["A", "B"])
}

@Suite struct HandSolvedTests {
    @Test(arguments: [LPOptions.Formulation.direct, .dual])
    func minimumCVaRForABudget(_ f: LPOptions.Formulation) throws {
        let p = try handProblem()
        let s = try p.solve(.minimiseCVaR(budgetPercent: 1), options: LPOptions(formulation: f))
        #expect(s.lp.formulation == f)
        #expect(abs(s.units[0]) < 1e-9 && abs(s.units[1] - 2) < 1e-9)
        #expect(abs(s.lpObjective - 3) < 1e-12)
        let o = p.outcome(units: s.units)
        #expect(abs(o.tail.conditionalValueAtRisk - 3) < 1e-12)
        #expect(abs(o.tail.valueAtRisk - -1) < 1e-12)
        #expect(abs(o.premium - 1) < 1e-12)
        #expect(o.worstNamed?.id == "s1" && abs(o.worstNamed!.pnl - -6) < 1e-12)
    }

    @Test func minimumPremiumForACVaRLimit() throws {
        let s = try handProblem().solve(.minimisePremiumForCVaR(limitPercent: 5))
        #expect(abs(s.lpObjective - 0.5) < 1e-12)
        #expect(abs(s.units[0]) < 1e-9 && abs(s.units[1] - 1) < 1e-9)
    }

    @Test func minimumPremiumForANamedScenarioLoss() throws {
        let s = try handProblem().solve(.minimisePremiumForScenario(scenario: "s1", limitPercent: 4))
        #expect(abs(s.lpObjective - 1) < 1e-12)
        #expect(abs(s.units[0] - 1) < 1e-9 && abs(s.units[1]) < 1e-9)
    }

    /// Tail measures by their definition on the unhedged book: losses (10, 4, −2, −6); VaR_0.5 = −2 (lower quantile),
    /// CVaR = −2 + (¼·12 + ¼·6)/0.5 = 7 = mean of the two worst losses.
    @Test func tailMeasuresByDefinition() {
        let t = TailMeasures(losses: [10, 4, -2, -6], weights: [0.25, 0.25, 0.25, 0.25], alpha: 0.5)
        #expect(t.valueAtRisk == -2 && t.conditionalValueAtRisk == 7)
        // α = 0.6: tail mass 0.4 = the worst scenario and 0.15 of the next: (0.25·10 + 0.15·4)/0.4 = 7.75.
        let u = TailMeasures(losses: [10, 4, -2, -6], weights: [0.25, 0.25, 0.25, 0.25], alpha: 0.6)
        #expect(u.valueAtRisk == 4 && abs(u.conditionalValueAtRisk - 7.75) < 1e-12)
    }

    @Test func badInputIsAClearError() throws {
        let p = try handProblem()
        #expect(throws: HedgeError.badInput("premium budget 0.0% of NAV: expected a budget above 0")) {
            try p.solve(.minimiseCVaR(budgetPercent: 0))
        }
        #expect(throws: HedgeError.badInput("premium budget -1.0% of NAV: expected a budget above 0")) {
            try p.solve(.minimiseCVaR(budgetPercent: -1))
        }
        #expect(throws: HedgeError.badInput("cap of B is -1.0 units: expected ≥ 0")) { try handProblem(caps: [1, -1]) }
        #expect(throws: HedgeError.badInput("scenario 'nope' is not one of the named scenarios (s1, s2, s3, s4)")) {
            try p.solve(.minimisePremiumForScenario(scenario: "nope", limitPercent: 1))
        }
    }

    /// Caps of one unit each: both at their cap give P&L (−2, −2, 0.5, 4.5), CVaR 2, so CVaR ≤ 0.5 cannot hold.
    @Test func infeasibleCapNamesTheConstraint() throws {
        let p = try handProblem(caps: [1, 1])
        do {
            _ = try p.solve(.minimisePremiumForCVaR(limitPercent: 0.5))
            Issue.record("expected infeasible")
        } catch {
            #expect(error == .infeasible("infeasible: constraint cvar-limit (CVaR ≤ 0.5% of NAV) cannot hold within the per-candidate caps (A ≤ 1.0, B ≤ 1.0…); every candidate at its cap still leaves CVaR 2.0% of NAV"))
        }
        do {
            _ = try p.solve(.minimisePremiumForScenario(scenario: "s1", limitPercent: 1))
            Issue.record("expected infeasible")
        } catch {
            #expect(error == .infeasible("infeasible: constraint loss-limit:s1 (loss ≤ 1.0% of NAV) cannot hold within the per-candidate caps (A ≤ 1.0, B ≤ 1.0…); every candidate at its cap still leaves a loss of 2.0% of NAV in s1"))
        }
    }
}
