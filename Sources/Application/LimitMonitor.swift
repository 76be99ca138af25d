import Basics
import Instruments
import Portfolio
import Risk
import Stress

/// A limit's value, utilisation and status on one run.
public struct LimitStatus: Sendable {
    public enum Status: String, Sendable { case ok, warn, breach, notMeasured = "not measured" }
    public var limit: Limit
    /// The measured value (% of NAV; VaR, ES and scenario losses as positive losses); nil when not measured.
    public var value: Double?
    /// value ÷ the bound it is closest to breaching (1 = at the limit); nil when not measured.
    public var utilisation: Double?
    public var status: Status
    /// What was measured (the group or position that sets the value, the scenario, the reason for not measuring).
    public var detail: String
}

/// The measures a limit may read, computed once per run (risk and stress are optional: without history or scenarios
/// their limits are "not measured", with the reason).
public struct LimitInputs: Sendable {
    public var exposure: ExposureReport
    public var resolved: ResolvedBook
    /// Parametric VaR and ES by confidence (fractions of NAV).
    public var parametric: [(confidence: Double, measure: VaR.Measure)]?
    public var riskNote: String?
    public var stress: StressReport?
    public init(exposure: ExposureReport, resolved: ResolvedBook, parametric: [(confidence: Double, measure: VaR.Measure)]? = nil,
                riskNote: String? = nil, stress: StressReport? = nil) {
        self.exposure = exposure; self.resolved = resolved; self.parametric = parametric; self.riskNote = riskNote; self.stress = stress
    }
}

/// Measures every limit of a book.
///
/// Rules: utilisation = value ÷ max when the value is ≥ 0 (or ÷ min for a negative min when the value is below 0);
/// status `breach` outside [min, max], `warn` at utilisation ≥ the limit's `warnAt` (default 0.8), else `ok`. Group
/// limits without a named group read the largest group of that kind. Option premium = Σ |premium| of option positions.
public enum LimitMonitor {
    public static func evaluate(_ limits: [Limit], _ x: LimitInputs) -> [LimitStatus] {
        limits.map { evaluate($0, x) }
    }

    static func evaluate(_ l: Limit, _ x: LimitInputs) -> LimitStatus {
        let e = x.exposure
        func status(_ v: Double, _ detail: String) -> LimitStatus {
            var u: Double?
            if let hi = l.max, hi > 0, v >= 0 { u = v / hi }
            if let lo = l.min, lo < 0, v < 0 { u = v / lo }
            if u == nil, let hi = l.max, hi != 0 { u = v / hi }
            let outside = (l.max.map { v > $0 } ?? false) || (l.min.map { v < $0 } ?? false)
            let s: LimitStatus.Status = outside ? .breach : ((u ?? 0) >= l.warnAt ? .warn : .ok)
            return LimitStatus(limit: l, value: v, utilisation: u, status: s, detail: detail)
        }
        func notMeasured(_ why: String) -> LimitStatus {
            LimitStatus(limit: l, value: nil, utilisation: nil, status: .notMeasured, detail: why)
        }
        switch l.measure {
        case .gross: return status(e.pct(e.premium.gross), "gross, premium view")
        case .net: return status(e.pct(e.premium.net), "net, premium view")
        case .betaAdjustedNet:
            return status(e.pct(e.betaNet), e.namesWithoutBeta.isEmpty ? "beta-adjusted net" : "beta-adjusted net (no beta: \(e.namesWithoutBeta.joined(separator: ", ")))")
        case .singleName(let view):
            let sized = e.positions.map { ($0.id, abs(view == .premium ? $0.notional : $0.deltaNotional)) }
            guard let top = sized.max(by: { $0.1 < $1.1 }) else { return status(0, "no positions") }
            return status(e.pct(top.1), "largest: \(top.0) (\(view.rawValue) view)")
        case .group(let g, let name):
            let groups = e.breakdown(by: g).filter { name == nil || $0.key == name }
            guard let top = groups.max(by: { $0.premium.gross < $1.premium.gross }) else {
                return status(0, "no position in \(g.rawValue) \(name ?? "")")
            }
            return status(e.pct(top.premium.gross), name == nil ? "largest \(g.rawValue): \(top.key) (gross)" : "\(g.rawValue) \(top.key) gross")
        case .valueAtRisk(let c), .expectedShortfall(let c):
            guard let p = x.parametric else { return notMeasured(x.riskNote ?? "no price history") }
            guard let m = p.first(where: { abs($0.confidence - c) < 1e-12 })?.measure else { return notMeasured("confidence \(NumberFormat.shortest(c)) not computed") }
            let isVaR: Bool = { if case .valueAtRisk = l.measure { return true }; return false }()
            return status(100 * (isVaR ? m.valueAtRisk : m.expectedShortfall),
                          "parametric \(isVaR ? "VaR" : "ES") \(fmt(100 * c, 1))%, 1 day, positive loss")
        case .worstScenario(let set):
            guard let r = x.stress else { return notMeasured("no scenarios") }
            let pool = r.outcomes.filter { set == nil || $0.scenario.caseSet == set }
            guard let worst = pool.min(by: { $0.total < $1.total }) else { return notMeasured("no scenario in case set \(set ?? "")") }
            return status(max(0, -worst.totalPctNAV), "worst: \(worst.scenario.id)\(set.map { " in \($0)" } ?? "")")
        case .optionPremium:
            let prem = x.resolved.positions.filter { $0.option != nil }.reduce(0) { $0 + abs($1.marketValue) }
            return status(e.pct(prem), "Σ |premium| of option positions")
        }
    }
}

extension Session {
    /// Every limit of the book measured on this session's inputs: exposure always; VaR/ES when a history is available
    /// (parametric, the workspace's estimator and horizon, at each limit's confidence); scenario limits when the
    /// workspace names scenarios.
    public func limitStatus(exposure: ExposureReport? = nil, stress stressReport: StressReport? = nil,
                            resolvedBook: ResolvedBook? = nil) -> [LimitStatus] {
        let rb = resolvedBook ?? resolved
        let limits = rb.book.limits
        guard !limits.isEmpty else { return [] }
        var x = LimitInputs(exposure: exposure ?? ExposureCalculator.report(rb), resolved: rb, stress: stressReport)
        let confidences = limits.compactMap { l -> Double? in
            switch l.measure { case .valueAtRisk(let c), .expectedShortfall(let c): return c; default: return nil }
        }
        if !confidences.isEmpty {
            do {
                var o = try riskOptions()
                o.confidences = Array(Set(confidences)).sorted()
                o.paths = 0
                let rep = try BookRisk.compute(BookRisk.Input(book: rb, history: try requireHistory()), options: o)
                if let p = rep.linear.measures.first(where: { $0.method == "parametric" }) {
                    x.parametric = Array(zip(o.confidences, p.values)).map { (confidence: $0.0, measure: $0.1) }
                }
            } catch {
                x.riskNote = "VaR not computed: \(error)"
            }
        }
        if x.stress == nil, limits.contains(where: { if case .worstScenario = $0.measure { return true }; return false }),
           !spec.scenarios.isEmpty {
            if rb.book.positions == book.positions && rb.book.hedges == book.hedges {
                x.stress = try? self.stress().report
            } else if let engine = try? StressEngine(book: rb), let list = try? scenarios() {
                let cov = history.flatMap { try? StressCovariance.historical(history: $0, ids: StressCovariance.universe(engine: engine, scenarios: list), asOf: market.asOf).0 }
                x.stress = try? StressRunner.run(engine: engine, scenarios: list, covariance: cov)
            }
        }
        return LimitMonitor.evaluate(limits, x)
    }
}
