import QuantMath
import Testing

/// The standard normal distribution against published values. References: Abramowitz & Stegun table 26.1 and the
/// same quantities in 40-digit arithmetic (mpmath `ncdf`, `npdf`, `erfinv`), rounded to double; quantiles also agree
/// with `scipy.stats.norm.ppf`.
@Suite struct NormalTests {
    // Moved from LinearAlgebraTests (QuantMathTests suite).
    @Test func normalCDFPublishedValues() {
        // Abramowitz & Stegun table 26.1: Φ(1) = 0.8413447460685429, Φ(−1.96) = 0.024997895148220435.
        #expect(abs(Normal.cdf(1) - 0.8413447460685429) < 1e-15)
        #expect(abs(Normal.cdf(-1.96) - 0.024997895148220435) < 1e-16)
        #expect(abs(Normal.pdf(0) - 0.3989422804014327) < 1e-16)
    }

    /// Φ(1.96) = 0.9750021048517795, Φ(−8) = 6.22096057427178e-16 (mpmath: 6.2209605742717841e-16): the lower tail is
    /// computed with erfc, so it keeps its relative precision where 1 − Φ(8) would have lost every digit.
    @Test func cdfPublishedValuesAndTails() {
        #expect(abs(Normal.cdf(1.96) - 0.9750021048517795) < 1e-16)
        #expect(abs(Normal.cdf(-8) / 6.220960574271784e-16 - 1) < 1e-13)
        #expect(abs(Normal.cdf(-20) / 2.7536241186062337e-89 - 1) < 1e-13)
        #expect(abs(Normal.cdf(5) - 0.9999997133484281) < 1e-16)
        #expect(Normal.cdf(0) == 0.5)
        // Deepest tail above the double range's end: Φ(−37.5) = 4.605353009581955e-308 (normal, not subnormal).
        #expect(abs(Normal.cdf(-37.5) / 4.605353009581955e-308 - 1) < 1e-12)
        #expect(Normal.cdf(-40) == 0 && Normal.cdf(40) == 1)
        #expect(Normal.cdf(-.infinity) == 0 && Normal.cdf(.infinity) == 1 && Normal.cdf(.nan).isNaN)
    }

    @Test(arguments: [0.1, 0.5, 1.0, 1.96, 2.5, 3.0, 6.0])
    func cdfSymmetry(x: Double) {
        // Φ(x) + Φ(−x) = 1 up to rounding of the larger term.
        #expect(abs(Normal.cdf(x) + Normal.cdf(-x) - 1) <= 2.3e-16)
    }

    @Test func pdfPublishedValues() {
        // φ(1) = e^{−1/2}/√(2π) = 0.24197072451914337 (mpmath 0.241970724519143349…).
        #expect(abs(Normal.pdf(1) - 0.24197072451914334) < 1e-16)
        #expect(Normal.pdf(1) == Normal.pdf(-1))
        #expect(abs(Normal.pdf(0) * Normal.sqrt2Pi - 1) < 1e-15)
        #expect(Normal.pdf(40) == 0)
    }

    // Moved from LinearAlgebraTests.
    @Test(arguments: [1e-12, 1e-6, 0.001, 0.01, 0.025, 0.05, 0.3, 0.5, 0.7, 0.95, 0.975, 0.99, 0.999999])
    func quantileInvertsCDF(p: Double) {
        let x = Normal.quantile(p)
        // Relative error of the tail probability that is represented exactly (lower tail for p ≤ ½).
        let (target, got) = p <= 0.5 ? (p, Normal.cdf(x)) : (1 - p, Normal.cdf(-x))
        #expect(abs(got - target) / target < 1e-13)
    }

    // Moved from LinearAlgebraTests.
    @Test func quantileKnownValues() {
        // z_0.975 = 1.959963984540054 and z_0.99 = 2.3263478740408408 (scipy.stats.norm.ppf).
        #expect(abs(Normal.quantile(0.975) - 1.959963984540054) < 1e-14)
        #expect(abs(Normal.quantile(0.99) - 2.3263478740408408) < 1e-14)
        #expect(Normal.quantile(0) == -.infinity && Normal.quantile(1) == .infinity)
        #expect(Normal.quantile(1.5).isNaN)
    }

    /// Φ⁻¹ in the Acklam regions (central, and both tails below p = 0.02425) against 40-digit √2·erfinv(2p − 1).
    @Test func quantilePublishedValuesInEveryRegion() {
        #expect(Normal.quantile(0.5) == 0)
        #expect(abs(Normal.quantile(0.025) - -1.9599639845400543) < 1e-14)
        #expect(abs(Normal.quantile(0.001) - -3.0902323061678136) < 1e-14)
        #expect(abs(Normal.quantile(1e-10) - -6.361340902404057) < 1e-13)
        #expect(abs(Normal.quantile(1e-300) - -37.0470962993612) < 1e-12)
        // Symmetry where 1 − p is exact.
        for p in [0.125, 0.25, 0.375, 0.0078125] {
            #expect(abs(Normal.quantile(p) + Normal.quantile(1 - p)) < 1e-14, "p = \(p)")
        }
        #expect(Normal.quantile(-0.1).isNaN && Normal.quantile(.nan).isNaN)
    }
}
