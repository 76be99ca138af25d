#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import Instruments
import QuantMath

/// Bjerksund–Stensland (2002) closed-form approximation of American options under Black–Scholes–Merton with a
/// continuous dividend yield `q` (Bjerksund & Stensland, "Closed Form Valuation of American Options", 2002).
///
/// Method. A call is valued as the holder of the exercise policy "exercise as soon as S reaches the flat trigger I₂
/// during [0, t₁], or the flat trigger I₁ during [t₁, T]", t₁ = ½(√5 − 1)·T, with
/// I(t) = B₀ + (B∞ − B₀)(1 − e^{h(t)}), h(t) = −(bt + 2σ√t)·K²/((B∞ − B₀)·B₀), B∞ = β/(β − 1)·K,
/// B₀ = max(K, (r/q)·K), b = r − q and β the positive root of ½σ²β(β − 1) + bβ − r = 0. The value is a sum of
/// univariate and bivariate normal probabilities (the bivariate ones with correlation ±√(t₁/T)); being the value of
/// one feasible exercise policy it is a lower bound of the true American price (up to the heuristics below).
/// Puts use the put–call transformation P(S, K, T, r, q, σ) = C(K, S, T, q, r, σ).
///
/// Accuracy against a 1,000-step CRR tree (`BjerksundStenslandTests`): within 1e-3 × spot where σ√T < 0.3; beyond
/// that the heuristic triggers exercise too early and the price falls short by up to about 2.5e-2 × spot in the
/// money (e.g. a 2-year put at 100% vol, S/K = 0.6: 58.03 against 59.56), and by up to 6.7e-3 × spot for the thesis
/// book's MU puts (80%–110% vol, 5 months) after a 50% fall. Use a tree or a finite-difference engine where that
/// matters.
///
/// Conventions as in ``BlackScholes`` (per unit of underlying; `time` in years ACT/365F; `rate`, `dividendYield`
/// continuously compounded fractions per year; `volatility` a fraction per √year).
///
/// Domain: finite inputs. The result is never NaN and always ≥ max(European BSM price, intrinsic value); it is the
/// 2002 approximation whenever spot, strike > 0, σ√T ≥ 1e-8 and early exercise can be optimal under a single upper
/// (call) / lower (put) boundary. Degenerate and special cases:
/// - `time ≤ 0`: intrinsic value `max(±(S − K), 0)`.
/// - `volatility·√time < 1e-8`, or a non-positive spot or strike: the deterministic value — the best of exercising at
///   any t ∈ [0, T] when the spot follows its forward, `max over t of e^{−rt}·max(±(S e^{(r−q)t} − K), 0)` (for a
///   European option only t = T counts; an American one may be worth more, e.g. a put with r > 0 deep in the money).
/// - Call with `q ≤ 0` (b ≥ r; put: `r ≤ 0`): `max(European, intrinsic)`. This is the American value when
///   additionally r ≥ q (put: q ≥ r), where early exercise is never optimal (Merton 1973) — it then equals the
///   European price exactly. The remaining case r < q ≤ 0 (put: q < r ≤ 0) has two exercise boundaries, outside the
///   2002 method; the value returned there is a lower bound only.
/// - Trigger heuristic with strongly negative carry (b < 0 and t > σ²/b²; e.g. a 30-year put at 10% vol): the paper's
///   bt + 2σ√t falls with t after t = σ²/b², which would put the triggers below B₀ and I₁ above I₂ (an infeasible
///   policy, or a negative trigger). It is held at its maximum (t replaced by min(t, σ²/b²)), so the triggers stay in
///   [B₀, B∞] and never fall with maturity. Below that maturity this is exactly the paper's formula.
/// - Low volatility relative to the carry (σ²/|b| small): the bivariate terms become differences of a huge factor
///   (I/S)^κ times a tiny probability, which double precision cannot form reliably. When such a factor would exceed
///   e^{30} the one-step (single flat trigger I₂ over [0, T]) form of the same approximation is used instead, whose
///   univariate terms are evaluated in a form that stays accurate; both are values of feasible exercise policies.
public enum BjerksundStensland {
    /// Below this σ√T the deterministic value is returned (the difference to the volatile value is ≲ 0.4·S·σ√T).
    public static let minimumStandardDeviation = 1e-8

