#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
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
///   which is finite there (tail probabilities use `erfc`, so deep OTM prices keep their relative accuracy).
public enum BlackScholes {
    /// BSM price of one European option (per unit of underlying).
    @inlinable
    public static func price(right: OptionRight, spot: Double, strike: Double, time: Double, rate: Double,
                             dividendYield: Double, volatility: Double) -> Double {
        if !(time > 0) {
            return right == .call ? max(spot - strike, 0) : max(strike - spot, 0)
        }
        let sd = volatility * time.squareRoot()
        let dq = exp(-dividendYield * time)
        let df = exp(-rate * time)
        if !(sd > 0 && spot > 0 && strike > 0) {
            let fwd = spot * dq - strike * df
            return right == .call ? max(fwd, 0) : max(-fwd, 0)
        }
        let d1 = (log(spot / strike) + (rate - dividendYield) * time) / sd + 0.5 * sd
        let d2 = d1 - sd
        if right == .call {
            return spot * dq * Normal.cdf(d1) - strike * df * Normal.cdf(d2)
        } else {
            return strike * df * Normal.cdf(-d2) - spot * dq * Normal.cdf(-d1)
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
            price: w * (a - b),
            delta: w * dq * n1,
            gamma: dq * pdf1 / (spot * sd),
            vega: sqPdf * sqrtT,
            theta: -0.5 * sqPdf * volatility / sqrtT + w * (dividendYield * a - rate * b),
            rho: w * time * b,
            dividendRho: -w * time * a)
    }
}
