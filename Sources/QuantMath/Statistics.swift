/// Descriptive statistics with the conventions of NumPy/SciPy stated explicitly.
///
/// - Quantile: NumPy's default `method="linear"` (Hyndman–Fan type 7): for sorted x₀ ≤ … ≤ x_{n−1} and p ∈ [0, 1],
///   h = (n − 1)·p, Q(p) = x_⌊h⌋ + (h − ⌊h⌋)·(x_⌊h⌋₊₁ − x_⌊h⌋).
/// - Sample variance: divisor n − 1.
/// - Skewness and excess kurtosis: the moment (biased, "population") estimators of `scipy.stats.skew` and
///   `scipy.stats.kurtosis` with their defaults (`bias=True`, `fisher=True`): with m_k = (1/n)Σ(x − x̄)^k,
///   g₁ = m₃ / m₂^{3/2} and g₂ = m₄ / m₂² − 3.
public enum Statistics {
    public static func mean(_ x: [Double]) -> Double {
        guard !x.isEmpty else { return .nan }
        var s = 0.0
        for v in x { s += v }
        return s / Double(x.count)
    }

    /// Sample variance with divisor n − 1 (NaN for n < 2).
    public static func variance(_ x: [Double]) -> Double {
        guard x.count >= 2 else { return .nan }
        let m = mean(x)
        var s = 0.0
        for v in x { s += (v - m) * (v - m) }
        return s / Double(x.count - 1)
    }

    public static func standardDeviation(_ x: [Double]) -> Double { variance(x).squareRoot() }

    /// Biased central moments (m₂, m₃, m₄) with divisor n.
    public static func centralMoments(_ x: [Double]) -> (m2: Double, m3: Double, m4: Double) {
        let m = mean(x)
        var m2 = 0.0, m3 = 0.0, m4 = 0.0
        for v in x {
            let d = v - m
            let d2 = d * d
            m2 += d2
            m3 += d2 * d
            m4 += d2 * d2
        }
        let n = Double(x.count)
        return (m2 / n, m3 / n, m4 / n)
    }

    /// g₁ = m₃ / m₂^{3/2} (`scipy.stats.skew`, bias=True). 0 for a constant series.
    public static func skewness(_ x: [Double]) -> Double {
        let c = centralMoments(x)
        return c.m2 > 0 ? c.m3 / (c.m2 * c.m2.squareRoot()) : 0
    }

    /// g₂ = m₄ / m₂² − 3 (`scipy.stats.kurtosis`, fisher=True, bias=True). 0 for a constant series.
    public static func excessKurtosis(_ x: [Double]) -> Double {
        let c = centralMoments(x)
        return c.m2 > 0 ? c.m4 / (c.m2 * c.m2) - 3 : 0
    }

    /// NumPy `linear` quantile of already sorted data (ascending). NaN for empty input or p outside [0, 1].
    public static func quantile(sorted x: [Double], _ p: Double) -> Double {
        quantile(sortedPrefix: x, count: x.count, p)
    }

    /// The index of the last sorted value the NumPy `linear` quantile at p reads among `count` values: ⌊(count − 1)p⌋ + 1
    /// (capped at count − 1). A prefix of that many values plus one determines the quantile.
    public static func quantileLastIndex(count: Int, _ p: Double) -> Int {
        let lo = Int((Double(count - 1) * p).rounded(.down))
        return min(lo + 1, count - 1)
    }

    /// NumPy `linear` quantile of `count` sorted values (ascending) of which only the first `x.count` are given; they
    /// must reach ``quantileLastIndex(count:_:)``. The same arithmetic as ``quantile(sorted:_:)`` (which calls this),
    /// so a quantile from a merged tail equals the one from the whole sample bit for bit.
    public static func quantile(sortedPrefix x: [Double], count: Int, _ p: Double) -> Double {
        guard count > 0, p >= 0, p <= 1 else { return .nan }
        let h = Double(count - 1) * p
        let lo = Int(h.rounded(.down))
        if lo >= count - 1 { return x[count - 1] }
        let g = h - Double(lo)
        let a = x[lo], b = x[lo + 1]
        // NumPy's _lerp: a + (b − a)·g, evaluated as b − (b − a)·(1 − g) when g ≥ ½ (same value within an ulp).
        return g >= 0.5 ? b - (b - a) * (1 - g) : a + (b - a) * g
    }

    /// NumPy `linear` quantile of unsorted data.
    public static func quantile(_ x: [Double], _ p: Double) -> Double { quantile(sorted: x.sorted(), p) }

    /// Pearson correlation of two equal-length series (NaN when either is constant).
    public static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count)
        let mx = mean(x), my = mean(y)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in 0..<x.count {
            let a = x[i] - mx, b = y[i] - my
            sxy += a * b; sxx += a * a; syy += b * b
        }
        return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : .nan
    }

    /// Ordinary least squares y = α + βx: (α, β, residuals).
    public static func ols(y: [Double], x: [Double]) -> (alpha: Double, beta: Double, residuals: [Double]) {
        precondition(x.count == y.count)
        let mx = mean(x), my = mean(y)
        var sxy = 0.0, sxx = 0.0
        for i in 0..<x.count { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx) }
        let beta = sxx > 0 ? sxy / sxx : 0
        let alpha = my - beta * mx
        return (alpha, beta, (0..<x.count).map { y[$0] - alpha - beta * x[$0] })
    }
}
