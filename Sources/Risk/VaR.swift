#if canImport(Glibc)
import Glibc
#endif
import LinearAlgebra
import QuantMath

/// Value at Risk and Expected Shortfall of a portfolio return.
///
/// Conventions (every method):
/// - Inputs are daily portfolio returns as fractions of NAV (simple returns: r_p = Σ wᵢ rᵢ).
/// - VaR and ES are **positive losses** as fractions of NAV at confidence c (e.g. 0.99): VaR_c = −Q_{1−c}(r_p),
///   ES_c = −E[r_p | r_p ≤ Q_{1−c}]. Multiply by NAV for base-currency amounts.
/// - Horizon h trading days: parametric and Cornish–Fisher scale the mean by h and σ by √h (i.i.d. returns);
///   historical uses **overlapping** h-day sums of daily portfolio returns (n − h + 1 windows);
///   Monte Carlo draws h-day returns directly (mean·h, covariance·h).
public enum VaR {
    public struct Measure: Sendable, Equatable {
        public var confidence: Double
        public var valueAtRisk: Double
        public var expectedShortfall: Double
    }

    /// How the historical quantile is defined.
    public enum HistoricalDefinition: String, Sendable, CaseIterable {
        /// NumPy's default `linear` quantile (type 7) of the returns at p = 1 − c; ES = −mean of returns ≤ Q.
        case linear
        /// The k-th worst return with k = ⌈n(1 − c)⌉; ES = −mean of the k worst.
        case kthWorst = "kth-worst"
    }

    static func checkConfidence(_ c: Double) throws(RiskError) {
        guard c > 0, c < 1 else { throw .invalidParameter("confidence \(c); expected 0 < c < 1") }
    }
    static func checkHorizon(_ h: Int) throws(RiskError) {
        guard h >= 1 else { throw .invalidParameter("horizon \(h) days; expected ≥ 1") }
    }

    /// Parametric normal: VaR = σ√h·z_c − μh, ES = σ√h·φ(z_c)/(1 − c) − μh with z_c = Φ⁻¹(c).
    /// `mean` and `sigma` are daily portfolio figures (pass mean 0 for the zero-mean variant).
    public static func parametric(mean: Double, sigma: Double, confidence c: Double, horizonDays h: Int = 1)
        throws(RiskError) -> Measure
    {
        try checkConfidence(c)
        try checkHorizon(h)
        guard sigma >= 0, sigma.isFinite, mean.isFinite else { throw .nonFinite("portfolio mean/σ") }
        let z = Normal.quantile(c)
        let s = sigma * Double(h).squareRoot()
        let m = mean * Double(h)
        return Measure(confidence: c, valueAtRisk: s * z - m, expectedShortfall: s * Normal.pdf(z) / (1 - c) - m)
    }

    /// Overlapping h-day sums of daily returns (h = 1 returns the input).
    public static func overlappingSums(_ r: [Double], horizonDays h: Int) -> [Double] {
        if h <= 1 { return r }
        guard r.count >= h else { return [] }
        var out = [Double](repeating: 0, count: r.count - h + 1)
        var s = 0.0
        for i in 0..<h { s += r[i] }
        out[0] = s
        for i in h..<r.count {
            s += r[i] - r[i - h]
            out[i - h + 1] = s
        }
        return out
    }

    /// Historical simulation on daily portfolio returns (see ``HistoricalDefinition``).
    public static func historical(returns r: [Double], confidence c: Double, horizonDays h: Int = 1,
                                  definition: HistoricalDefinition = .linear) throws(RiskError) -> Measure
    {
        try checkConfidence(c)
        try checkHorizon(h)
        let x = overlappingSums(r, horizonDays: h)
        guard x.count >= 2 else {
            throw .tooFewObservations(observations: x.count, assets: 1, needed: "historical VaR needs at least 2 (h-day) returns")
        }
        for v in x where !v.isFinite { throw .nonFinite("portfolio returns") }
        return historical(sorted: x.sorted(), confidence: c, definition: definition)
    }

