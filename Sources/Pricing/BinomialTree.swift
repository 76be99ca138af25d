#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import Instruments

/// Result of one binomial-tree valuation (per unit of underlying). Delta, gamma and theta are read off the
/// tree's first two time steps (no re-pricing); units as in `BlackScholesGreeks` (theta per year, ∂V/∂t).
public struct TreeValuation: Sendable, Equatable {
    public let price, delta, gamma, theta: Double
}

/// Reusable storage for `BinomialTree`: one array of node values and one of exercise values.
/// Allocate once and pass it to many valuations to avoid any allocation per option (the tree itself never
/// allocates per node). Not thread-safe: use one workspace per thread.
public struct BinomialWorkspace: Sendable {
    @usableFromInline var values: [Double] = []
    @usableFromInline var exercise: [Double] = []
    public init(steps: Int = BinomialTree.defaultSteps) { reserve(steps: steps) }

    @usableFromInline mutating func reserve(steps: Int) {
        if values.count < steps + 2 { values = [Double](repeating: 0, count: steps + 2) }
        if exercise.count < 2 * steps + 2 { exercise = [Double](repeating: 0, count: 2 * steps + 2) }
    }
}

/// Cox–Ross–Rubinstein (1979) binomial tree for European and American options with a continuous dividend yield.
///
/// Lattice: `u = e^{σ√Δt}`, `d = 1/u`, risk-neutral up-probability `p = (e^{(r−q)Δt} − d)/(u − d)`,
/// discount `e^{−rΔt}` per step, Δt = T/steps. American exercise is tested at every node including t = 0.
/// The error is O(1/steps) with the usual CRR odd/even oscillation; at the default 1,000 steps the price is within
/// about 1e-3 of spot of the continuous-exercise value (tested against QuantLib's CRR and finite-difference engines).
///
/// Robustness: when `p` would leave [0, 1] (very low vol relative to |r − q|·√Δt) the lattice switches to the
/// equal-probability Jarrow–Rudd tree (`u, d = e^{(r−q−σ²/2)Δt ± σ√Δt}`, `p = ½`), which is always valid. A call whose
/// top nodes would overflow a Double (σ√(T·steps) beyond ~690) is valued on the same lattice in units of the underlying
/// (`callInShares`), which is the same recursion divided by the node's spot.
/// `time ≤ 0` gives intrinsic value (Greeks as in `BlackScholes`); `σ√T = 0` gives the deterministic optimum
/// `max over exercise dates of e^{−rt}·payoff(S e^{(r−q)t})` (European: only t = T).
public enum BinomialTree {
    /// Default number of time steps (used by `hedgebook price` when a case gives none).
    public static let defaultSteps = 1000
    /// Fewest steps accepted (the tree Greeks read levels 1 and 2); smaller requests are raised to this.
    public static let minSteps = 3

