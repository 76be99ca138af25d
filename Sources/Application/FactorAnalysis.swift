import Basics
import FileFormats
import LinearAlgebra
import Portfolio
import Risk
import Scenarios
import Stress

/// `hedgebook factors`: the book on the workspace's factor model, with the risk command's VaR beside it.
public struct FactorAnalysis: Sendable {
    public var bookName: String
    public var report: BookFactorRisk.Report
    /// Confidence levels (as written in the workspace) and their values; horizon in trading days.
    public var confidenceKeys: [String]
    public var confidences: [Double]
    public var horizonDays: Int
    /// The risk command's delta-linear parametric (sample covariance of daily log returns) and historical VaR/ES and
    /// daily σ, for the comparison; nil when they could not be computed (the reason is in `notes`).
    public var comparison: Comparison?
    public var notes: [String]

    public struct Comparison: Sendable {
        public var window: String
        public var observations: Int
        public var covarianceMethod: String
        public var volatilityDaily: Double
        public var parametric: [VaR.Measure]
        public var historical: [VaR.Measure]
        /// Moments of the realised daily book returns (Cornish–Fisher's), to explain historical vs parametric.
        public var skew: Double
        public var excessKurtosis: Double
        /// The daily variance gap wᵀS w − wᵀΣ_f w between the sample covariance S and the factor model's
        /// Σ_f = (B F Bᵀ + D)/5 on the same names and delta exposures, split exactly into the own-variance terms
        /// Σᵢ wᵢ²(Sᵢᵢ − Σ_f,ᵢᵢ) and the co-movement terms Σ_{i≠j} wᵢwⱼ(Sᵢⱼ − Σ_f,ᵢⱼ).
        public var ownVarianceGap: Double
        public var comovementGap: Double
    }

    /// Daily factor-model volatility (zero mean), VaR and ES per confidence.
    public var volatilityDaily: Double { report.decomposition.value(.volatility) }
    public var volatilityAnnual: Double { report.decomposition.value(.volatility, horizonDays: 252) }
    public func valueAtRisk(_ c: Double) -> Double { report.decomposition.value(.valueAtRisk(c), horizonDays: horizonDays) }
    public func expectedShortfall(_ c: Double) -> Double { report.decomposition.value(.expectedShortfall(c), horizonDays: horizonDays) }
}

extension Session {
    /// The factor definitions and settings the workspace names (the defaults when it has no `factors:` list).
    public func factorDefinitions() -> (definitions: [FactorDefinition], settings: FactorModelSettings) {
        let s = spec.factorModel
        var settings = FactorModelSettings()
        settings.windowWeeks = s.windowWeeks
        settings.fullHistoryWeeks = s.fullHistoryWeeks
        settings.minimumWeeks = s.minimumWeeks
        settings.ridge = s.ridge
        settings.covariance = s.covariance == "ewma" ? .ewma(lambda: s.lambda) : .sample
        guard let list = s.factors else { return (FactorDefinition.defaults, settings) }
        let defs = list.map { f in
            FactorDefinition(name: f.name, ticker: f.ticker, transform: f.transform == "change" ? .change : .return,
                             orthogonalTo: f.orthogonalTo)
        }
        return (defs, settings)
    }

    /// The factor model fitted on the book's names (and `extraNames`, e.g. a what-if's traded names).
    /// - Throws: a file:line:key diagnostic for a workspace factor whose ticker has no history; ``RiskError`` otherwise.
    public func factorModel(extraNames: [String] = []) throws -> FactorModel {
        let h = try requireHistory()
        let (defs, settings) = factorDefinitions()
        var problems: [Diagnostic] = []
        for (i, d) in defs.enumerated() where try h.series(d.ticker, field: .adjustedClose) == nil {
            let message = "no price history for '\(d.ticker)' (factor \(d.name)) in \(h.summary); expected a ticker with a history file, such as SPY, SOXX, KWEB or TNX_index"
            if let f = spec.factorModel.factors?[i] {
                problems.append(Diagnostic(file: f.file, line: f.line, keyPath: f.keyPath, message: message))
            } else {
                problems.append(Diagnostic(file: spec.file ?? "default factors", line: nil, keyPath: "factors", message: message))
            }
        }
        if !problems.isEmpty { throw InputErrors(problems) }
        let names = resolved.positions.map(\.position.marketKey) + extraNames
        return try FactorModel.fit(defs, settings: settings, history: h, names: names, asOf: book.valuationDate)
    }

