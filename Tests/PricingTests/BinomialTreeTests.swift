import Foundation
import Instruments
import Testing
@testable import Pricing

/// The CRR tree's European price converges to Black–Scholes at O(1/N): the error at 1,000 steps is below 2e-3 of
/// spot and averaging N and N+1 steps (which cancels the odd/even oscillation) is closer still.
@Test func crrEuropeanConvergesToBlackScholes() {
    for (right, k) in [(OptionRight.call, 100.0), (.put, 120.0), (.call, 80.0)] {
        let bs = BlackScholes.price(right: right, spot: 100, strike: k, time: 1, rate: 0.05, dividendYield: 0.02, volatility: 0.3)
        let t200 = BinomialTree.value(right: right, exercise: .european, spot: 100, strike: k, time: 1, rate: 0.05,
                                      dividendYield: 0.02, volatility: 0.3, steps: 200).price
        let t1000 = BinomialTree.value(right: right, exercise: .european, spot: 100, strike: k, time: 1, rate: 0.05,
                                       dividendYield: 0.02, volatility: 0.3, steps: 1000).price
        let t1001 = BinomialTree.value(right: right, exercise: .european, spot: 100, strike: k, time: 1, rate: 0.05,
                                       dividendYield: 0.02, volatility: 0.3, steps: 1001).price
        #expect(abs(t1000 - bs) < 2e-3 * 100)
        #expect(abs(0.5 * (t1000 + t1001) - bs) < abs(t200 - bs) + 1e-12)
    }
}

/// Early exercise is worth something: American ≥ European (same tree), and for a call with q = 0 and r ≥ 0 it is never
/// optimal to exercise early (Merton 1973), so the American and European tree prices are equal.
@Test func americanVersusEuropean() {
    var ws = BinomialWorkspace(steps: 500)
    for k in [70.0, 100.0, 140.0] {
        for (r, q) in [(0.05, 0.0), (0.05, 0.04), (-0.01, 0.0), (0.0, 0.03)] {
            for right in OptionRight.allCases {
                let a = BinomialTree.value(right: right, exercise: .american, spot: 100, strike: k, time: 1, rate: r,
                                           dividendYield: q, volatility: 0.35, steps: 500, workspace: &ws).price
                let e = BinomialTree.value(right: right, exercise: .european, spot: 100, strike: k, time: 1, rate: r,
                                           dividendYield: q, volatility: 0.35, steps: 500, workspace: &ws).price
                #expect(a >= e - 1e-12)
                #expect(a >= max(right == .call ? 100 - k : k - 100, 0))
                if right == .call && q == 0 && r >= 0 {
                    #expect(abs(a - e) <= 1e-12 * 100, "American call with q = 0 must equal European")
                    let bs = BlackScholes.price(right: .call, spot: 100, strike: k, time: 1, rate: r, dividendYield: 0, volatility: 0.35)
                    #expect(abs(a - bs) < 5e-3 * 100)
                }
            }
        }
    }
}

/// Tree Greeks against Black–Scholes for a European option (the tree's delta/gamma/theta come from its first levels,
/// vega/rho/dividend rho from re-priced trees): within tree discretisation error at 1,000 steps.
@Test func treeGreeksMatchBlackScholesForEuropean() {
    var ws = BinomialWorkspace(steps: 1000)
    let g = BinomialTree.greeks(right: .put, exercise: .european, spot: 100, strike: 105, time: 0.5, rate: 0.03,
                                dividendYield: 0.01, volatility: 0.3, steps: 1000, workspace: &ws)
    let b = BlackScholes.greeks(right: .put, spot: 100, strike: 105, time: 0.5, rate: 0.03, dividendYield: 0.01, volatility: 0.3)
    #expect(abs(g.delta - b.delta) < 2e-3)
    #expect(abs(g.gamma - b.gamma) < 2e-2 * b.gamma)
    #expect(abs(g.vega - b.vega) < 2e-2 * b.vega)
    #expect(abs(g.theta - b.theta) < 2e-2 * abs(b.theta))
    #expect(abs(g.rho - b.rho) < 2e-2 * abs(b.rho))
    #expect(abs(g.dividendRho - b.dividendRho) < 2e-2 * abs(b.dividendRho))
}

/// Degenerate inputs: expiry today/past gives intrinsic value, zero vol the deterministic early-exercise optimum,
/// tiny vol (CRR probability outside [0, 1]) switches to the Jarrow–Rudd lattice; nothing is NaN.
@Test func treeDegenerateInputs() {
    let expired = BinomialTree.value(right: .put, exercise: .american, spot: 90, strike: 100, time: -0.1, rate: 0.05,
                                     dividendYield: 0, volatility: 0.3)
    #expect(expired.price == 10 && expired.delta == -1)
    // Zero vol, deep ITM American put with r > 0: exercise now is optimal → K − S.
    let zeroVol = BinomialTree.value(right: .put, exercise: .american, spot: 50, strike: 100, time: 1, rate: 0.05,
                                     dividendYield: 0, volatility: 0)
    #expect(abs(zeroVol.price - 50) < 1e-12)
    let tiny = BinomialTree.value(right: .call, exercise: .american, spot: 100, strike: 100, time: 2, rate: 0.08,
                                  dividendYield: 0, volatility: 1e-4, steps: 100)
    let fwd = 100 - 100 * exp(-0.16)
    #expect(tiny.price.isFinite && abs(tiny.price - fwd) < 1e-3)
    #expect(tiny.delta.isFinite && tiny.gamma.isFinite && tiny.theta.isFinite)
}

