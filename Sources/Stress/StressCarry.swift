import Basics
import LinearAlgebra

/// A scenario's P&L split into carry and view.
///
/// - **Carry**: the P&L of time alone over the scenario's horizon — every spot, vol and FX rate unchanged, options aged
///   by `horizonDays` (ACT/365F), i.e. the options' time decay (linear lines carry nothing: the engine accrues no
///   dividends or borrow). Computed by the same engine on a zero-shock matrix with the scenario's horizon.
/// - **View**: total − carry, the P&L the shocks add once time has passed. view + carry = total by construction.
/// Amounts in base currency, gain > 0.
public struct StressCarry: Sendable {
    /// Carry of each outcome of the report (same order as ``StressReport/outcomes``).
    public var carry: [Double]
    /// Per case set (report order): probability-weighted expected total, carry and view.
    public var caseSets: [(caseSet: String, expected: Double, carry: Double, view: Double)]
}

extension StressRunner {
    /// The carry of every outcome of `report` and the case sets' expected carry and view.
    public static func carry(_ report: StressReport) -> StressCarry {
        let engine = report.engine
        var m = ScenarioMatrix(engine: engine, count: report.outcomes.count)
        for (i, o) in report.outcomes.enumerated() { m.horizonYears[i] = Double(o.scenario.horizonDays) / 365.0 }
        let pnl = engine.evaluate(m, buckets: engine.total)
        let carry = (0..<report.outcomes.count).map { pnl[$0, 0] }
        var byID: [String: Double] = [:]
        for (o, c) in zip(report.outcomes, carry) { byID[o.scenario.id] = c }
        let sets = report.caseSets.map { s in
            let c = s.members.reduce(0) { $0 + $1.probability * (byID[$1.id] ?? 0) }
            return (caseSet: s.caseSet, expected: s.expected, carry: c, view: s.expected - c)
        }
        return StressCarry(carry: carry, caseSets: sets)
    }
}
