import LinearProgramming

/// Why a hedge request has no answer, in the request's own terms.
public enum HedgeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A value of the request is unusable (budget ≤ 0, a negative cap, an empty grid, …).
    case badInput(String)
    /// A candidate underlying the market snapshot does not quote.
    case noQuote(underlying: String, known: [String])
    /// The request's constraints cannot hold together (the LP's infeasible rows, in words).
    case infeasible(String)
    /// The solver stopped or failed.
    case solver(LPError)

    public var description: String {
        switch self {
        case .badInput(let m): return m
        case let .noQuote(u, known):
            return "candidate underlying '\(u)' has no quote in the market snapshot (quoted: \(known.joined(separator: ", ")))"
        case .infeasible(let m): return m
        case .solver(let e): return "\(e)"
        }
    }
}
