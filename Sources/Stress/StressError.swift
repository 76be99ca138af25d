import Basics
import LinearAlgebra

/// Bad input found while resolving or running scenarios. Never a trap: every case names the scenario and what was
/// expected.
public enum StressError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A scenario names an instrument that is neither held nor quoted in the market snapshot.
    case unknownInstrument(scenario: String, instrument: String, suggestion: String?)
    /// A group shock matches no position (e.g. `layer: hmb`).
    case unknownGroup(scenario: String, attribute: String, value: String, known: [String])
    /// The shocked volatility of a name would be negative (base vol + shift < 0).
    case negativeVolatility(scenario: String, instrument: String, base: Double, shocked: Double)
    /// The combined spot shocks of a name give a price ≤ 0 (return below −100%).
    case spotNotPositive(scenario: String, instrument: String, spotReturn: Double)
    /// `propagation: {beta: X}` with X not shocked (or not quoted) in the scenario.
    case benchmarkNotShocked(scenario: String, benchmark: String)
    /// A probability outside [0, 1], a case-set member without one, or case-set probabilities not summing to 1.
    case probabilities(caseSet: String, message: String)
    /// The covariance used by conditional-mean propagation is unusable.
    case covariance(String)
    /// A grid request that cannot be built (unknown instrument, empty axis, negative vol).
    case grid(String)
    /// A factor shock or `propagation: factor` that cannot be resolved (no factor model, unknown factor).
    case factor(scenario: String, message: String)

    public var description: String {
        switch self {
        case .unknownInstrument(let s, let i, let hint):
            return "scenario '\(s)': unknown instrument '\(i)' (not held by the book and not quoted in the snapshot)"
                + (hint.map { " (did you mean '\($0)'?)" } ?? "")
        case .unknownGroup(let s, let a, let v, let known):
            return "scenario '\(s)': no position has \(a) '\(v)'; known: \(known.joined(separator: ", "))"
        case .negativeVolatility(let s, let i, let b, let v):
            return "scenario '\(s)': the vol shock on \(i) makes its volatility negative (\(b) -> \(v)); "
                + "an absolute vol shock is in vol points as a fraction (-0.05 = -5 points)"
        case .spotNotPositive(let s, let i, let r):
            return "scenario '\(s)': the spot shocks on \(i) add up to a return of \(r) (price at or below zero)"
        case .benchmarkNotShocked(let s, let b):
            return "scenario '\(s)': propagation {beta: \(b)} needs a spot shock on \(b), but the scenario does not shock it"
        case .probabilities(let c, let m): return "case set '\(c)': \(m)"
        case .covariance(let m): return "covariance: \(m)"
        case .grid(let m): return "grid: \(m)"
        case .factor(let s, let m): return "scenario '\(s)': \(m)"
        }
    }
}