    /// Historical VaR/ES from ascending-sorted returns (no checks; used by Monte Carlo too).
    public static func historical(sorted x: [Double], confidence c: Double, definition: HistoricalDefinition = .linear) -> Measure {
        switch definition {
        case .linear:
            return linearTail(sortedPrefix: x, count: x.count, confidence: c)
        case .kthWorst:
            let k = max(1, min(x.count, Int((Double(x.count) * (1 - c) - 1e-9).rounded(.up))))
            var s = 0.0
            for i in 0..<k { s += x[i] }
            return Measure(confidence: c, valueAtRisk: -x[k - 1], expectedShortfall: -s / Double(k))
        }
    }

    /// Linear-quantile VaR/ES of `count` returns sorted ascending of which only the first `x.count` are given (a tail):
    /// Q = NumPy 'linear' quantile at 1 − c, ES = −mean of the returns ≤ Q, summed in ascending order. The prefix must
    /// reach ``QuantMath/Statistics/quantileLastIndex(count:_:)`` and hold every return ≤ Q (``MonteCarloTail`` keeps
    /// ties for that); the same arithmetic as ``historical(sorted:confidence:definition:)``, which calls this.
    public static func linearTail(sortedPrefix x: [Double], count: Int, confidence c: Double) -> Measure {
        let q = Statistics.quantile(sortedPrefix: x, count: count, 1 - c)
        var s = 0.0, k = 0
        for v in x { if v <= q { s += v; k += 1 } else { break } }
        return Measure(confidence: c, valueAtRisk: -q, expectedShortfall: k > 0 ? -s / Double(k) : -q)
    }

    /// The moments Cornish–Fisher uses: sample mean, sample standard deviation (divisor n − 1), and the moment
    /// estimators of skewness g₁ = m₃/m₂^{3/2} and excess kurtosis g₂ = m₄/m₂² − 3 (divisor n; SciPy's defaults).
    public static func cornishFisherMoments(_ r: [Double]) -> (mean: Double, sd: Double, skew: Double, exKurt: Double) {
        (Statistics.mean(r), Statistics.standardDeviation(r), Statistics.skewness(r), Statistics.excessKurtosis(r))
    }

    /// Cornish–Fisher expansion of the (1 − c) quantile:
    /// z̃(x) = x + (x² − 1)S/6 + (x³ − 3x)K/24 − (2x³ − 5x)S²/36 at x = Φ⁻¹(1 − c); VaR = −(μh + σ√h·z̃).
    /// ES = −(μh + σ√h·E[z̃(X) | X ≤ x]) for X ~ N(0,1), in closed form from the truncated normal moments
    /// Iₖ = ∫_{−∞}^{x} tᵏφ(t)dt (I₀ = Φ(x), I₁ = −φ(x), I₂ = Φ(x) − xφ(x), I₃ = −(x² + 2)φ(x)):
    /// E[z̃] = [I₁ + (I₂ − I₀)S/6 + (I₃ − 3I₁)K/24 − (2I₃ − 5I₁)S²/36] / (1 − c).
    /// Horizon: S and K of an h-day sum of i.i.d. returns are S/√h and K/h.
    /// Moments per ``cornishFisherMoments(_:)``.
    public static func cornishFisher(returns r: [Double], confidence c: Double, horizonDays h: Int = 1,
                                     zeroMean: Bool = false) throws(RiskError) -> Measure
    {
        try checkConfidence(c)
        try checkHorizon(h)
        guard r.count >= 3 else {
            throw .tooFewObservations(observations: r.count, assets: 1, needed: "Cornish–Fisher needs at least 3 returns")
        }
        for v in r where !v.isFinite { throw .nonFinite("portfolio returns") }
        let m = cornishFisherMoments(r)
        return cornishFisher(mean: zeroMean ? 0 : m.mean, sd: m.sd, skew: m.skew, exKurt: m.exKurt, confidence: c, horizonDays: h)
    }

