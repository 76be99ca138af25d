#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// The regularised incomplete gamma functions and the chi-square distribution built on them.
///
/// P(a, x) = γ(a, x)/Γ(a) and Q(a, x) = Γ(a, x)/Γ(a) = 1 − P(a, x), for a > 0, x ≥ 0: the power series
/// P = e^{−x} x^a / Γ(a + 1) · Σ xⁿ / ((a+1)…(a+n)) when x < a + 1, else the continued fraction of Q (modified
/// Lentz), each to relative precision 1e-16 (Numerical Recipes §6.2; the complement is taken from whichever converges,
/// so both tails keep their relative accuracy). Checked against scipy.special.gammainc/gammaincc and
/// scipy.stats.chi2 (`tools/var_backtest_reference.py`, `IncompleteGammaTests`).
public enum IncompleteGamma {
    /// P(a, x); NaN for a ≤ 0, x < 0 or NaN inputs.
    public static func lowerRegularized(_ a: Double, _ x: Double) -> Double {
        guard a > 0, x >= 0, !x.isNaN else { return .nan }
        if x == 0 { return 0 }
        if x.isInfinite { return 1 }
        return x < a + 1 ? series(a, x) : 1 - continuedFraction(a, x)
    }

    /// Q(a, x) = 1 − P(a, x); NaN for a ≤ 0, x < 0 or NaN inputs.
    public static func upperRegularized(_ a: Double, _ x: Double) -> Double {
        guard a > 0, x >= 0, !x.isNaN else { return .nan }
        if x == 0 { return 1 }
        if x.isInfinite { return 0 }
        return x < a + 1 ? 1 - series(a, x) : continuedFraction(a, x)
    }

    /// e^{−x} x^a / Γ(a), computed in logs.
    static func prefactor(_ a: Double, _ x: Double) -> Double { exp(a * log(x) - x - lgamma(a)) }

    static func series(_ a: Double, _ x: Double) -> Double {
        var ap = a, term = 1 / a, sum = term
        for _ in 0..<10_000 {
            ap += 1
            term *= x / ap
            sum += term
            if abs(term) < abs(sum) * 1e-17 { break }
        }
        return sum * prefactor(a, x)
    }

    static func continuedFraction(_ a: Double, _ x: Double) -> Double {
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1...10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-17 { break }
        }
        return prefactor(a, x) * h
    }
}

/// The chi-square distribution with k > 0 degrees of freedom: CDF = P(k/2, x/2), survival = Q(k/2, x/2).
public enum ChiSquare {
    /// P(X ≤ x); 0 for x ≤ 0.
    public static func cdf(_ x: Double, degreesOfFreedom k: Double) -> Double {
        x <= 0 ? 0 : IncompleteGamma.lowerRegularized(k / 2, x / 2)
    }

    /// P(X > x) = 1 − CDF (the p-value of a likelihood-ratio statistic x), computed directly in the upper tail.
    public static func survival(_ x: Double, degreesOfFreedom k: Double) -> Double {
        x <= 0 ? 1 : IncompleteGamma.upperRegularized(k / 2, x / 2)
    }
}
