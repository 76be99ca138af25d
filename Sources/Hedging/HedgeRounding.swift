/// The LP's fractional answer turned into whole contracts (options) and whole shares (stock lines), line by line:
/// each line's quantity x_c × contracts-per-unit rounded to the nearest whole number; when that spends more than the
/// budget, every line is rounded down instead (stated). Its P&L is recomputed from the lines, so the effect of rounding
/// on premium, VaR, CVaR and every named scenario is exact on the same scenarios.
public struct RoundedHedge: Sendable {
    /// Whole contracts or shares per universe line (0 for lines not bought).
    public var lineQuantities: [Double]
    public var rule: String
    public var outcome: HedgeOutcome

    public init(universe u: HedgeUniverse, scenarios set: HedgeScenarioSet, problem: HedgeProblem, units: [Double],
                budgetPercent: Double?) {
        func quantities(_ rounding: FloatingPointRoundingRule) -> [Double] {
            var q = [Double](repeating: 0, count: u.lines.count)
            for (j, c) in u.candidates.enumerated() where units[j] > 0 {
                for (l, per) in c.lines { q[l] = (units[j] * per * u.lines[l].contractsPerUnit).rounded(rounding) }
            }
            return q
        }
        func measure(_ q: [Double]) -> HedgeOutcome {
            let s = set.ids.count, k = 100 / u.nav
            var extra = [Double](repeating: 0, count: s)
            var premium = 0.0
            for (l, line) in u.lines.enumerated() where q[l] != 0 {
                let m = q[l] / line.contractsPerUnit
                premium += m * line.premiumPerUnit * k
                for i in 0..<s { extra[i] += m * set.lines.storage[l * s + i] * k }
            }
            var o = problem.outcome(units: [Double](repeating: 0, count: problem.candidateIDs.count), extra: extra)
            o.premium = premium
            return o
        }
        var q = quantities(.toNearestOrAwayFromZero)
        var o = measure(q)
        var rule = "nearest whole contract / share per line"
        if let b = budgetPercent, o.premium > b + 1e-12 {
            q = quantities(.down)
            o = measure(q)
            rule = "rounded down per line (to the nearest, the premium would exceed the budget)"
        }
        lineQuantities = q
        self.rule = rule
        outcome = o
    }
}
