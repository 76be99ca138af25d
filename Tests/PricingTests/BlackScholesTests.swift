import Testing
import Foundation
import Instruments
@testable import Pricing

/// Hull, "Options, Futures, and Other Derivatives" (8th ed.), Example 15.6: S=42, K=40, r=10%, σ=20%, T=0.5, q=0
/// → call 4.76, put 0.81 (printed to 2 decimals).
@Test func hullExample15_6() {
    let c = BlackScholes.price(right: .call, spot: 42, strike: 40, time: 0.5, rate: 0.1, dividendYield: 0, volatility: 0.2)
    let p = BlackScholes.price(right: .put, spot: 42, strike: 40, time: 0.5, rate: 0.1, dividendYield: 0, volatility: 0.2)
    #expect(abs(c - 4.76) < 0.005)
    #expect(abs(p - 0.81) < 0.005)
}

/// Put–call parity C − P = S e^{−qT} − K e^{−rT} (a model-free identity), including negative rates and q > r.
@Test(arguments: [
    (100.0, 100.0, 1.0, 0.05, 0.02, 0.3),
    (100.0, 30.0, 5.0, -0.01, 0.03, 1.5),
    (100.0, 250.0, 1.0 / 365, 0.02, 0.08, 0.01),
    (50.0, 55.0, 0.25, -0.005, -0.002, 0.6),
])
func putCallParity(s: Double, k: Double, t: Double, r: Double, q: Double, v: Double) {
    let c = BlackScholes.greeks(right: .call, spot: s, strike: k, time: t, rate: r, dividendYield: q, volatility: v)
    let p = BlackScholes.greeks(right: .put, spot: s, strike: k, time: t, rate: r, dividendYield: q, volatility: v)
    let fwd = s * exp(-q * t) - k * exp(-r * t)
    #expect(abs((c.price - p.price) - fwd) <= 1e-12 * s)
    #expect(abs((c.delta - p.delta) - exp(-q * t)) <= 1e-14)
    #expect(abs(c.gamma - p.gamma) <= 1e-14 * max(1, c.gamma))
    #expect(abs(c.vega - p.vega) <= 1e-12 * s)
    #expect(abs((c.rho - p.rho) - t * k * exp(-r * t)) <= 1e-11 * s)
    #expect(abs((c.dividendRho - p.dividendRho) + t * s * exp(-q * t)) <= 1e-11 * s)
}

/// Edge cases: expiry today/past, zero vol — finite, and equal to their stated limits.
@Test func degenerateInputs() {
    let itm = BlackScholes.greeks(right: .put, spot: 80, strike: 100, time: 0, rate: 0.05, dividendYield: 0, volatility: 0.3)
    #expect(itm.price == 20 && itm.delta == -1 && itm.gamma == 0)
    let otm = BlackScholes.greeks(right: .call, spot: 80, strike: 100, time: -1, rate: 0.05, dividendYield: 0, volatility: 0.3)
    #expect(otm.price == 0 && otm.delta == 0)
    let atm = BlackScholes.greeks(right: .call, spot: 100, strike: 100, time: 0, rate: 0.05, dividendYield: 0, volatility: 0.3)
    #expect(atm.price == 0 && atm.delta == 0.5)
    let zeroVol = BlackScholes.greeks(right: .call, spot: 100, strike: 90, time: 1, rate: 0.03, dividendYield: 0.01, volatility: 0)
    #expect(abs(zeroVol.price - (100 * exp(-0.01) - 90 * exp(-0.03))) < 1e-12)
    #expect(abs(zeroVol.delta - exp(-0.01)) < 1e-15)
    let tinyVol = BlackScholes.greeks(right: .put, spot: 100, strike: 90, time: 1, rate: 0.03, dividendYield: 0.01, volatility: 1e-12)
    for x in [tinyVol.price, tinyVol.delta, tinyVol.gamma, tinyVol.vega, tinyVol.theta, tinyVol.rho, tinyVol.dividendRho] {
        #expect(x.isFinite)
    }
    #expect(tinyVol.price == 0)
}

