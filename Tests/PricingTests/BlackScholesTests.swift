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