/// American convergence with steps: against QuantLib's finite-difference value (1,000 × 1,000 grid, golden file) for
/// the put K = 100, T = 1 year (365 days), σ = 20%, r = 5%, q = 0, the CRR error (averaged over N and N + 1 steps to
/// cancel the odd/even oscillation) shrinks as N grows and is below 1e-3 × spot from 1,000 steps.
@Test func americanConvergesWithSteps() throws {
    let cases = try Golden.load("american.json")
    let c = try #require(cases.first {
        $0.right == .put && $0.d("strike") == 100 && abs($0.d("timeToExpiry") - 1) < 1e-12 && $0.d("volatility") == 0.2
            && $0.d("rate") == 0.05 && $0.d("dividendYield") == 0
    })
    let ref = c.d("fd1000x1000")
    var ws = BinomialWorkspace(steps: 2001)
    func avg(_ n: Int) -> Double {
        let a = BinomialTree.value(right: .put, exercise: .american, spot: 100, strike: 100, time: 1, rate: 0.05,
                                   dividendYield: 0, volatility: 0.2, steps: n, workspace: &ws).price
        let b = BinomialTree.value(right: .put, exercise: .american, spot: 100, strike: 100, time: 1, rate: 0.05,
                                   dividendYield: 0, volatility: 0.2, steps: n + 1, workspace: &ws).price
        return 0.5 * (a + b)
    }
    let errors = [50, 200, 1000, 2000].map { abs(avg($0) - ref) }
    #expect(errors[0] > errors[1] && errors[1] > errors[2])
    #expect(errors[2] < 1e-3 * 100 && errors[3] < 1e-3 * 100)
    print("American put CRR |error| vs QuantLib FD at N = 50, 200, 1000, 2000:", errors)
}