/// Every analytic Greek against a central finite difference of `BlackScholes.price` (the definition of the Greek).
/// Step h: 1e-4 relative (spot), 1e-5 absolute (vol, rates), 1e-6 years (time). Central-difference truncation error
/// is O(h²)·third derivative, so the tolerance is 1e-6 relative to max(|Greek|, 1e-3·scale).
@Test(arguments: [
    (OptionRight.call, 100.0, 100.0, 1.0, 0.05, 0.02, 0.3),
    (.put, 100.0, 80.0, 0.25, -0.01, 0.0, 0.45),
    (.call, 100.0, 150.0, 5.0, 0.02, 0.08, 1.2),
    (.put, 60.0, 100.0, 0.1, 0.03, 0.01, 0.25),
])
func greeksMatchFiniteDifferences(right: OptionRight, s: Double, k: Double, t: Double, r: Double, q: Double, v: Double) {
    func p(_ s: Double = -1, t: Double = -1, r: Double = .nan, q: Double = .nan, v: Double = -1) -> Double {
        BlackScholes.price(right: right, spot: s < 0 ? sBase : s, strike: k, time: t < 0 ? tBase : t,
                           rate: r.isNaN ? rBase : r, dividendYield: q.isNaN ? qBase : q, volatility: v < 0 ? vBase : v)
    }
    let sBase = s, tBase = t, rBase = r, qBase = q, vBase = v
    let g = BlackScholes.greeks(right: right, spot: s, strike: k, time: t, rate: r, dividendYield: q, volatility: v)
    let hs = 1e-4 * s, h = 1e-5, ht = 1e-6
    let fd: [(String, Double, Double, Double)] = [
        ("delta", g.delta, (p(s + hs) - p(s - hs)) / (2 * hs), 1),
        ("gamma", g.gamma, (p(s + hs) - 2 * p() + p(s - hs)) / (hs * hs), 1 / s),
        ("vega", g.vega, (p(v: v + h) - p(v: v - h)) / (2 * h), s),
        ("theta", g.theta, -(p(t: t + ht) - p(t: t - ht)) / (2 * ht), s),
        ("rho", g.rho, (p(r: r + h) - p(r: r - h)) / (2 * h), s),
        ("dividendRho", g.dividendRho, (p(q: q + h) - p(q: q - h)) / (2 * h), s),
    ]
    for (name, analytic, numeric, scale) in fd {
        let tol = (name == "gamma" ? 1e-4 : 1e-6) * max(abs(analytic), 1e-3 * scale)
        #expect(abs(analytic - numeric) <= tol, "\(name): analytic \(analytic) vs finite difference \(numeric)")
    }
}

/// Limits: as σ → 0 the price tends to the discounted forward intrinsic value; as T → 0 to intrinsic value;
/// as σ → ∞ a call tends to S e^{−qT} (Hull §15; Merton 1973 bounds).
@Test func limits() {
    let s = 100.0, k = 95.0, r = 0.03, q = 0.01
    let fwdIntrinsic = s * exp(-q) - k * exp(-r)
    let lowVol = BlackScholes.price(right: .call, spot: s, strike: k, time: 1, rate: r, dividendYield: q, volatility: 1e-4)
    #expect(abs(lowVol - fwdIntrinsic) < 1e-12)
    let shortT = BlackScholes.price(right: .put, spot: s, strike: 105, time: 1e-10, rate: r, dividendYield: q, volatility: 0.3)
    #expect(abs(shortT - 5) < 1e-6)
    let highVol = BlackScholes.price(right: .call, spot: s, strike: k, time: 1, rate: r, dividendYield: q, volatility: 50)
    #expect(abs(highVol - s * exp(-q)) < 1e-6 * s)
    // Negative rates and q > r stay within the Merton bounds.
    for (rr, qq) in [(-0.02, 0.0), (0.01, 0.09)] {
        let c = BlackScholes.price(right: .call, spot: s, strike: k, time: 2, rate: rr, dividendYield: qq, volatility: 0.4)
        #expect(c >= max(s * exp(-2 * qq) - k * exp(-2 * rr), 0) && c <= s * exp(-2 * qq))
    }
}

/// Sweep of extreme inputs (moneyness 1e-4…1e4, σ 1e-8…5, T 1e-8…30 years, r −5%…20%, q 0…15%): every output is
/// finite and the price lies within the Merton (1973) no-arbitrage bounds
/// max(±(S e^{−qT} − K e^{−rT}), 0) ≤ V ≤ S e^{−qT} (call) or K e^{−rT} (put), up to 1e-12 × (S + K) rounding.
@Test func extremeInputsStayFiniteAndBounded() {
    var count = 0
    for k in [1e-2, 1, 50, 100, 200, 1e4, 1e6] {
        for v in [1e-8, 1e-3, 0.2, 1.5, 5] {
            for t in [1e-8, 1.0 / 365, 1, 30] {
                for (r, q) in [(-0.05, 0.0), (0.2, 0.0), (0.01, 0.15), (0.0, 0.0)] {
                    for right in OptionRight.allCases {
                        let g = BlackScholes.greeks(right: right, spot: 100, strike: k, time: t, rate: r, dividendYield: q, volatility: v)
                        let all = [g.price, g.delta, g.gamma, g.vega, g.theta, g.rho, g.dividendRho]
                        #expect(all.allSatisfy { $0.isFinite }, "non-finite output for K=\(k) σ=\(v) T=\(t) r=\(r) q=\(q)")
                        let sq = 100 * exp(-q * t), kd = k * exp(-r * t)
                        let lower = right == .call ? max(sq - kd, 0) : max(kd - sq, 0)
                        let upper = right == .call ? sq : kd
                        let slack = 1e-12 * (100 + k)
                        #expect(g.price >= lower - slack && g.price <= upper + slack)
                        count += 1
                    }
                }
            }
        }
    }
    #expect(count == 7 * 5 * 4 * 4 * 2)
}