    /// Values one option; delta, gamma and theta come from the first two tree levels.
    public static func value(right: OptionRight, exercise: ExerciseStyle, spot: Double, strike: Double, time: Double,
                             rate: Double, dividendYield: Double, volatility: Double, steps: Int = defaultSteps,
                             workspace: inout BinomialWorkspace) -> TreeValuation {
        let w: Double = right == .call ? 1 : -1
        let n = max(steps, minSteps)
        let dt = time / Double(n)
        // Expired, or so close to expiry that a step is below the smallest Double (time < steps × 5e-324 years): intrinsic.
        if !(time > 0 && dt > 0) {
            let g = BlackScholes.greeks(right: right, spot: spot, strike: strike, time: 0, rate: rate,
                                        dividendYield: dividendYield, volatility: volatility)
            return TreeValuation(price: g.price, delta: g.delta, gamma: 0, theta: 0)
        }
        let sdStep = volatility * dt.squareRoot()
        // Below 1e-12 per step the lattice collapses (u = d in floating point): the deterministic value is exact to ~1e-12.
        if !(sdStep > 1e-12 && spot > 0 && strike > 0) {
            return deterministic(w: w, american: exercise == .american, spot: spot, strike: strike, time: time,
                                 rate: rate, dividendYield: dividendYield, steps: n)
        }
        var u = exp(sdStep)
        var d = 1 / u
        var logU = sdStep, logD = -sdStep
        let growth = exp((rate - dividendYield) * dt)
        var p = (growth - d) / (u - d)
        // A probability a rounding outside [0, 1] (the carry per step equal to σ√Δt: growth = u) is the boundary of the
        // CRR lattice, where the up (or down) move is certain; beyond it the lattice has no probability and the
        // equal-probability (Jarrow–Rudd) lattice is used, its log-moves kept as logarithms so that an underflowing
        // e^{m − σ√Δt} (σ²Δt/2 beyond ~700) cannot turn into log 0 = −∞ and a NaN (found by a property test).
        if p > 1, p < 1 + 1e-12 { p = 1 } else if p < 0, p > -1e-12 { p = 0 }
        if !(p >= 0 && p <= 1) {
            let m = (rate - dividendYield - 0.5 * volatility * volatility) * dt
            logU = m + sdStep
            logD = m - sdStep
            u = exp(logU)
            d = exp(logD)
            p = 0.5
        }
        let disc = exp(-rate * dt)
        let pu = disc * p
        let pd = disc * (1 - p)
        let american = exercise == .american
        // A call whose top nodes (or values) would pass the largest Double (log S + σ√(T·steps) + carry beyond ~690, e.g.
        // σ = 5 and T = 21 years at 1,000 steps) is valued on the same lattice in units of the node's spot, where every
        // value is at most e^{|q|T}; its value lies in those nodes, so clamping them would be wrong. Other cases keep the
        // direct recursion below.
        if w > 0, log(spot) + 0.5 * (logU - logD) * Double(n) + (2 * abs(rate) + abs(dividendYield)) * time > 690 {
            return callInShares(american: american, spot: spot, strike: strike, u: u, d: d, logU: logU, logD: logD, p: p,
                                disc: disc, steps: n, dt: dt, workspace: &workspace)
        }

        workspace.reserve(steps: n)
        var v1 = (0.0, 0.0), v2 = (0.0, 0.0, 0.0)
        workspace.exercise.withUnsafeMutableBufferPointer { exBuf in
            workspace.values.withUnsafeMutableBufferPointer { vBuf in
                let ex = exBuf.baseAddress!
                let v = vBuf.baseAddress!
                // Nodes are indexed by net moves m = ups − downs + n ∈ [0, 2n]; spot = S·e^{a(m−n)}·(√(ud))^{level}.
                // For CRR ud = 1, so the exercise value depends on m only and is tabulated once in `ex`.
                let sqrtUD = exp(0.5 * (logU + logD))          // 1 for CRR
                let a = 0.5 * (logU - logD)                       // log-spacing per net move
                let logSpot = log(spot)
                for m in 0...(2 * n) {
                    let s = nodeSpot(spot, logSpot, a * Double(m - n))
                    ex[m] = max(w * (s - strike), 0)
                }
                // Terminal level: node j (j ups, n − j downs) has net index m = 2j, spot S e^{a(2j−n)} (√(ud))^n.
                let termFactor = pow(sqrtUD, Double(n))
                if termFactor == 1 {
                    for j in 0...n { v[j] = ex[2 * j] }
                } else {
                    let logTerm = Double(n) * 0.5 * (logU + logD)
                    for j in 0...n { v[j] = max(w * (nodeSpot(spot, logSpot, logTerm + a * Double(2 * j - n)) - strike), 0) }
                }
                var i = n - 1
                while i >= 0 {
                    if american {
                        let levelFactor = pow(sqrtUD, Double(i))
                        if levelFactor == 1 {
                            // Node (i, j): net index 2j − i + n.
                            let base = ex + (n - i)
                            for j in 0...i {
                                let cont = pd * v[j] + pu * v[j + 1]
                                let e = base[2 * j]
                                v[j] = cont > e ? cont : e
                            }
                        } else {
                            let logLevel = Double(i) * 0.5 * (logU + logD)
                            for j in 0...i {
                                let cont = pd * v[j] + pu * v[j + 1]
                                let e = max(w * (nodeSpot(spot, logSpot, logLevel + a * Double(2 * j - i)) - strike), 0)
                                v[j] = cont > e ? cont : e
                            }
                        }
                    } else {
                        for j in 0...i { v[j] = pd * v[j] + pu * v[j + 1] }
                    }
                    if i == 2 { v2 = (v[0], v[1], v[2]) }
                    if i == 1 { v1 = (v[0], v[1]) }
                    i -= 1
                }
            }
        }
        let price = workspace.values[0]
        let su = spot * u, sd = spot * d
        let suu = spot * u * u, sud = spot * u * d, sdd = spot * d * d
        let delta = slope(v1.1 - v1.0, su - sd)
        let gamma = slope(slope(v2.2 - v2.1, suu - sud) - slope(v2.1 - v2.0, sud - sdd), 0.5 * (suu - sdd))
        // Theta from the middle node two steps ahead (same spot for CRR); per year.
        let theta = (v2.1 - price) / (2 * dt)
        return TreeValuation(price: price, delta: delta, gamma: gamma, theta: theta)
    }

