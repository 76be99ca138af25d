import Foundation
import Instruments
import Pricing
import PropertyBased
import Testing

/// The documented domain of an option case (README `## hedgebook price`, `VanillaPricer.validate`): spot and strike in
/// (0, 1e12], time to expiry at most 100 years, rate and dividend yield in [−1, 1], volatility in [0, 10].
enum OptionDomain {
    static let spot = logUniform(-4, 12)
    static let strike = logUniform(-4, 12)
    static let time = Gen.double(in: 1e-6...100)
    static let rate = Gen.double(in: -1...1)
    static let dividendYield = Gen.double(in: -1...1)
    static let volatility = Gen.double(in: 0...10)
}

/// Put–call parity of Black–Scholes–Merton: C − P = S e^{−qT} − K e^{−rT}, to 1e-10 relative to the size of the
/// two legs (S e^{−qT} + K e^{−rT}; C − P cancels up to that magnitude), for `price` and for `greeks`, over the whole
/// documented domain. The Greeks obey the matching identities: Δ_C − Δ_P = e^{−qT}, Γ_C = Γ_P, vega_C = vega_P.
@Test(.shrinking(false)) func blackScholesPutCallParity() async {
    await propertyCheck(count: runs(3000), input: OptionDomain.spot, OptionDomain.strike, OptionDomain.time, OptionDomain.rate,
                        OptionDomain.dividendYield, OptionDomain.volatility) { s, k, t, r, q, v in
        let forward = s * exp(-q * t) - k * exp(-r * t)
        let scale = s * exp(-q * t) + k * exp(-r * t)
        let c = BlackScholes.price(right: .call, spot: s, strike: k, time: t, rate: r, dividendYield: q, volatility: v)
        let p = BlackScholes.price(right: .put, spot: s, strike: k, time: t, rate: r, dividendYield: q, volatility: v)
        #expect(c >= 0 && p >= 0)
        #expect(close(c - p, forward, rel: 1e-10, scale: scale), "C − P = \(c - p), S e^{−qT} − K e^{−rT} = \(forward)")
        let gc = BlackScholes.greeks(right: .call, spot: s, strike: k, time: t, rate: r, dividendYield: q, volatility: v)
        let gp = BlackScholes.greeks(right: .put, spot: s, strike: k, time: t, rate: r, dividendYield: q, volatility: v)
        #expect(close(gc.price - gp.price, forward, rel: 1e-10, scale: scale))
        #expect(close(gc.delta - gp.delta, exp(-q * t), rel: 1e-10, scale: exp(-q * t)))
        #expect(gc.gamma == gp.gamma && gc.vega == gp.vega)
    }
}

/// The CRR tree: an American option is worth at least the European one on the same lattice (early exercise only adds
/// a choice) and at least its intrinsic value (exercise at t = 0 is tested), over the documented domain at 3–200 steps.
@Test func treeAmericanDominatesEuropeanAndIntrinsic() async {
    var workspace = BinomialWorkspace(steps: 200)
    await propertyCheck(count: runs(400), input: Gen<OptionRight>.case, OptionDomain.spot, OptionDomain.strike, OptionDomain.time,
                        OptionDomain.rate, OptionDomain.dividendYield, OptionDomain.volatility, Gen.int(in: 3...200)) { right, s, k, t, r, q, v, n in
        let american = BinomialTree.value(right: right, exercise: .american, spot: s, strike: k, time: t, rate: r,
                                          dividendYield: q, volatility: v, steps: n, workspace: &workspace).price
        let european = BinomialTree.value(right: right, exercise: .european, spot: s, strike: k, time: t, rate: r,
                                          dividendYield: q, volatility: v, steps: n, workspace: &workspace).price
        let intrinsic = max(right == .call ? s - k : k - s, 0)
        #expect(american.isFinite && european.isFinite, "American \(american), European \(european)")
        #expect(american >= european, "American \(american) < European \(european)")
        #expect(american >= intrinsic, "American \(american) < intrinsic \(intrinsic)")
    }
}