/// Regression (issue 12, found by the put–call parity property test): far out of the money, S e^{−qT} N(d1) and
/// K e^{−rT} N(d2) are both subnormal and their difference rounded below zero (a call at −1.2e-315, a put at −1.3e-305),
/// so `price` could print a negative option price. Prices are now floored at 0, in `price`, `greeks` and the stress
/// engine's hoisted loop alike; parity still holds.
@Test func farOutOfTheMoneyPriceIsNeverNegative() {
    let cases: [(OptionRight, Double, Double, Double, Double, Double, Double)] = [
        (.call, 6176.94248900877, 6824026342.677767, 0.4040105489068312, 0.4324679412701502, -0.03902112209135522, 0.5639295153983781),
        (.put, 203464614843.38907, 322925782.214156, 22.122877041989454, 0.6306911660631498, -0.815918074382558, 0.21553697917381376),
    ]
    for (right, s, k, t, r, q, v) in cases {
        let p = BlackScholes.price(right: right, spot: s, strike: k, time: t, rate: r, dividendYield: q, volatility: v)
        let g = BlackScholes.greeks(right: right, spot: s, strike: k, time: t, rate: r, dividendYield: q, volatility: v)
        #expect(p >= 0 && g.price >= 0, "\(right) S=\(s) K=\(k): price \(p), greeks price \(g.price)")
        #expect(p < 1e-300 && g.price == p)
    }
}

/// Regression (issue 12, found by the `price` fuzz target in its 10-minute run): a European call with spot 1e-300,
/// strike 1e12, T = 1e-300, q = −1, σ = 10 (all accepted by `price`) had gamma NaN: φ(d1) underflowed to 0 and so did
/// S·σ√T, and gamma = e^{−qT} φ(d1)/(S σ√T) was 0/0. A vanishing φ(d1) now gives gamma 0; no Greek is NaN.
@Test func gammaIsZeroWhenDensityAndDenominatorUnderflow() {
    for right in OptionRight.allCases {
        let g = BlackScholes.greeks(right: right, spot: 1e-300, strike: 1e12, time: 1e-300, rate: 0, dividendYield: -1, volatility: 10)
        let all = [g.price, g.delta, g.gamma, g.vega, g.theta, g.rho, g.dividendRho]
        #expect(all.allSatisfy { !$0.isNaN }, "\(right): \(all)")
        #expect(g.gamma == 0)
    }
}

/// Implied volatility errors are typed and read as sentences: price below the lower bound, at/above the upper bound,
/// no time value, bad spot.
@Test func impliedVolatilityErrors() {
    #expect(throws: PricingError.priceOutsideNoArbitrageBounds(price: 1, lower: max(100 * exp(-0.0) - 90 * exp(-0.05), 0), upper: 100)) {
        _ = try ImpliedVolatility.european(right: .call, price: 1, spot: 100, strike: 90, time: 1, rate: 0.05, dividendYield: 0)
    }
    #expect(throws: PricingError.self) {
        _ = try ImpliedVolatility.european(right: .call, price: 100, spot: 100, strike: 90, time: 1, rate: 0.05, dividendYield: 0)
    }
    #expect(throws: PricingError.noTimeValue(time: 0)) {
        _ = try ImpliedVolatility.european(right: .put, price: 1, spot: 100, strike: 90, time: 0, rate: 0.05, dividendYield: 0)
    }
    #expect(throws: PricingError.self) {
        _ = try ImpliedVolatility.american(right: .put, price: 5, spot: -1, strike: 90, time: 1, rate: 0.05, dividendYield: 0)
    }
    #expect(PricingError.noTimeValue(time: 0).description == "time to expiry 0 years leaves no time value, so the implied volatility is undefined.")
    // A price exactly at the lower bound is reproduced by σ = 0.
    let lower = 100 - 90 * exp(-0.05)
    #expect((try? ImpliedVolatility.european(right: .call, price: lower, spot: 100, strike: 90, time: 1, rate: 0.05, dividendYield: 0)) == 0)
}