    /// A call on the lattice (u, d, p, discount per step) valued in units of the node's spot (the underlying as
    /// numeraire): x = V/s obeys x(i, j) = max(disc·(p·u·x(i+1, j+1) + (1 − p)·d·x(i+1, j)), (1 − K/s)⁺), the direct
    /// recursion divided by s, so x stays below e^{|q|T} where V and s overflow. Node spots enter through logarithms only;
    /// the results are multiplied back by the (finite) spots of the first two levels.
    static func callInShares(american: Bool, spot: Double, strike: Double, u: Double, d: Double, logU: Double, logD: Double,
                             p: Double, disc: Double, steps n: Int, dt: Double,
                             workspace: inout BinomialWorkspace) -> TreeValuation {
        let logS = log(spot), logK = log(strike)
        let up = disc * p * u, down = disc * (1 - p) * d
        // (1 − K/s)⁺ at node (i, j), j ups of i: K/s = e^{log K − log s} (an underflow of s gives K/s = ∞ and 0 here).
        func exercise(_ i: Int, _ j: Int) -> Double {
            max(1 - exp(logK - (logS + Double(j) * logU + Double(i - j) * logD)), 0)
        }
        workspace.reserve(steps: n)
        var x1 = (0.0, 0.0), x2 = (0.0, 0.0, 0.0)
        workspace.values.withUnsafeMutableBufferPointer { buf in
            let x = buf.baseAddress!
            for j in 0...n { x[j] = exercise(n, j) }
            var i = n - 1
            while i >= 0 {
                for j in 0...i {
                    let cont = down * x[j] + up * x[j + 1]
                    if american {
                        let e = exercise(i, j)
                        x[j] = cont > e ? cont : e
                    } else {
                        x[j] = cont
                    }
                }
                if i == 2 { x2 = (x[0], x[1], x[2]) }
                if i == 1 { x1 = (x[0], x[1]) }
                i -= 1
            }
        }
        let su = spot * u, sd = spot * d
        let suu = spot * u * u, sud = spot * u * d, sdd = spot * d * d
        // Exercise at t = 0 in currency, so that an American price is never below intrinsic by a rounding.
        let price = american ? max(spot * workspace.values[0], spot - strike) : spot * workspace.values[0]
        let v1 = (sd * x1.0, su * x1.1), v2 = (sdd * x2.0, sud * x2.1, suu * x2.2)
        let delta = slope(v1.1 - v1.0, su - sd)
        let gamma = slope(slope(v2.2 - v2.1, suu - sud) - slope(v2.1 - v2.0, sud - sdd), 0.5 * (suu - sdd))
        let theta = (v2.1 - price) / (2 * dt)
        return TreeValuation(price: price, delta: delta, gamma: gamma, theta: theta)
    }

    /// A node's spot S·eˣ: the plain product where eˣ is a normal number (as always before), else e^{log S + x}, so that
    /// a tiny spot on a wide lattice (S 1e-300, σ 10 over 100 years: e^{1000} overflows while S·e^{1000} ≈ e^{309} does
    /// not) gives the node's true spot instead of ∞ or NaN (found by the price fuzz target).
    @inline(__always) static func nodeSpot(_ spot: Double, _ logSpot: Double, _ x: Double) -> Double {
        let e = exp(x)
        return e.isNormal ? spot * e : exp(logSpot + x)
    }

