#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import Dispatch
import Instruments
import QuantMath

/// Price and sensitivities of one European option under Black–Scholes–Merton.
///
/// Units (per unit of underlying, i.e. for one share, not one contract):
/// - `price` in the underlying's currency;
/// - `delta` = ∂V/∂S (dimensionless), `gamma` = ∂²V/∂S² (per currency unit);
/// - `vega` = ∂V/∂σ per 1.00 of volatility (divide by 100 for "per vol point");
/// - `theta` = ∂V/∂t per year of calendar time (ACT/365F) = −∂V/∂T; negative for time decay;
/// - `rho` = ∂V/∂r and `dividendRho` = ∂V/∂q, per 1.00 of rate (divide by 100 for "per 1%").
public struct BlackScholesGreeks: Sendable, Equatable {
    public let price, delta, gamma, vega, theta, rho, dividendRho: Double

    public init(price: Double, delta: Double, gamma: Double, vega: Double, theta: Double, rho: Double, dividendRho: Double) {
        self.price = price
        self.delta = delta
        self.gamma = gamma
        self.vega = vega
        self.theta = theta
        self.rho = rho
        self.dividendRho = dividendRho
    }
}

/// Black–Scholes–Merton for European options with a continuous dividend yield `q`.
///
/// Conventions: `time` in years (ACT/365F from dates); `rate`, `dividendYield` continuously compounded
/// fractions per year (negative values allowed); `volatility` a fraction per √year (0.45 = 45%).
///
/// Degenerate inputs never trap and never produce NaN (for finite inputs):
/// - `time ≤ 0` (expiry today or past): intrinsic value `max(±(S − K), 0)`, undiscounted; delta 1/−1 in the money,
///   0 out of the money, and **±½ exactly at the money** (the T → 0⁺ limit of BSM delta; it keeps
///   call delta − put delta = 1). All other Greeks are 0.
/// - `volatility·√time == 0` (zero vol), or a non-positive spot or strike: the deterministic value
///   `max(±(S·e^{−qT} − K·e^{−rT}), 0)` (discounted forward intrinsic); delta `±e^{−qT}` when in the money
///   forward, ½·(±e^{−qT}) exactly at the money forward; theta/rho/dividend rho from the same expression;
///   gamma and vega 0.
/// - Tiny positive `volatility·√time`, deep in/out of the money, negative rates, `q > r`: the general formula,
///   which is finite there (tail probabilities use `erfc`, so deep OTM prices keep their relative accuracy down to the
///   subnormal range, where the difference of the two tail terms can round below zero: prices are floored at 0).
public enum BlackScholes {
    /// Exercise value max(S − K, 0) for a call, max(K − S, 0) for a put: the value at or after expiry.
    @inlinable
    public static func intrinsic(right: OptionRight, spot: Double, strike: Double) -> Double {
        right == .call ? max(spot - strike, 0) : max(strike - spot, 0)
    }

    /// BSM price of one European option (per unit of underlying).
    @inlinable
    public static func price(right: OptionRight, spot: Double, strike: Double, time: Double, rate: Double,
                             dividendYield: Double, volatility: Double) -> Double {
        if !(time > 0) { return BlackScholes.intrinsic(right: right, spot: spot, strike: strike) }
        let sd = volatility * time.squareRoot()
        let dq = exp(-dividendYield * time)
        let df = exp(-rate * time)
        if !(sd > 0 && spot > 0 && strike > 0) {
            let fwd = spot * dq - strike * df
            return right == .call ? max(fwd, 0) : max(-fwd, 0)
        }
        let d1 = (log(spot / strike) + (rate - dividendYield) * time) / sd + 0.5 * sd
        let d2 = d1 - sd
        // Never below 0: far out of the money both terms are subnormal and their difference can round below zero.
        if right == .call {
            return max(spot * dq * Normal.cdf(d1) - strike * df * Normal.cdf(d2), 0)
        } else {
            return max(strike * df * Normal.cdf(-d2) - spot * dq * Normal.cdf(-d1), 0)
        }
    }

