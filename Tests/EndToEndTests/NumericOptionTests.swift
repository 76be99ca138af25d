import Foundation
import Testing

/// Numeric options take a following negative number as their value (`--vol-shift -0.05`), so that an out-of-domain
/// value gets the domain sentence ("--steps must be in 10…20000, got -5") instead of ArgumentParser's "Missing value"
/// (issue 12, "poor message"), and a legitimate negative shift is accepted.
@Suite struct NumericOptionTests {
    @Test func aNegativeValueOutsideTheDomainIsNamedWithItsDomain() throws {
        let steps = try runCLI(["payoff", "--no-history", "--steps", "-5"])
        #expect(steps.status == 64)
        #expect(steps.stderr.contains("--steps must be in 10…20000, got -5"), "\(steps.stderr)")
        let top = try runCLI(["stress", "--no-history", "--top", "-1"])
        #expect(top.status == 64)
        #expect(top.stderr.contains("--top must be ≥ 1, got -1"), "\(top.stderr)")
    }

    @Test func aNegativeVolShiftIsAccepted() throws {
        let r = try runCLI(["payoff", "--no-history", "--quiet", "--steps", "100", "--vol-shift", "-0.05"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("vol shift -5.0 pts"), "\(r.stdout.prefix(400))")
    }
}