    /// A finite-difference quotient of the lattice's first levels, 0 where the nodes coincide or leave the Double range
    /// (a lattice so coarse that its moves underflow: σ²Δt/2 past ~700 on the equal-probability lattice), never 0/0.
    static func slope(_ dv: Double, _ ds: Double) -> Double {
        let q = dv / ds
        return q.isFinite ? q : 0
    }

    /// Convenience: values one option with a fresh workspace.
    public static func value(right: OptionRight, exercise: ExerciseStyle, spot: Double, strike: Double, time: Double,
                             rate: Double, dividendYield: Double, volatility: Double,
                             steps: Int = defaultSteps) -> TreeValuation {
        var ws = BinomialWorkspace(steps: steps)
        return value(right: right, exercise: exercise, spot: spot, strike: strike, time: time, rate: rate,
                     dividendYield: dividendYield, volatility: volatility, steps: steps, workspace: &ws)
    }

    /// Price and all Greeks. Delta, gamma, theta from the tree; vega, rho and dividend rho by central differences
    /// of re-priced trees with the same steps (bumps: σ ± 0.001, r ± 1e-4, q ± 1e-4; results per 1.00).
    public static func greeks(right: OptionRight, exercise: ExerciseStyle, spot: Double, strike: Double, time: Double,
                              rate: Double, dividendYield: Double, volatility: Double, steps: Int = defaultSteps,
                              workspace: inout BinomialWorkspace) -> BlackScholesGreeks {
        func px(_ r: Double, _ q: Double, _ v: Double) -> Double {
            value(right: right, exercise: exercise, spot: spot, strike: strike, time: time, rate: r, dividendYield: q,
                  volatility: v, steps: steps, workspace: &workspace).price
        }
        let base = value(right: right, exercise: exercise, spot: spot, strike: strike, time: time, rate: rate,
                         dividendYield: dividendYield, volatility: volatility, steps: steps, workspace: &workspace)
        guard time > 0 else {
            return BlackScholesGreeks(price: base.price, delta: base.delta, gamma: 0, vega: 0, theta: 0, rho: 0, dividendRho: 0)
        }
        let hv = min(1e-3, 0.5 * volatility), hr = 1e-4
        let vega = hv > 0 ? (px(rate, dividendYield, volatility + hv) - px(rate, dividendYield, volatility - hv)) / (2 * hv)
            : (px(rate, dividendYield, 1e-3) - base.price) / 1e-3
        let rho = (px(rate + hr, dividendYield, volatility) - px(rate - hr, dividendYield, volatility)) / (2 * hr)
        let qrho = (px(rate, dividendYield + hr, volatility) - px(rate, dividendYield - hr, volatility)) / (2 * hr)
        return BlackScholesGreeks(price: base.price, delta: base.delta, gamma: base.gamma, vega: vega, theta: base.theta,
                                  rho: rho, dividendRho: qrho)
    }

    /// Zero-volatility value: the spot follows its forward; early exercise at the best grid date (American).
    static func deterministic(w: Double, american: Bool, spot: Double, strike: Double, time: Double, rate: Double,
                              dividendYield: Double, steps: Int) -> TreeValuation {
        func valueAt(_ s0: Double, _ t0: Double) -> Double {
            // Option bought at time t0 with spot s0, expiring at `time`.
            let span = time - t0
            var best = 0.0
            let first = american ? 0 : steps
            for i in first...steps {
                let t = span * Double(i) / Double(steps)
                let s = s0 * exp((rate - dividendYield) * t)
                best = max(best, exp(-rate * t) * max(w * (s - strike), 0))
            }
            return best
        }
        let price = valueAt(spot, 0)
        let h = 1e-4 * max(spot, 1e-12)
        let delta = (valueAt(spot + h, 0) - valueAt(max(spot - h, 0), 0)) / (spot + h - max(spot - h, 0))
        let dt = time / Double(steps)
        let theta = (valueAt(spot, dt) - price) / dt
        return TreeValuation(price: price, delta: delta, gamma: 0, theta: theta)
    }
}
