import LinearAlgebra
import MarketData
import QuantMath

/// Options for a portfolio VaR/ES run.
public struct RiskOptions: Sendable {
    public var covariance: CovarianceMethod = .sample
    /// Confidence levels, each in (0, 1).
    public var confidences: [Double] = [0.95, 0.975, 0.99]
    public var horizonDays: Int = 1
    /// Drop the mean from parametric and Monte Carlo (RiskMetrics EWMA is always zero-mean).
    public var zeroMean: Bool = false
    public var historicalDefinition: VaR.HistoricalDefinition = .linear
    /// Monte Carlo paths (0 disables) and seed.
    public var paths: Int = 100_000
    public var seed: UInt64 = 1
    public var workers: Int = 2
    public init() {}
}

/// The result of a weights-mode run (all figures fractions of NAV, daily unless stated).
public struct PortfolioRiskReport: Sendable {
    public var assets: [String]
    public var weights: [Double]
    public var observations: Int
    public var estimate: CovarianceEstimate
    public var volatilityDaily: Double
    /// volatilityDaily × √252.
    public var volatilityAnnualized: Double
    /// Keyed by method name (`parametric`, `historical`, `cornishFisher`, `monteCarlo`), one measure per confidence.
    public var measures: [(method: String, values: [VaR.Measure])]
    public var euler: [VaR.EulerAllocation]
    /// Moments used by Cornish–Fisher.
    public var moments: (mean: Double, sd: Double, skew: Double, exKurt: Double)
    public var monteCarloUsedEigenFactor: Bool
}

public enum PortfolioRisk {
    /// VaR/ES four ways for a linear portfolio of the panel's assets with weights `w` (fractions of NAV, shorts
    /// negative): parametric normal on the chosen covariance, historical on the realised portfolio returns R·w,
    /// Cornish–Fisher on the same, and Monte Carlo through the Cholesky factor of the chosen covariance.
    public static func compute(returns: ReturnPanel, weights w: [Double], options o: RiskOptions) throws(RiskError)
        -> PortfolioRiskReport
    {
        let r = returns.values
        guard w.count == r.cols else { throw .shape("\(w.count) weights for \(r.cols) assets") }
        for c in o.confidences { try VaR.checkConfidence(c) }
        try VaR.checkHorizon(o.horizonDays)
        let est = try Estimators.estimate(r, method: o.covariance, names: returns.tickers)
        var useMean = est.mean
        if case .ewma = o.covariance { useMean = Array(repeating: 0, count: w.count) }
        if o.zeroMean { useMean = Array(repeating: 0, count: w.count) }
        let variance = BLAS.quadraticForm(est.covariance, w)
        guard variance >= 0 else { throw .notPositiveSemidefinite("portfolio variance wᵀΣw = \(variance) < 0") }
        let sigma = variance.squareRoot()
        let mu = BLAS.dot(w, useMean)
        let rp = BLAS.multiply(r, w)
        var measures: [(String, [VaR.Measure])] = []
        var par: [VaR.Measure] = [], his: [VaR.Measure] = [], cf: [VaR.Measure] = []
        for c in o.confidences {
            par.append(try VaR.parametric(mean: mu, sigma: sigma, confidence: c, horizonDays: o.horizonDays))
            his.append(try VaR.historical(returns: rp, confidence: c, horizonDays: o.horizonDays, definition: o.historicalDefinition))
            cf.append(try VaR.cornishFisher(returns: rp, confidence: c, horizonDays: o.horizonDays, zeroMean: o.zeroMean))
        }
        measures = [("parametric", par), ("historical", his), ("cornishFisher", cf)]
        var eig = false
        if o.paths > 0 {
            let sim = try MonteCarlo.simulate(mean: useMean, covariance: est.covariance, horizonDays: o.horizonDays,
                                              paths: o.paths, seed: o.seed, workers: o.workers) { xp, rows, outp in
                for i in 0..<rows { outp[i] = 0 }
                for j in 0..<w.count {
                    let wj = w[j], b = xp + j * rows
                    for i in 0..<rows { outp[i] += wj * b[i] }
                }
            }
            eig = sim.usedEigenFactor
            measures.append(("monteCarlo", try MonteCarlo.measures(pnl: sim.pnl, confidences: o.confidences)))
        }
        var euler: [VaR.EulerAllocation] = []
        if variance > 0 {
            for c in o.confidences {
                euler.append(try VaR.euler(weights: w, mean: useMean, covariance: est.covariance, confidence: c, horizonDays: o.horizonDays))
            }
        }
        return PortfolioRiskReport(assets: returns.tickers, weights: w, observations: r.rows, estimate: est,
                                   volatilityDaily: sigma, volatilityAnnualized: sigma * 252.0.squareRoot(),
                                   measures: measures, euler: euler, moments: VaR.cornishFisherMoments(rp),
                                   monteCarloUsedEigenFactor: eig)
    }
}
