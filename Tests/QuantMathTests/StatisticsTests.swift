import QuantMath
import Testing

/// Descriptive statistics by hand, with the NumPy/SciPy conventions Statistics.swift states (values cross-checked
/// with `np.quantile`, `np.var(ddof=1)`, `scipy.stats.skew`, `scipy.stats.kurtosis`).
@Suite struct StatisticsTests {
    /// NumPy `linear` (Hyndman–Fan 7): h = (n − 1)p, Q = x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋).
    @Test func quantileLinearByHand() {
        // Moved from RiskTests (EstimatorTests.quantileAndKthWorstByHand).
        #expect(Statistics.quantile([5, 1, 3, 2, 4], 0.1) == 1.4)   // h = 0.4 → 1 + 0.4·1
        #expect(Statistics.quantile([1, 2, 3, 4, 5], 0.0) == 1)
        #expect(Statistics.quantile([1, 2, 3, 4, 5], 1.0) == 5)
        // np.quantile([5, 1, 3, 2, 4], [0.25, 0.3, 0.9]) = [2, 2.2, 4.6]: h = 1, 1.2, 3.6.
        #expect(Statistics.quantile([5, 1, 3, 2, 4], 0.25) == 2)
        #expect(abs(Statistics.quantile([5, 1, 3, 2, 4], 0.3) - 2.2) < 1e-15)
        #expect(abs(Statistics.quantile([5, 1, 3, 2, 4], 0.9) - 4.6) < 1e-15)
        // n = 4: h = 3p. p = ½ → 25 (midpoint), p = ¾ → h = 2.25 → 30 + 0.25·10 = 32.5.
        #expect(Statistics.quantile(sorted: [10, 20, 30, 40], 0.5) == 25)
        #expect(Statistics.quantile(sorted: [10, 20, 30, 40], 0.75) == 32.5)
        // Negative values and the lower tail, as VaR uses it: h = 9·0.05 = 0.45 → −10 + 0.45·(−8 + 10) = −9.1.
        let r: [Double] = [-10, -8, -3, -1, 0, 1, 2, 4, 7, 9]
        #expect(abs(Statistics.quantile(Array(r.reversed()), 0.05) - -9.1) < 1e-15)
    }

    @Test func quantileEdgeCases() {
        #expect(Statistics.quantile([], 0.5).isNaN)
        #expect(Statistics.quantile([1, 2], -0.01).isNaN && Statistics.quantile([1, 2], 1.01).isNaN)
        #expect(Statistics.quantile([3.5], 0.0) == 3.5 && Statistics.quantile([3.5], 0.7) == 3.5)
        // Unsorted input is sorted first; the result is the same as on sorted data.
        let x: [Double] = [0.3, -1.2, 4.4, 2.0, 0.0, -0.7, 1.1]
        for p in stride(from: 0.0, through: 1.0, by: 0.05) {
            #expect(Statistics.quantile(x, p) == Statistics.quantile(sorted: x.sorted(), p))
        }
        // Monotone in p.
        let qs = stride(from: 0.0, through: 1.0, by: 0.01).map { Statistics.quantile(x, $0) }
        #expect(zip(qs, qs.dropFirst()).allSatisfy { $0 <= $1 })
    }

    /// x = [2, 4, 4, 4, 5, 5, 7, 9]: mean 5; deviations −3, −1, −1, −1, 0, 0, 2, 4; Σd² = 32, Σd³ = 42, Σd⁴ = 356.
    /// Sample variance 32/7; m₂ = 4, m₃ = 5.25, m₄ = 44.5; g₁ = 5.25 / 4^{3/2} = 0.65625; g₂ = 44.5 / 16 − 3 = −0.21875.
    @Test func momentsByHand() {
        let x: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]
        #expect(Statistics.mean(x) == 5)
        #expect(abs(Statistics.variance(x) - 32.0 / 7) < 1e-15)
        #expect(abs(Statistics.standardDeviation(x) - (32.0 / 7).squareRoot()) < 1e-15)
        let c = Statistics.centralMoments(x)
        #expect(c.m2 == 4 && c.m3 == 5.25 && c.m4 == 44.5)
        #expect(Statistics.skewness(x) == 0.65625)
        #expect(Statistics.excessKurtosis(x) == -0.21875)
        // Mirror image: skewness changes sign, kurtosis does not.
        let m = x.map { -$0 }
        #expect(Statistics.skewness(m) == -0.65625 && Statistics.excessKurtosis(m) == -0.21875)
    }

    @Test func momentsDegenerateCases() {
        #expect(Statistics.mean([]).isNaN)
        #expect(Statistics.variance([1]).isNaN)
        #expect(Statistics.skewness([3, 3, 3]) == 0 && Statistics.excessKurtosis([3, 3, 3]) == 0)
        #expect(Statistics.variance([3, 3, 3]) == 0)
        // Two-point symmetric distribution: g₁ = 0, g₂ = 1 − 3 = −2.
        #expect(Statistics.skewness([-1, 1, -1, 1]) == 0 && Statistics.excessKurtosis([-1, 1, -1, 1]) == -2)
    }

    @Test func correlationAndOLSByHand() {
        let x: [Double] = [1, 2, 3, 4, 5]
        #expect(abs(Statistics.correlation(x, x.map { 2 * $0 + 1 }) - 1) < 1e-15)
        #expect(abs(Statistics.correlation(x, x.map { -$0 }) + 1) < 1e-15)
        #expect(Statistics.correlation(x, [2, 2, 2, 2, 2]).isNaN)
        // x = [1, 2, 3], y = [1, 2, 2]: x̄ = 2, ȳ = 5/3, Sxy = 1, Sxx = 2 → β = ½, α = 5/3 − 1 = 2/3,
        // residuals −1/6, 1/3, −1/6; correlation = 1 / √(2 · 2/3) = √3/2.
        let o = Statistics.ols(y: [1, 2, 2], x: [1, 2, 3])
        #expect(abs(o.beta - 0.5) < 1e-15 && abs(o.alpha - 2.0 / 3) < 1e-15)
        for (r, e) in zip(o.residuals, [-1.0 / 6, 1.0 / 3, -1.0 / 6]) { #expect(abs(r - e) < 1e-15) }
        #expect(abs(Statistics.correlation([1, 2, 3], [1, 2, 2]) - 3.0.squareRoot() / 2) < 1e-15)
        // Constant regressor: β = 0, α = ȳ.
        let flat = Statistics.ols(y: [1, 2, 3], x: [4, 4, 4])
        #expect(flat.beta == 0 && flat.alpha == 2)
    }
}