    /// Bjerksund–Stensland (2002) price of one American option (per unit of underlying).
    @inlinable
    public static func price(right: OptionRight, spot: Double, strike: Double, time: Double, rate: Double,
                             dividendYield: Double, volatility: Double) -> Double {
        if !(time > 0) { return BlackScholes.intrinsic(right: right, spot: spot, strike: strike) }
        let sd = volatility * time.squareRoot()
        if !(sd >= minimumStandardDeviation && spot > 0 && strike > 0) {
            return right == .call
                ? deterministicCall(spot: spot, strike: strike, time: time, rate: rate, dividendYield: dividendYield)
                : deterministicCall(spot: strike, strike: spot, time: time, rate: dividendYield, dividendYield: rate)
        }
        let european = BlackScholes.price(right: right, spot: spot, strike: strike, time: time, rate: rate,
                                          dividendYield: dividendYield, volatility: volatility)
        let intrinsic = right == .call ? max(spot - strike, 0) : max(strike - spot, 0)
        // Put–call transformation: P(S, K, T, r, q, σ) = C(K, S, T, q, r, σ).
        let american = right == .call
            ? callValue(spot: spot, strike: strike, time: time, rate: rate, dividendYield: dividendYield, volatility: volatility)
            : callValue(spot: strike, strike: spot, time: time, rate: dividendYield, dividendYield: rate, volatility: volatility)
        return max(american, european, intrinsic)
    }

    /// Price and Greeks by finite differences of ``price(right:spot:strike:time:rate:dividendYield:volatility:)``
    /// (units and signs as in ``BlackScholesGreeks``):
    /// - delta, gamma: central differences in spot, bump h = 1e-4·S;
    /// - vega: central difference in σ, ±1e-4 (σ < 1e-4: forward difference σ → σ + 1e-4);
    /// - theta = ∂V/∂t = −∂V/∂T per year: central difference in `time`, ±min(1e-5, T/10) (so the bump never crosses
    ///   expiry);
    /// - rho, dividend rho: central differences in r and q, ±1e-5.
    /// `time ≤ 0`: intrinsic value with the delta of ``BlackScholes`` (±1 in, 0 out of the money, ±½ at the money);
    /// the other Greeks are 0. Near the exercise boundary, or where the price switches branch (e.g. a call at q = 0),
    /// the differences straddle a kink and give the average of the one-sided slopes.
    public static func greeks(right: OptionRight, spot: Double, strike: Double, time: Double, rate: Double,
                              dividendYield: Double, volatility: Double) -> BlackScholesGreeks {
        if !(time > 0) {
            let w: Double = right == .call ? 1 : -1
            let intrinsic = max(w * (spot - strike), 0)
            let delta: Double = spot == strike ? 0.5 * w : (intrinsic > 0 ? w : 0)
            return BlackScholesGreeks(price: intrinsic, delta: delta, gamma: 0, vega: 0, theta: 0, rho: 0, dividendRho: 0)
        }
        func v(_ s: Double, _ t: Double, _ r: Double, _ q: Double, _ sigma: Double) -> Double {
            price(right: right, spot: s, strike: strike, time: t, rate: r, dividendYield: q, volatility: sigma)
        }
        let p = v(spot, time, rate, dividendYield, volatility)
        let hs = 1e-4 * abs(spot)
        var delta = 0.0, gamma = 0.0
        if hs > 0 {
            let up = v(spot + hs, time, rate, dividendYield, volatility)
            let down = v(spot - hs, time, rate, dividendYield, volatility)
            delta = (up - down) / (2 * hs)
            gamma = (up - 2 * p + down) / (hs * hs)
        }
        let hv = 1e-4
        let vega = volatility >= hv
            ? (v(spot, time, rate, dividendYield, volatility + hv) - v(spot, time, rate, dividendYield, volatility - hv)) / (2 * hv)
            : (v(spot, time, rate, dividendYield, volatility + hv) - p) / hv
        let ht = min(1e-5, 0.1 * time)
        let theta = -(v(spot, time + ht, rate, dividendYield, volatility) - v(spot, time - ht, rate, dividendYield, volatility)) / (2 * ht)
        let hr = 1e-5
        let rho = (v(spot, time, rate + hr, dividendYield, volatility) - v(spot, time, rate - hr, dividendYield, volatility)) / (2 * hr)
        let dividendRho = (v(spot, time, rate, dividendYield + hr, volatility) - v(spot, time, rate, dividendYield - hr, volatility)) / (2 * hr)
        return BlackScholesGreeks(price: p, delta: delta, gamma: gamma, vega: vega, theta: theta, rho: rho,
                                  dividendRho: dividendRho)
    }
}