    /// BSM price and all first-order Greeks plus gamma (units in `BlackScholesGreeks`).
    @inlinable
    public static func greeks(right: OptionRight, spot: Double, strike: Double, time: Double, rate: Double,
                              dividendYield: Double, volatility: Double) -> BlackScholesGreeks {
        let w: Double = right == .call ? 1 : -1
        if !(time > 0) {
            let intrinsic = max(w * (spot - strike), 0)
            let delta: Double = spot == strike ? 0.5 * w : (intrinsic > 0 ? w : 0)
            return BlackScholesGreeks(price: intrinsic, delta: delta, gamma: 0, vega: 0, theta: 0, rho: 0, dividendRho: 0)
        }
        let sqrtT = time.squareRoot()
        let sd = volatility * sqrtT
        let dq = exp(-dividendYield * time)
        let df = exp(-rate * time)
        let sq = spot * dq
        let kd = strike * df
        if !(sd > 0 && spot > 0 && strike > 0) {
            // Deterministic payoff: V = max(w(S e^{-qT} − K e^{-rT}), 0).
            let fwd = w * (sq - kd)
            let weight: Double = fwd > 0 ? 1 : (fwd == 0 ? 0.5 : 0)
            return BlackScholesGreeks(
                price: max(fwd, 0),
                delta: weight * w * dq,
                gamma: 0,
                vega: 0,
                theta: weight * w * (dividendYield * sq - rate * kd),
                rho: weight * w * time * kd,
                dividendRho: -weight * w * time * sq)
        }
        let d1 = (log(spot / strike) + (rate - dividendYield) * time) / sd + 0.5 * sd
        let d2 = d1 - sd
        // N(w·d1), N(w·d2): evaluated directly in the tail that matters (no 1 − N cancellation).
        let n1 = Normal.cdf(w * d1)
        let n2 = Normal.cdf(w * d2)
        let pdf1 = Normal.pdf(d1)
        let a = sq * n1
        let b = kd * n2
        let sqPdf = sq * pdf1
        return BlackScholesGreeks(
            price: max(w * (a - b), 0),
            delta: w * dq * n1,
            // φ(d1) = 0 (|d1| > 38.6) is a gamma of 0, also when S·σ√T underflows to 0 (0/0 would be NaN).
            gamma: pdf1 == 0 ? 0 : dq * pdf1 / (spot * sd),
            vega: sqPdf * sqrtT,
            theta: -0.5 * sqPdf * volatility / sqrtT + w * (dividendYield * a - rate * b),
            rho: w * time * b,
            dividendRho: -w * time * a)
    }
}

/// Price and Greeks of many European options, struct-of-arrays (entry i of each array is option i; units as in
/// ``BlackScholesGreeks``).
public struct BlackScholesGreeksBatch: Sendable, Equatable {
    public var price, delta, gamma, vega, theta, rho, dividendRho: [Double]

    /// `count` options, every output 0.
    public init(count: Int) {
        price = [Double](repeating: 0, count: count)
        delta = price; gamma = price; vega = price; theta = price; rho = price; dividendRho = price
    }

    public var count: Int { price.count }

    /// `count` entries left uninitialised (every entry is written by the batch before it is returned), so the batch
    /// pays no zero fill and the first touch of each page happens in the worker that writes it.
    init(uninitialized count: Int) {
        func raw() -> [Double] { [Double](unsafeUninitializedCapacity: count) { _, c in c = count } }
        price = raw(); delta = raw(); gamma = raw(); vega = raw(); theta = raw(); rho = raw(); dividendRho = raw()
    }

    /// Option `i` as one ``BlackScholesGreeks``.
    public subscript(i: Int) -> BlackScholesGreeks {
        BlackScholesGreeks(price: price[i], delta: delta[i], gamma: gamma[i], vega: vega[i], theta: theta[i], rho: rho[i],
                           dividendRho: dividendRho[i])
    }
}

