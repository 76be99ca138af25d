import Basics
import FileFormats
import Instruments
import LinearAlgebra
import MarketData
import Portfolio
import Pricing
import Risk
import Scenarios
import Stress

/// One side (before or after the trades) of a what-if.
public struct WhatIfSide: Sendable {
    public var resolved: ResolvedBook
    public var exposure: ExposureReport
    public var stress: StressReport?
    /// Parametric and historical VaR/ES by method, one measure per workspace confidence (fractions of NAV); Monte Carlo
    /// when paths > 0.
    public var risk: [(method: String, values: [VaR.Measure])]
    /// Factor exposures (fractions of NAV, delta view) on the what-if's common factor list.
    public var factorWeights: [Double]
    public var limits: [LimitStatus]
    /// Option premium held: option positions and held hedge lines (base currency).
    public var premiumHeld: Double
}

/// "If I do these trades, what happens to my book?" — the same analyses on the book before and after.
public struct WhatIfReport: Sendable {
    public var trades: [Trade]
    public var before: WhatIfSide
    public var after: WhatIfSide
    /// Workspace confidence levels, as written and as numbers.
    public var confidenceKeys: [String]
    public var confidences: [Double]
    public var factors: [String]
    /// Marginal parametric VaR of each trade at each confidence: ∇VaR(w_before) · Δw_trade (fractions of NAV).
    public var marginalVaR: [(trade: String, values: [Double])]
    /// Parametric component VaR after the trades, of each traded factor (fractions of NAV), at the last confidence.
    public var tradedComponents: [(factor: String, value: Double)]
    public var riskNote: String?
    public var notes: [String]
    /// The book's factor exposures (delta, fractions of NAV) before and after on one factor model; nil without history.
    public var factorExposures: (factors: [String], before: [Double], after: [Double])?
    public var premiumSpent: Double { after.premiumHeld - before.premiumHeld }
}