// MARK: - Call approximation

extension BjerksundStensland {
    /// t₁/T = ½(√5 − 1), the paper's split of [0, T]; the bivariate terms have correlation ±√(t₁/T).
    @usableFromInline static let splitFraction = 0.5 * (5.0.squareRoot() - 1)

    /// Largest log of an image factor (I/S)^κ accepted in the bivariate terms; above it the one-step form is used.
    static let maxLogImageFactor = 30.0

    /// Raw approximation of an American call (no lower bounds applied). Requires spot, strike, time > 0 and
    /// volatility·√time > 0. Returns −∞ when the method does not apply (q ≤ 0: the caller's European/intrinsic bound
    /// is then the answer).
    @usableFromInline
    static func callValue(spot s: Double, strike k: Double, time t: Double, rate r: Double, dividendYield q: Double,
                          volatility vol: Double) -> Double {
        guard q > 0 else { return -.infinity }
        let p = CallParameters(strike: k, rate: r, dividendYield: q, volatility: vol)
        let t1 = splitFraction * t
        let i1 = p.trigger(time: t1), i2 = p.trigger(time: t)
        guard i2.isFinite, i1.isFinite else { return -.infinity }
        if s >= i2 { return s - k }
        // Largest log factor multiplying a bivariate probability: the image factors (I₂/S)^κ, (I₁/S)^κ (≥ 1 when
        // κ ≥ 0), (I₁/I₂)^κ (≥ 1 when κ ≤ 0) for γ ∈ {0, 1, β}, and (S/I₁)^β (> 1 when I₁ < S < I₂).
        let lnI2S = log(i2 / s), lnI1S = log(i1 / s), lnI1I2 = log(i1 / i2)
        var worst = p.beta * -lnI1S
        for kappa in [p.kappa(0), p.kappa(1), p.kappa(p.beta)] {
            worst = max(worst, kappa * lnI2S, kappa * lnI1S, kappa * lnI1I2)
        }
        if worst > maxLogImageFactor {
            return flatTriggerCall(spot: s, parameters: p, time: t, trigger: i2)
        }
        return twoStepCall(spot: s, parameters: p, time: t, t1: t1, i1: i1, i2: i2)
    }

    /// The quantities of the call approximation that do not depend on spot or time.
    struct CallParameters {
        let k, r, q, b, sigma, variance: Double
        /// Positive root of ½σ²β(β − 1) + bβ − r = 0 (> 1 since q > 0).
        let beta: Double
        /// B∞ = β/(β − 1)·K (perpetual trigger) and B₀ = max(K, (r/q)·K) (trigger at expiry).
        let bInfinity, b0: Double

        init(strike: Double, rate: Double, dividendYield: Double, volatility: Double) {
            k = strike; r = rate; q = dividendYield; b = rate - dividendYield; sigma = volatility
            variance = volatility * volatility
            // β = −A + √(A² + c), A = b/σ² − ½, c = 2r/σ²; written as c/(A + √(A² + c)) when A > 0 (no cancellation).
            let a = b / variance - 0.5, c = 2 * r / variance
            let root = (a * a + c).squareRoot()
            beta = a > 0 ? c / (a + root) : root - a
            bInfinity = beta / (beta - 1) * k
            b0 = r > 0 ? max(k, r / q * k) : k
        }

        /// κ(γ) = 2b/σ² + 2γ − 1.
        func kappa(_ gamma: Double) -> Double { 2 * b / variance + 2 * gamma - 1 }