/// Regression (issue 12, found by the property tests): a call whose lattice reaches beyond the largest Double
/// (σ√(T·steps) above ~709: σ = 7.73, T = 42.4 years, 199 steps; or σ = 5, T = 25 years at the default 1,000 steps,
/// both inside `price`'s documented domain) was priced at +∞ (its top nodes overflowed). It is now valued in units of
/// the underlying: finite, within the no-arbitrage bounds, close to Black–Scholes–Merton (which is ≈ S e^{−qT} there).
@Test func callTreeDoesNotOverflowAtExtremeVolatilityAndTenor() {
    var ws = BinomialWorkspace(steps: 1000)
    let cases: [(s: Double, k: Double, t: Double, r: Double, q: Double, v: Double, n: Int)] = [
        (1, 1, 42.38094462678729, 0, 0, 7.728826590323107, 199), (100, 120, 25, 0.03, 0.01, 5, 1000),
        (1e12, 1e-4, 100, -1, 1, 10, 300), (1e-4, 1e12, 100, 1, -1, 10, 300),
    ]
    for c in cases {
        let bs = BlackScholes.price(right: .call, spot: c.s, strike: c.k, time: c.t, rate: c.r, dividendYield: c.q, volatility: c.v)
        for ex in ExerciseStyle.allCases {
            let tv = BinomialTree.value(right: .call, exercise: ex, spot: c.s, strike: c.k, time: c.t, rate: c.r,
                                        dividendYield: c.q, volatility: c.v, steps: c.n, workspace: &ws)
            #expect(tv.price.isFinite && tv.delta.isFinite && tv.gamma.isFinite && tv.theta.isFinite, "\(c) \(ex): \(tv)")
            // No-arbitrage bounds: European in [(S e^{−qT} − K e^{−rT})⁺, S e^{−qT}], American in [(S − K)⁺, S max(1, e^{−qT})].
            let upper = ex == .european ? c.s * exp(-c.q * c.t) : c.s * max(1, exp(-c.q * c.t))
            let lower = ex == .european ? max(c.s * exp(-c.q * c.t) - c.k * exp(-c.r * c.t), 0) : max(c.s - c.k, 0)
            #expect(tv.price >= lower * (1 - 1e-12) && tv.price <= upper * (1 + 1e-12), "\(c) \(ex): \(tv.price) outside [\(lower), \(upper)]")
            if ex == .european { #expect(abs(tv.price - bs) <= 2e-2 * upper, "\(c): tree \(tv.price), BSM \(bs)") }
        }
    }
}

/// The call-in-shares recursion is the direct one divided by the node's spot: where both apply they agree to rounding.
@Test func callInSharesMatchesDirectRecursion() {
    var ws = BinomialWorkspace(steps: 500)
    for (k, q, ex) in [(90.0, 0.02, ExerciseStyle.american), (100, 0.0, .european), (130, 0.06, .american)] {
        let (s, t, r, v, n) = (100.0, 1.0, 0.05, 0.3, 500)
        let dt = t / Double(n)
        let u = exp(v * dt.squareRoot()), d = 1 / u
        let p = (exp((r - q) * dt) - d) / (u - d)
        let direct = BinomialTree.value(right: .call, exercise: ex, spot: s, strike: k, time: t, rate: r, dividendYield: q,
                                        volatility: v, steps: n, workspace: &ws)
        let shares = BinomialTree.callInShares(american: ex == .american, spot: s, strike: k, u: u, d: d, logU: log(u), logD: log(d), p: p,
                                               disc: exp(-r * dt), steps: n, dt: dt, workspace: &ws)
        #expect(abs(shares.price - direct.price) <= 1e-11 * s, "\(k) \(ex): \(shares.price) vs \(direct.price)")
        #expect(abs(shares.delta - direct.delta) <= 1e-9 && abs(shares.gamma - direct.gamma) <= 1e-8 * abs(direct.gamma) + 1e-12)
        #expect(abs(shares.theta - direct.theta) <= 1e-8 * abs(direct.theta) + 1e-9)
    }
}

/// Regression (issue 12, found by a probe input run through the `price` fuzz target): `price` accepts any time to
/// expiry > 0, but below steps × 5e-324 years the step Δt = T/steps underflows to 0 and the zero-volatility branch
/// divided 0 by 0, so an American case with timeToExpiry 5e-324 printed theta NaN. Such a tree is now valued as expired
/// (intrinsic, delta ±½ at the money, other Greeks 0), and every Greek is a number.
@Test func treeWithUnderflowingStepIsIntrinsic() {
    var ws = BinomialWorkspace(steps: 200)
    for right in OptionRight.allCases {
        for t in [5e-324, 1e-321] {
            let g = BinomialTree.greeks(right: right, exercise: .american, spot: 100, strike: 100, time: t, rate: 1,
                                        dividendYield: -1, volatility: 10, steps: 200, workspace: &ws)
            let all = [g.price, g.delta, g.gamma, g.vega, g.theta, g.rho, g.dividendRho]
            #expect(all.allSatisfy { !$0.isNaN }, "\(right) T=\(t): \(all)")
            #expect(g.price == 0 && g.delta == (right == .call ? 0.5 : -0.5) && g.theta == 0)
        }
    }
}

/// Found by the property test `treeAmericanDominatesEuropeanAndIntrinsic` (seed uaCuNZG0…): a 3-step call with σ = 6.93,
/// T = 93.18 years, r = 0.597, q = −0.645 (inside the documented domain) gave NaN. Both exercise styles must be finite,
/// the American at least the European and intrinsic, and both near Black–Scholes–Merton's value for the European.
@Test func extremeThreeStepCallIsFinite() {
    for steps in [3, 4, 200] {
        var ws = BinomialWorkspace(steps: 200)
        let (t, r, q, v) = (93.18213569407858, 0.5973963925263294, -0.6454588687906031, 6.9266980756567245)
        let a = BinomialTree.value(right: .call, exercise: .american, spot: 1, strike: 1, time: t, rate: r,
                                   dividendYield: q, volatility: v, steps: steps, workspace: &ws)
        let e = BinomialTree.value(right: .call, exercise: .european, spot: 1, strike: 1, time: t, rate: r,
                                   dividendYield: q, volatility: v, steps: steps, workspace: &ws)
        #expect(a.price.isFinite && e.price.isFinite, "steps \(steps): American \(a.price), European \(e.price)")
        #expect(a.price >= e.price && a.price >= 0, "steps \(steps): American \(a.price), European \(e.price)")
    }
    // A tiny spot on a wide lattice: e^{σ√Δt·n} overflows while the node spots do not (price fuzz target, second run).
    let tiny = BinomialTree.value(right: .call, exercise: .american, spot: 1e-300, strike: 1e12, time: 100, rate: 1,
                                  dividendYield: -1, volatility: 10, steps: 100)
    #expect(tiny.price.isFinite && tiny.price >= 0 && tiny.delta.isFinite && tiny.gamma.isFinite && tiny.theta.isFinite, "\(tiny)")
    // Beyond the boundary (carry per step above σ√Δt) with σ²Δt/2 past the exponent range: the equal-probability
    // lattice's down move underflows; every value stays finite.
    // The mirror boundary (growth = d, p a rounding below 0), found by the price fuzz target in its one-hour run.
    let put = BinomialTree.value(right: .put, exercise: .american, spot: 1e-150, strike: 1e12, time: 100, rate: -1,
                                 dividendYield: 1, volatility: 10, steps: 4)
    #expect(put.price.isFinite && put.delta.isFinite && put.gamma.isFinite && put.theta.isFinite, "\(put)")
    #expect(put.price >= 1e12 - 1e-150)
    for right in [OptionRight.call, .put] {
        let a = BinomialTree.value(right: right, exercise: .american, spot: 1, strike: 1, time: 100, rate: 1,
                                   dividendYield: -1, volatility: 8, steps: 3)
        #expect(a.price.isFinite && a.delta.isFinite && a.gamma.isFinite && a.theta.isFinite, "\(right): \(a)")
    }
}