extension Session {
    /// Runs the what-if: the trades applied to the workspace book, then exposure, stress (all scenarios, one propagation
    /// covariance for both sides), VaR/ES (parametric and historical on one factor panel covering both books, Monte
    /// Carlo per side when `paths` > 0), limits and constraints, before and after.
    public func whatIf(_ trades: [Trade], paths: Int = 0) throws -> WhatIfReport {
        let (afterBook, applyNotes) = try TradeApplication.apply(trades, to: book, market: market, rollOptions: try payoffOptions())
        let policy = resolved.policy
        let after = try ResolvedBook(book: afterBook, market: market, policy: policy)
        var notes = applyNotes

        // Stress: one covariance over the union of both books' instruments.
        var stressB: StressReport?, stressA: StressReport?
        if !spec.scenarios.isEmpty {
            let list = try scenarios()
            let eb = try StressEngine(book: resolved), ea = try StressEngine(book: after)
            var cov: StressCovariance?
            if let h = history {
                var ids = StressCovariance.universe(engine: eb, scenarios: list)
                for i in StressCovariance.universe(engine: ea, scenarios: list) where !ids.contains(i) { ids.append(i) }
                let (c, w) = try StressCovariance.historical(history: h, ids: ids, asOf: market.asOf)
                cov = c
                notes += w
            }
            let fp = list.contains { $0.propagation == .factor } ? try factorPropagation(list, engine: ea) : nil
            stressB = try StressRunner.run(engine: eb, scenarios: list, covariance: cov, factors: fp)
            stressA = try StressRunner.run(engine: ea, scenarios: list, covariance: cov, factors: fp)
        }

        // Risk on one factor panel covering both books.
        var o = try riskOptions()
        let keys = spec.policies.confidences
        var riskB: [(String, [VaR.Measure])] = [], riskA: [(String, [VaR.Measure])] = []
        var factors: [String] = [], wB: [Double] = [], wA: [Double] = []
        var marginal: [(String, [Double])] = [], components: [(String, Double)] = []
        var riskNote: String?
        if let h = history {
            var union = after
            for p in resolved.positions where !union.positions.contains(where: { $0.position.id == p.position.id }) { union.positions.append(p) }
            let fd = try BookRisk.factorData(.init(book: union, history: h))
            factors = fd.factors
            func weights(_ rb: ResolvedBook) -> [Double] {
                var w = [Double](repeating: 0, count: fd.factors.count)
                for l in BookRisk.legs(rb, factors: fd.factors) { w[l.factor] += l.exposure }
                return w
            }
            wB = weights(resolved); wA = weights(after)
            var lin = o
            lin.paths = 0
            let rb = try PortfolioRisk.compute(returns: fd.returns, weights: wB, options: lin)
            let ra = try PortfolioRisk.compute(returns: fd.returns, weights: wA, options: lin)
            riskB = rb.measures.filter { $0.method != "cornishFisher" }
            riskA = ra.measures.filter { $0.method != "cornishFisher" }
            riskNote = "parametric and historical on one panel of \(fd.factors.count) factors, \(fd.returns.dates.first!)…\(fd.returns.dates.last!) (\(fd.returns.observationCount) daily log returns), delta exposures"
            let mu = (o.zeroMean || { if case .ewma = o.covariance { return true }; return false }()) ? [Double](repeating: 0, count: wB.count) : rb.estimate.mean
            let eulerB = try o.confidences.map { c in try VaR.euler(weights: wB, mean: mu, covariance: rb.estimate.covariance, confidence: c, horizonDays: o.horizonDays) }
            for t in trades {
                let single = try TradeApplication.apply([t], to: book, market: market, rollOptions: try payoffOptions()).book
                let dw = zip(weights(try ResolvedBook(book: single, market: market, policy: policy)), wB).map { $0 - $1 }
                marginal.append((t.description, eulerB.map { e in zip(e.marginalVaR, dw).reduce(0) { $0 + $1.0 * $1.1 } }))
            }
            if let c = o.confidences.last {
                let eA = try VaR.euler(weights: wA, mean: mu, covariance: ra.estimate.covariance, confidence: c, horizonDays: o.horizonDays)
                for (j, f) in fd.factors.enumerated() where wA[j] != wB[j] { components.append((f, eA.componentVaR[j])) }
            }
            if paths > 0 {
                o.paths = paths
                let mb = try BookRisk.compute(BookRisk.Input(book: resolved, history: h), options: o)
                let ma = try BookRisk.compute(BookRisk.Input(book: after, history: h), options: o)
                riskB.append(("monteCarlo", mb.monteCarlo))
                riskA.append(("monteCarlo", ma.monteCarlo))
                notes.append("Monte Carlo: \(paths) paths, seed \(o.seed), options revalued in full, each book on its own factor window")
            }
        } else {
            riskNote = "no price history: VaR/ES not computed"
        }

        func side(_ rb: ResolvedBook, _ s: StressReport?, _ risk: [(String, [VaR.Measure])], _ w: [Double]) -> WhatIfSide {
            let e = ExposureCalculator.report(rb)
            var x = LimitInputs(exposure: e, resolved: rb, stress: s)
            if let p = risk.first(where: { $0.0 == "parametric" }) {
                x.parametric = zip(o.confidences, p.1).map { (confidence: $0.0, measure: $0.1) }
            }
            x.riskNote = riskNote
            let heldHedges = s?.engine.positions.filter { $0.hedge != nil && $0.isOption }.reduce(0.0) { $0 + abs($1.baseValue) } ?? 0
            let premium = rb.positions.filter { $0.option != nil }.reduce(0.0) { $0 + abs($1.marketValue) } + heldHedges
            return WhatIfSide(resolved: rb, exposure: e, stress: s, risk: risk.map { (method: $0.0, values: $0.1) }, factorWeights: w,
                              limits: LimitMonitor.evaluate(rb.book.limits, x), premiumHeld: premium)
        }
        let factorExposures = history == nil ? nil : try whatIfFactorExposures(after)
        var report = WhatIfReport(trades: trades, before: side(resolved, stressB, riskB, wB), after: side(after, stressA, riskA, wA),
                            confidenceKeys: keys, confidences: o.confidences, factors: factors,
                            marginalVaR: marginal.map { (trade: $0.0, values: $0.1) },
                            tradedComponents: components.map { (factor: $0.0, value: $0.1) }, riskNote: riskNote, notes: notes)
        report.factorExposures = factorExposures
        return report
    }

    /// Δ factor exposures: both books on one factor model (fitted on the union of their names).
    func whatIfFactorExposures(_ after: ResolvedBook) throws -> (factors: [String], before: [Double], after: [Double]) {
        let held = Set(resolved.positions.map(\.position.marketKey))
        let model = try factorModel(extraNames: after.positions.map(\.position.marketKey).filter { !held.contains($0) })
        let b = try BookFactorRisk.compute(book: resolved, model: model), a = try BookFactorRisk.compute(book: after, model: model)
        return (model.factors.names, b.decomposition.factorExposures, a.decomposition.factorExposures)
    }
}