extension BlackScholes {
    /// BSM price and Greeks of a batch of options sharing one rate and dividend yield (struct-of-arrays in and out).
    ///
    /// Every entry is **bit-identical** to ``greeks(right:spot:strike:time:rate:dividendYield:volatility:)`` on the same
    /// inputs, degenerate cases included, whatever `workers` is: the batch only removes the per-call overhead (one pass
    /// over contiguous arrays, outputs written in place) and can split the options into `workers` contiguous ranges run
    /// concurrently (each range writes disjoint entries). `workers: nil` uses the machine's online cores (at most 8);
    /// ranges below 16,384 options are not split.
    /// - Precondition: `rights`, `spots`, `strikes`, `times` and `volatilities` have the same count.
    public static func greeks(rights: [OptionRight], spots: [Double], strikes: [Double], times: [Double],
                              volatilities: [Double], rate: Double, dividendYield: Double,
                              workers: Int? = nil) -> BlackScholesGreeksBatch {
        let n = rights.count
        precondition(spots.count == n && strikes.count == n && times.count == n && volatilities.count == n,
                     "BlackScholes.greeks: input arrays must have the same count")
        if n == 0 { return BlackScholesGreeksBatch(count: 0) }
        var out = BlackScholesGreeksBatch(uninitialized: n)
        let nw = max(1, min(workers ?? maxWorkers, n / 16_384))
        rights.withUnsafeBufferPointer { rt in
        spots.withUnsafeBufferPointer { sp in
        strikes.withUnsafeBufferPointer { kp in
        times.withUnsafeBufferPointer { tp in
        volatilities.withUnsafeBufferPointer { vp in
        out.price.withUnsafeMutableBufferPointer { o0 in
        out.delta.withUnsafeMutableBufferPointer { o1 in
        out.gamma.withUnsafeMutableBufferPointer { o2 in
        out.vega.withUnsafeMutableBufferPointer { o3 in
        out.theta.withUnsafeMutableBufferPointer { o4 in
        out.rho.withUnsafeMutableBufferPointer { o5 in
        out.dividendRho.withUnsafeMutableBufferPointer { o6 in
            let io = BatchPointers(
                rights: rt.baseAddress!, spots: sp.baseAddress!, strikes: kp.baseAddress!, times: tp.baseAddress!,
                vols: vp.baseAddress!, price: o0.baseAddress!, delta: o1.baseAddress!, gamma: o2.baseAddress!,
                vega: o3.baseAddress!, theta: o4.baseAddress!, rho: o5.baseAddress!, dividendRho: o6.baseAddress!)
            if nw == 1 {
                greeksRange(io, 0, n, rate, dividendYield)
            } else {
                let chunk = (n + nw - 1) / nw
                DispatchQueue.concurrentPerform(iterations: nw) { w in
                    let lo = w * chunk, hi = min(n, lo + chunk)
                    if lo < hi { greeksRange(io, lo, hi, rate, dividendYield) }
                }
            }
        }}}}}}}}}}}}
        return out
    }

    /// Worker threads for `workers: nil` (the machine's online cores, at most 8).
    static let maxWorkers = min(8, max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))

    /// Raw pointers of a batch; concurrent workers only write disjoint index ranges.
    struct BatchPointers: @unchecked Sendable {
        let rights: UnsafePointer<OptionRight>
        let spots, strikes, times, vols: UnsafePointer<Double>
        let price, delta, gamma, vega, theta, rho, dividendRho: UnsafeMutablePointer<Double>
    }

    static func greeksRange(_ p: BatchPointers, _ lo: Int, _ hi: Int, _ rate: Double, _ q: Double) {
        for i in lo..<hi {
            let g = greeks(right: p.rights[i], spot: p.spots[i], strike: p.strikes[i], time: p.times[i], rate: rate,
                           dividendYield: q, volatility: p.vols[i])
            p.price[i] = g.price; p.delta[i] = g.delta; p.gamma[i] = g.gamma; p.vega[i] = g.vega
            p.theta[i] = g.theta; p.rho[i] = g.rho; p.dividendRho[i] = g.dividendRho
        }
    }
}
