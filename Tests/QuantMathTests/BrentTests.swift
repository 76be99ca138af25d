import QuantMath
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Brent's zeroin on classic test functions with known roots. The stopping rule brackets the root in an interval of
/// width ≤ tolerance + 4·ε·|x|, so results are checked to that bound.
@Suite struct BrentTests {
    static func bound(_ tolerance: Double, _ x: Double) -> Double { tolerance + 4 * Double.ulpOfOne * abs(x) }

    /// Wallis's example x³ − 2x − 5 (the cubic Newton used): root 2.0945514815423265 (40-digit mpmath `findroot`,
    /// rounded to double).
    @Test func wallisCubic() throws {
        let x = try Brent.root(in: 2, 3) { $0 * $0 * $0 - 2 * $0 - 5 }
        #expect(abs(x - 2.0945514815423265) <= Self.bound(1e-14, x))
        // Reversed bracket, wider bracket: same root.
        let y = try Brent.root(in: 3, 1) { $0 * $0 * $0 - 2 * $0 - 5 }
        #expect(abs(y - 2.0945514815423265) <= Self.bound(1e-14, y))
    }

    /// cos x = x: the Dottie number 0.7390851332151607.
    @Test func dottieNumber() throws {
        let x = try Brent.root(in: 0, 1) { cos($0) - $0 }
        #expect(abs(x - 0.7390851332151607) <= Self.bound(1e-14, x))
    }

    @Test func requestedToleranceIsMet() throws {
        for tol in [1e-3, 1e-6, 1e-10] {
            let x = try Brent.root(in: 0, 2, tolerance: tol) { $0 * $0 - 2 }
            #expect(abs(x - 2.0.squareRoot()) <= Self.bound(tol, x), "tolerance \(tol): \(x)")
        }
        // A step function has no zero but a sign change: Brent converges on the jump.
        let jump = try Brent.root(in: 0, 1, tolerance: 1e-12) { $0 < 0.3 ? -1 : 1 }
        #expect(abs(jump - 0.3) <= Self.bound(1e-12, jump))
    }

    @Test func exactZeroAtAnEndpointIsReturned() throws {
        #expect(try Brent.root(in: 1, 2) { $0 - 1 } == 1)
        #expect(try Brent.root(in: 0, 2) { $0 - 2 } == 2)
    }

    @Test func failuresAreTypedErrors() {
        #expect(throws: Brent.Failure.notBracketed(a: 3, fa: 16, b: 4, fb: 51)) {
            try Brent.root(in: 3, 4) { $0 * $0 * $0 - 2 * $0 - 5 }
        }
        #expect(throws: Brent.Failure.self) { try Brent.root(in: 0, 1) { _ in .nan } }
        do {
            _ = try Brent.root(in: 2, 3, maxIterations: 2) { $0 * $0 * $0 - 2 * $0 - 5 }
            Issue.record("expected noConvergence after 2 iterations")
        } catch {
            if case .noConvergence(let n, let best) = error {
                #expect(n == 2 && best > 2 && best < 3)
            } else {
                Issue.record("unexpected \(error)")
            }
        }
        #expect(Brent.Failure.notBracketed(a: 3, fa: 16, b: 4, fb: 51).description == "no sign change on [3.0, 4.0] (f = 16.0, 51.0)")
    }
}
