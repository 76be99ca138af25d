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
