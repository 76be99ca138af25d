/// Brent's method (Brent 1973, "Algorithms for Minimization without Derivatives", ch. 4; the `zeroin` algorithm)
/// for a root of a continuous function on a bracket where it changes sign.
public enum Brent {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// f(a) and f(b) have the same sign (or one is NaN): no bracketed root.
        case notBracketed(a: Double, fa: Double, b: Double, fb: Double)
        case noConvergence(iterations: Int, best: Double)
        public var description: String {
            switch self {
            case let .notBracketed(a, fa, b, fb): return "no sign change on [\(a), \(b)] (f = \(fa), \(fb))"
            case let .noConvergence(n, x): return "no convergence after \(n) iterations (best \(x))"
            }
        }
    }

    /// A root of `f` in [a, b] to within `tolerance` in x (absolute) plus 4 ulp, or an exact zero.
    public static func root(in a: Double, _ b: Double, tolerance: Double = 1e-14, maxIterations: Int = 200,
                            _ f: (Double) -> Double) throws(Failure) -> Double {
        var a = a, b = b
        var fa = f(a), fb = f(b)
        if fa == 0 { return a }
        if fb == 0 { return b }
        guard fa.isFinite, fb.isFinite, (fa < 0) != (fb < 0) else { throw .notBracketed(a: a, fa: fa, b: b, fb: fb) }
        var c = a, fc = fa
        var d = b - a, e = d
        for _ in 0..<maxIterations {
            if (fb < 0) == (fc < 0) { c = a; fc = fa; d = b - a; e = d }
            if abs(fc) < abs(fb) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa }
            let tol = 2 * Double.ulpOfOne * abs(b) + 0.5 * tolerance
            let m = 0.5 * (c - b)
            if abs(m) <= tol || fb == 0 { return b }
            if abs(e) >= tol && abs(fa) > abs(fb) {
                let s = fb / fa
                var p: Double, q: Double
                if a == c {
                    p = 2 * m * s
                    q = 1 - s
                } else {
                    let qq = fa / fc, r = fb / fc
                    p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1))
                    q = (qq - 1) * (r - 1) * (s - 1)
                }
                if p > 0 { q = -q } else { p = -p }
                if 2 * p < min(3 * m * q - abs(tol * q), abs(e * q)) {
                    e = d; d = p / q
                } else {
                    d = m; e = m
                }
            } else {
                d = m; e = m
            }
            a = b; fa = fb
            b += abs(d) > tol ? d : (m > 0 ? tol : -tol)
            fb = f(b)
            if !fb.isFinite { throw .noConvergence(iterations: maxIterations, best: a) }
        }
        throw .noConvergence(iterations: maxIterations, best: b)
    }
}