        /// Flat trigger for an option with `time` left: I = B₀ + (B∞ − B₀)(1 − e^h), h = −(bt + 2σ√t)·K²/((B∞ − B₀)B₀),
        /// with t held at σ²/b² when b < 0 and t is larger (bt + 2σ√t is largest there; see the type's documentation).
        func trigger(time: Double) -> Double {
            let spread = bInfinity - b0
            guard spread > 0 else { return b0 }
            guard spread.isFinite else { return .infinity }
            let te = b < 0 ? min(time, variance / (b * b)) : time
            let h = -(b * te + 2 * sigma * te.squareRoot()) * (k * k) / (spread * b0)
            return b0 - spread * expm1(h)
        }
    }

    /// The 2002 formula (two flat triggers: I₂ on [0, t₁], I₁ on [t₁, T]); spot below I₂.
    static func twoStepCall(spot s: Double, parameters p: CallParameters, time t: Double, t1: Double, i1: Double,
                            i2: Double) -> Double {
        let k = p.k, beta = p.beta
        let lnS = log(s)
        let lnI1 = log(i1), lnI2 = log(i2), lnK = log(k)
        let v1 = p.sigma * t1.squareRoot(), v2 = p.sigma * t.squareRoot()
        let discount1 = exp(-p.r * t1), dividend1 = exp(-p.q * t1)
        let discount2 = exp(-p.r * t), dividend2 = exp(-p.q * t)

        // φ(S, t₁, γ, H, I₂) / (e^{λt₁} S^γ) for H = I₂ and H = I₁.
        func phi(_ gamma: Double, lnH: Double) -> Double {
            phiBracket(lnSH: lnS - lnH, lnIS: lnI2 - lnS, lnIH: lnI2 - lnH, drift: (p.b + (gamma - 0.5) * p.variance) * t1,
                       sd: v1, kappa: p.kappa(gamma))
        }
        // ψ(S, T, γ, H, I₂, I₁, t₁) / (e^{λT} S^γ).
        func psi(_ gamma: Double, lnH: Double) -> Double {
            let m = p.b + (gamma - 0.5) * p.variance
            let kappa = p.kappa(gamma)
            let lnSI1 = lnS - lnI1, lnI2S = lnI2 - lnS, lnSH = lnS - lnH
            let e1 = (lnSI1 + m * t1) / v1
            let e2 = (2 * lnI2S + lnSI1 + m * t1) / v1
            let e3 = (lnSI1 - m * t1) / v1
            let e4 = (2 * lnI2S + lnSI1 - m * t1) / v1
            let f1 = (lnSH + m * t) / v2
            let f2 = (2 * lnI2S + lnSH + m * t) / v2
            let f3 = (2 * (lnI1 - lnS) + lnSH + m * t) / v2
            let f4 = (lnSH + 2 * (lnI1 - lnI2) + m * t) / v2
            return BivariateNormal.plus.cdf(-e1, -f1)
                - scaled(kappa * lnI2S, BivariateNormal.plus.cdf(-e2, -f2))
                - scaled(kappa * (lnI1 - lnS), BivariateNormal.minus.cdf(-e3, -f3))
                + scaled(kappa * (lnI1 - lnI2), BivariateNormal.minus.cdf(-e4, -f4))
        }
        // α·S^β·e^{λ t} with λ(β) = 0 (β solves the quadratic): (I − K)·(S/I)^β.
        let a2 = (i2 - k) * exp(beta * (lnS - lnI2))
        let a1 = (i1 - k) * exp(beta * (lnS - lnI1))
        var v = a2 * (1 - phi(beta, lnH: lnI2))
        v += s * dividend1 * (phi(1, lnH: lnI2) - phi(1, lnH: lnI1))
        v -= k * discount1 * (phi(0, lnH: lnI2) - phi(0, lnH: lnI1))
        v += a1 * (phi(beta, lnH: lnI1) - psi(beta, lnH: lnI1))
        v += s * dividend2 * (psi(1, lnH: lnI1) - psi(1, lnH: lnK))
        v -= k * discount2 * (psi(0, lnH: lnI1) - psi(0, lnH: lnK))
        return v
    }