    public static func cornishFisher(mean: Double, sd: Double, skew: Double, exKurt: Double, confidence c: Double,
                                     horizonDays h: Int = 1) -> Measure {
        let hd = Double(h)
        let s = skew / hd.squareRoot(), k = exKurt / hd
        let x = Normal.quantile(1 - c)
        let zt = x + (x * x - 1) * s / 6 + (x * x * x - 3 * x) * k / 24 - (2 * x * x * x - 5 * x) * s * s / 36
        let phi = Normal.pdf(x), cap = 1 - c
        let i0 = cap, i1 = -phi, i2 = cap - x * phi, i3 = -(x * x + 2) * phi
        let tail = (i1 + (i2 - i0) * s / 6 + (i3 - 3 * i1) * k / 24 - (2 * i3 - 5 * i1) * s * s / 36) / cap
        let sig = sd * hd.squareRoot(), mu = mean * hd
        return Measure(confidence: c, valueAtRisk: -(mu + sig * zt), expectedShortfall: -(mu + sig * tail))
    }

    /// Euler allocation of parametric VaR and ES to positions (linear exposures w, daily mean μ and covariance Σ):
    /// marginal VaRᵢ = ∂VaR/∂wᵢ = √h·z_c·(Σw)ᵢ/σ − h·μᵢ, componentᵢ = wᵢ·marginalᵢ, and Σᵢ componentᵢ = VaR exactly
    /// (VaR is homogeneous of degree 1 in w). ES likewise with φ(z_c)/(1 − c) in place of z_c.
    public struct EulerAllocation: Sendable, Equatable {
        public var confidence: Double
        public var marginalVaR: [Double]
        public var componentVaR: [Double]
        public var marginalES: [Double]
        public var componentES: [Double]
        public var totalVaR: Double
        public var totalES: Double
    }

    public static func euler(weights w: [Double], mean mu: [Double], covariance s: Matrix, confidence c: Double,
                             horizonDays h: Int = 1) throws(RiskError) -> EulerAllocation {
        try checkConfidence(c)
        try checkHorizon(h)
        guard w.count == s.rows, mu.count == s.rows, s.isSquare else {
            throw .shape("\(w.count) weights, \(mu.count) means, \(s.rows)×\(s.cols) covariance")
        }
        let sw = BLAS.symmetricMultiply(s, w)
        let variance = BLAS.dot(w, sw)
        guard variance > 0 else {
            throw .notPositiveSemidefinite("portfolio variance wᵀΣw = \(variance) ≤ 0; Euler allocation undefined")
        }
        let sigma = variance.squareRoot()
        let z = Normal.quantile(c)
        let e = Normal.pdf(z) / (1 - c)
        let rh = Double(h).squareRoot(), hd = Double(h)
        let mv = (0..<w.count).map { rh * z * sw[$0] / sigma - hd * mu[$0] }
        let me = (0..<w.count).map { rh * e * sw[$0] / sigma - hd * mu[$0] }
        let cv = (0..<w.count).map { w[$0] * mv[$0] }
        let ce = (0..<w.count).map { w[$0] * me[$0] }
        let m = BLAS.dot(w, mu)
        return EulerAllocation(confidence: c, marginalVaR: mv, componentVaR: cv, marginalES: me, componentES: ce,
                               totalVaR: rh * z * sigma - hd * m, totalES: rh * e * sigma - hd * m)
    }

    /// Sums components by a group key per position (a position with several keys contributes to each; a position
    /// with none goes to `unassigned`).
    public static func groupSums(_ components: [Double], keys: [[String]], unassigned: String = "(none)") -> [(String, Double)] {
        var sums: [String: Double] = [:]
        var order: [String] = []
        for (i, c) in components.enumerated() {
            let ks = keys[i].isEmpty ? [unassigned] : keys[i]
            for k in ks {
                if sums[k] == nil { order.append(k) }
                sums[k, default: 0] += c
            }
        }
        return order.map { ($0, sums[$0]!) }
    }
}