    /// The factor model as `propagation: factor` needs it: exposures of the book's names (proxies included) and of
    /// the other instruments the scenarios name. - Throws: file:line diagnostics for unknown factor names.
    public func factorPropagation(_ scenarios: [Scenario], engine: StressEngine) throws -> FactorPropagation {
        let known = factorDefinitions().definitions.map(\.name)
        var problems: [Diagnostic] = []
        for s in scenarios {
            for sh in s.spotShocks {
                if case .factor(let f) = sh.target, !known.contains(f) {
                    problems.append(Diagnostic(file: s.file ?? "scenario", line: sh.line, keyPath: "\(s.id).factor",
                                               message: "unknown factor '\(f)'; the workspace's factors are \(known.joined(separator: ", "))"))
                }
            }
        }
        if !problems.isEmpty { throw InputErrors(problems) }
        let held = Set(resolved.positions.map(\.position.marketKey))
        let extra = StressCovariance.universe(engine: engine, scenarios: scenarios).filter { !held.contains($0) }
        let model = try factorModel(extraNames: extra)
        let report = try BookFactorRisk.compute(book: resolved, model: model)
        var exposures: [String: [Double]] = [:]
        for f in model.fits { exposures[f.id] = f.betas }
        for f in report.names { exposures[f.id] = f.betas }
        return FactorPropagation(factors: model.factors.names, covariance: model.covariance, exposures: exposures,
                                 source: "\(model.factors.names.count)-factor model, \(model.factors.weeks.count) weekly returns \(model.factors.weeks.first!)…\(model.factors.weeks.last!)")
    }

    /// The book's factor exposures and risk decomposition, and the risk command's VaR beside the factor model's.
    public func factors() throws -> FactorAnalysis {
        let model = try factorModel()
        let report = try BookFactorRisk.compute(book: resolved, model: model)
        var o = try riskOptions()
        o.paths = 0
        var notes = report.notes
        var comparison: FactorAnalysis.Comparison?
        do {
            let r = try risk(o)
            let lin = r.linear
            func m(_ name: String) -> [VaR.Measure] { lin.measures.first { $0.method == name }?.values ?? [] }
            // The factor model's daily covariance on the risk command's names (market keys) and weights.
            let fits = lin.assets.map { a in report.names.first { $0.id == a } }
            var own = 0.0, co = 0.0
            if fits.allSatisfy({ $0 != nil }) {
                let sf = model.nameCovariance(fits.map { $0! })
                let s = lin.estimate.covariance, w = lin.weights
                for i in w.indices {
                    for j in w.indices {
                        let g = w[i] * w[j] * (s[i, j] - sf[i, j] / 5)
                        if i == j { own += g } else { co += g }
                    }
                }
            }
            comparison = .init(window: "\(r.factorData.returns.dates.first!)…\(r.factorData.returns.dates.last!)",
                               observations: r.factorData.returns.observationCount, covarianceMethod: o.covariance.name,
                               volatilityDaily: lin.volatilityDaily, parametric: m("parametric"), historical: m("historical"),
                               skew: lin.moments.skew, excessKurtosis: lin.moments.exKurt, ownVarianceGap: own, comovementGap: co)
        } catch {
            notes.append("risk command's VaR not computed for the comparison: \(error)")
        }
        return FactorAnalysis(bookName: book.name, report: report, confidenceKeys: spec.policies.confidences, confidences: o.confidences,
                              horizonDays: o.horizonDays, comparison: comparison, notes: notes)
    }
}