    /// One flat trigger I over [0, T] (the 1993 form of the approximation; used by the 2002 pricer where the bivariate
    /// terms cannot be formed in double precision). Spot below the trigger.
    static func flatTriggerCall(spot s: Double, parameters p: CallParameters, time t: Double, trigger i: Double) -> Double {
        let k = p.k, beta = p.beta
        let lnS = log(s), lnI = log(i), lnK = log(k)
        let sd = p.sigma * t.squareRoot()
        func phi(_ gamma: Double, lnH: Double) -> Double {
            phiBracket(lnSH: lnS - lnH, lnIS: lnI - lnS, lnIH: lnI - lnH, drift: (p.b + (gamma - 0.5) * p.variance) * t,
                       sd: sd, kappa: p.kappa(gamma))
        }
        let alpha = (i - k) * exp(beta * (lnS - lnI))
        var v = alpha * (1 - phi(beta, lnH: lnI))
        v += s * exp(-p.q * t) * (phi(1, lnH: lnI) - phi(1, lnH: lnK))
        v -= k * exp(-p.r * t) * (phi(0, lnH: lnI) - phi(0, lnH: lnK))
        return v
    }

    /// The 1993 approximation (one flat trigger with h = −(bT + 2σ√T)·B₀/(B∞ − B₀)), as QuantLib's
    /// BjerksundStenslandApproximationEngine computes it; for tests of the shared building blocks. Call only, q > 0,
    /// spot, strike, time, σ > 0; no lower bounds applied.
    static func call1993(spot s: Double, strike k: Double, time t: Double, rate r: Double, dividendYield q: Double,
                         volatility vol: Double) -> Double {
        let p = CallParameters(strike: k, rate: r, dividendYield: q, volatility: vol)
        let spread = p.bInfinity - p.b0
        let h = -(p.b * t + 2 * vol * t.squareRoot()) * p.b0 / spread
        let i = p.b0 - spread * expm1(h)
        if s >= i { return s - k }
        return flatTriggerCall(spot: s, parameters: p, time: t, trigger: i)
    }

    /// φ/(e^{λt}S^γ) = N(−d) − (I/S)^κ·N(−d − 2 ln(I/S)/v), d = (ln(S/H) + drift)/v, for S < I and H ≤ I.
    ///
    /// The image term is formed without overflow: (I/S)^κ·N(x) = e^{−d²/2 − 2 ln(I/S)·ln(I/H)/v²}·N(x)/𝜑(x)/√(2π)
    /// (complete the square in x = −d − 2 ln(I/S)/v, using κv² = 2·drift), with the Mills ratio N(x)/𝜑(x) by its
    /// asymptotic series in the far tail.
    static func phiBracket(lnSH: Double, lnIS: Double, lnIH: Double, drift: Double, sd: Double, kappa: Double) -> Double {
        let d = (lnSH + drift) / sd
        let x = -d - 2 * lnIS / sd
        let logFactor = kappa * lnIS
        let image: Double
        if x > -30 {
            // N(x) ≥ 5e-198 here and the product is at most N(−d) ≤ 1, so e^{logFactor} cannot overflow.
            image = exp(logFactor) * Normal.cdf(x)
        } else {
            image = exp(-0.5 * d * d - 2 * lnIS * lnIH / (sd * sd)) * millsRatio(x) * 0.398_942_280_401_432_677_94
        }
        return Normal.cdf(-d) - image
    }

    /// N(x)/𝜑(x) for x < 0 (for x ≥ −30 directly; below, 1/|x|·Σ (−1)ⁿ(2n−1)!!/x²ⁿ to 8 terms, error < 1e-17).
    static func millsRatio(_ x: Double) -> Double {
        if x > -30 { return Normal.cdf(x) / Normal.pdf(x) }
        let y = 1 / (x * x)
        var term = 1.0, sum = 1.0
        for n in 1...8 {
            term *= -Double(2 * n - 1) * y
            sum += term
        }
        return -sum / x
    }

    /// e^{logFactor}·m without overflow (m ≥ 0).
    @inline(__always)
    static func scaled(_ logFactor: Double, _ m: Double) -> Double {
        if m == 0 { return 0 }
        return logFactor < 700 ? exp(logFactor) * m : exp(logFactor + log(m))
    }

