/// Why a linear programme has no answer, in terms of the model's own names.
public enum LPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No point satisfies every row and bound. `constraints`: the rows that must be relaxed (an elastic re-solve
    /// minimising the total violation: the rows with a positive violation at its optimum), with the violation each needs.
    case infeasible(constraints: [(name: String, violation: Double)])
    /// The objective decreases without bound (the columns of the unbounded ray with a nonzero entry, when known).
    case unbounded(columns: [String])
    /// The solver stopped at a limit before proving optimality.
    case timeLimit(seconds: Double)
    case iterationLimit(iterations: Int)
    /// The model breaks a shape rule (names, bounds, non-finite numbers).
    case invalid(String)
    /// The solver gave up (numerical difficulties) with its status code.
    case solverFailed(status: Int, detail: String)

    public static func == (a: LPError, b: LPError) -> Bool { a.description == b.description }

    public var description: String {
        switch self {
        case .infeasible(let rows):
            let shown = rows.prefix(6).map { "\($0.name) (violated by \(Self.number($0.violation)))" }.joined(separator: ", ")
            let more = rows.count > 6 ? " and \(rows.count - 6) more" : ""
            return rows.isEmpty ? "the linear programme is infeasible" : "infeasible: no solution satisfies \(shown)\(more) together with the bounds"
        case .unbounded(let cols):
            return "unbounded: the objective decreases without limit\(cols.isEmpty ? "" : " along \(cols.prefix(6).joined(separator: ", "))")"
        case .timeLimit(let s): return "the solver stopped at its time limit (\(Self.number(s)) s) before proving optimality"
        case .iterationLimit(let n): return "the solver stopped at its iteration limit (\(n)) before proving optimality"
        case .invalid(let m): return "invalid linear programme: \(m)"
        case .solverFailed(let st, let d): return "the LP solver failed (status \(st)): \(d)"
        }
    }

    static func number(_ x: Double) -> String {
        let a = abs(x)
        if a != 0 && (a < 1e-3 || a >= 1e7) { return "\(x)" }
        return "\((x * 1e6).rounded() / 1e6)"
    }
}