    /// Deterministic American call (σ√T = 0): the spot follows its forward S·e^{(r−q)t}, and the holder exercises at
    /// the best t ∈ [0, T]: max(0, max over t of S e^{−qt} − K e^{−rt}). The inner function has at most one stationary
    /// point, t* = ln(rK/(qS))/(r − q), so the maximum is at 0, T or t*. Puts by the put–call transformation.
    @usableFromInline
    static func deterministicCall(spot s: Double, strike k: Double, time t: Double, rate r: Double,
                                  dividendYield q: Double) -> Double {
        func f(_ u: Double) -> Double { s * exp(-q * u) - k * exp(-r * u) }
        var best = max(0, f(0), f(t))
        if r != q && s > 0 && k > 0 {
            let ratio = (r * k) / (q * s)
            if ratio > 0 && ratio.isFinite {
                let u = log(ratio) / (r - q)
                if u > 0 && u < t { best = max(best, f(u)) }
            }
        }
        return best
    }
}

// MARK: - Bivariate normal

/// Standard bivariate normal distribution function M(a, b; ρ) = P(X ≤ a, Y ≤ b) for one fixed correlation |ρ| < 0.925,
/// by Plackett's identity M = N(a)N(b) + (1/2π)∫₀^{asin ρ} exp(−(a² − 2ab·sin θ + b²)/(2cos²θ)) dθ with 20-point
/// Gauss–Legendre (Drezner & Wesolowsky 1990; Genz 2004 uses the same rule for 0.75 ≤ |ρ| < 0.925). Absolute error
/// about 1e-16; the nodes are tabulated once per correlation.
struct BivariateNormal: Sendable {
    /// sin θᵢ, 1/(1 − sin²θᵢ) and the weights times asin(ρ)/(4π), for the 20 nodes.
    let sines, secants, weights: [Double]

    init(rho: Double) {
        precondition(abs(rho) < 0.925, "BivariateNormal: |ρ| must be below 0.925")
        let asr = asin(rho)
        let (x, w) = BivariateNormal.gaussLegendre(20)
        sines = x.map { sin(asr * ($0 + 1) / 2) }
        secants = sines.map { 1 / (1 - $0 * $0) }
        weights = w.map { $0 * asr / (4 * Double.pi) }
    }

    func cdf(_ a: Double, _ b: Double) -> Double {
        // M ≤ min(N(a), N(b)) < 1e-323 below −38.5: zero in double precision (and no work).
        if a < -38.5 || b < -38.5 { return 0 }
        let hs = 0.5 * (a * a + b * b), ab = a * b
        var sum = 0.0
        for i in 0..<20 { sum += weights[i] * exp((sines[i] * ab - hs) * secants[i]) }
        return max(0, Normal.cdf(a) * Normal.cdf(b) + sum)
    }

    /// The two correlations of the 2002 approximation, ±√(t₁/T).
    static let plus = BivariateNormal(rho: BjerksundStensland.splitFraction.squareRoot())
    static let minus = BivariateNormal(rho: -BjerksundStensland.splitFraction.squareRoot())

    /// Nodes and weights of n-point Gauss–Legendre on [−1, 1] (Newton's method on the Legendre recurrence).
    static func gaussLegendre(_ n: Int) -> (nodes: [Double], weights: [Double]) {
        var nodes = [Double](repeating: 0, count: n), weights = nodes
        for i in 0..<(n + 1) / 2 {
            var x = cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
            var dp = 0.0
            for _ in 0..<100 {
                var p0 = 1.0, p1 = x
                for j in 2...n {
                    let p2 = ((2 * Double(j) - 1) * x * p1 - (Double(j) - 1) * p0) / Double(j)
                    p0 = p1; p1 = p2
                }
                dp = Double(n) * (x * p1 - p0) / (x * x - 1)
                let dx = p1 / dp
                x -= dx
                if abs(dx) < 1e-16 { break }
            }
            nodes[i] = -x; nodes[n - 1 - i] = x
            let wgt = 2 / ((1 - x * x) * dp * dp)
            weights[i] = wgt; weights[n - 1 - i] = wgt
        }
        return (nodes, weights)
    }
}
