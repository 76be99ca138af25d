import LinearAlgebra
import LinearProgramming

/// What the optimiser minimises, and under which limit. Percentages of NAV; losses positive.
public enum HedgeObjective: Sendable, Equatable, CustomStringConvertible {
    /// Minimise CVaR_α of book + hedge P&L subject to premium ≤ budget.
    case minimiseCVaR(budgetPercent: Double)
    /// Minimise premium subject to CVaR_α ≤ limit.
    case minimisePremiumForCVaR(limitPercent: Double)
    /// Minimise premium subject to the named scenario's loss ≤ limit.
    case minimisePremiumForScenario(scenario: String, limitPercent: Double)

    public var description: String {
        switch self {
        case .minimiseCVaR(let b): return "minimise CVaR subject to premium ≤ \(b)% of NAV"
        case .minimisePremiumForCVaR(let l): return "minimise premium subject to CVaR ≤ \(l)% of NAV"
        case let .minimisePremiumForScenario(s, l): return "minimise premium subject to the loss in \(s) ≤ \(l)% of NAV"
        }
    }
}

/// The Rockafellar–Uryasev hedge programme over S scenarios and n candidates, in % of NAV.
///
///     variables  x_j ∈ [0, cap_j] (candidate units, long only), ζ free, u_s ≥ 0
///     CVaR_α(x) = min ζ + Σ_s w_s u_s / (1 − α)   with   u_s ≥ L_s(x) − ζ,   L_s(x) = −(b_s + Σ_j P_sj x_j)
///     rows "s:<scenario>":  Σ_j P_sj x_j + ζ + u_s ≥ −b_s
///     "budget":  Σ_j c_j x_j ≤ B        "cvar-limit":  ζ + Σ_s w_s u_s / (1 − α) ≤ L
///     "loss-limit:<k>":  Σ_j P_kj x_j ≥ −L − b_k        each ``HedgeLimit``:  Σ_j a_j x_j ≤ limit
/// b_s the book's P&L, P_sj candidate j's P&L per unit, c_j its premium per unit, w_s the scenario weights.
public struct HedgeProblem: Sendable {
    public var scenarioIDs: [String]
    public var namedCount: Int
    public var weights: [Double]
    public var alpha: Double
    /// b: the book's P&L per scenario, % of NAV.
    public var book: [Double]
    /// P: S × n candidate P&L per unit, % of NAV.
    public var pnl: Matrix
    /// c: premium per unit, % of NAV; caps in units.
    public var premium: [Double]
    public var caps: [Double]
    public var candidateIDs: [String]
    /// Linear limits on the hedge itself, Σ_j a_j x_j ≤ limit (e.g. the book's gross cap): rows named by `name`.
    public var limits: [HedgeLimit] = []

    public init(scenarioIDs: [String], namedCount: Int, weights: [Double], alpha: Double, book: [Double], pnl: Matrix,
                premium: [Double], caps: [Double], candidateIDs: [String]) throws(HedgeError) {
        let s = scenarioIDs.count, n = candidateIDs.count
        guard s > 0, weights.count == s, book.count == s, pnl.rows == s, pnl.cols == n, premium.count == n, caps.count == n else {
            throw .badInput("hedge problem: \(s) scenarios, \(n) candidates, but \(weights.count) weights, \(book.count) book P&L, \(pnl.rows)×\(pnl.cols) P&L, \(premium.count) premiums, \(caps.count) caps")
        }
        guard alpha > 0, alpha < 1 else { throw .badInput("confidence α = \(alpha): expected 0 < α < 1 (e.g. 0.95)") }
        if let j = caps.indices.first(where: { !(caps[$0] >= 0) }) {
            throw .badInput("cap of \(candidateIDs[j]) is \(caps[j]) units: expected ≥ 0")
        }
        self.scenarioIDs = scenarioIDs
        self.namedCount = namedCount
        self.weights = weights
        self.alpha = alpha
        self.book = book
        self.pnl = pnl
        self.premium = premium
        self.caps = caps
        self.candidateIDs = candidateIDs
    }

    /// The problem over a universe's candidates and a scenario set (base-currency amounts → % of NAV).
    public init(universe u: HedgeUniverse, scenarios set: HedgeScenarioSet, alpha: Double) throws(HedgeError) {
        let s = set.ids.count, n = u.candidates.count
        let k = 100 / u.nav
        var p = Matrix(rows: s, cols: n)
        for (j, c) in u.candidates.enumerated() {
            for (l, q) in c.lines {
                for i in 0..<s { p.storage[j * s + i] += q * set.lines.storage[l * s + i] * k }
            }
        }
        try self.init(scenarioIDs: set.ids, namedCount: set.namedCount, weights: set.weights, alpha: alpha,
                      book: set.book.map { $0 * k }, pnl: p, premium: u.candidates.map { $0.premiumPerUnit * k },
                      caps: u.candidates.map(\.cap), candidateIDs: u.candidates.map(\.id))
    }

    static func lpName(_ s: String) -> String { String(s.map { $0.isWhitespace ? "_" : $0 }) }

    /// The programme for `objective` (see the type's documentation for the rows). - Throws: ``HedgeError/badInput(_:)``.
    public func linearProgram(_ objective: HedgeObjective) throws(HedgeError) -> LinearProgram {
        let s = scenarioIDs.count, n = candidateIDs.count
        var lp = LinearProgram()
        var useCVaR = true
        var side: [(row: Int, coefficients: [Double])] = []   // extra rows on the x columns
        var zetaSide: [(Int, Double)] = [], uSide: Int? = nil
        var costs = [Double](repeating: 0, count: n)
        switch objective {
        case .minimiseCVaR(let b):
            guard b > 0, b.isFinite else { throw .badInput("premium budget \(b)% of NAV: expected a budget above 0") }
        case .minimisePremiumForCVaR(let l):
            guard l.isFinite else { throw .badInput("CVaR limit \(l)% of NAV is not a number") }
            costs = premium
        case let .minimisePremiumForScenario(k, l):
            guard l.isFinite else { throw .badInput("scenario loss limit \(l)% of NAV is not a number") }
            guard scenarioIDs.prefix(namedCount).contains(k) else {
                throw .badInput("scenario '\(k)' is not one of the named scenarios (\(scenarioIDs.prefix(namedCount).joined(separator: ", ")))")
            }
            costs = premium
            useCVaR = false
        }
        if useCVaR { for i in 0..<s { lp.addRow("s:" + Self.lpName(scenarioIDs[i]), .greaterOrEqual, -book[i]) } }
        let tail = (0..<s).map { weights[$0] / (1 - alpha) }
        switch objective {
        case .minimiseCVaR(let b):
            side.append((lp.addRow("budget", .lessOrEqual, b), premium))
        case .minimisePremiumForCVaR(let l):
            let r = lp.addRow("cvar-limit", .lessOrEqual, l)
            zetaSide = [(r, 1)]
            uSide = r
        case let .minimisePremiumForScenario(k, l):
            let i = scenarioIDs.firstIndex(of: k)!
            side.append((lp.addRow("loss-limit:" + Self.lpName(k), .greaterOrEqual, -l - book[i]), (0..<n).map { pnl[i, $0] }))
        }
        for l in limits {
            guard l.coefficients.count == n, l.limit.isFinite, l.limit >= 0 else {
                throw .badInput("hedge limit \(l.name): \(l.coefficients.count) coefficients for \(n) candidates, limit \(l.limit); expected one per candidate and a limit ≥ 0")
            }
            side.append((lp.addRow(Self.lpName(l.name), .lessOrEqual, l.limit), l.coefficients))
        }
        pnl.storage.withUnsafeBufferPointer { p in
            for j in 0..<n {
                let extra = side.map { ($0.row, $0.coefficients[j]) }
                let name = "x:" + Self.lpName(candidateIDs[j])
                if useCVaR {
                    lp.addColumn(name, objective: costs[j], upper: caps[j], denseFrom: 0,
                                 UnsafeBufferPointer(rebasing: p[(j * s)..<((j + 1) * s)]), extra: extra)
                } else {
                    lp.addColumn(name, objective: costs[j], upper: caps[j], entries: extra)
                }
            }
        }
        if useCVaR {
            let cvarObjective: Bool
            if case .minimiseCVaR = objective { cvarObjective = true } else { cvarObjective = false }
            lp.addColumn("zeta", objective: cvarObjective ? 1 : 0, lower: -.infinity,
                         entries: (0..<s).map { ($0, 1.0) } + zetaSide)
            for i in 0..<s {
                var e: [(Int, Double)] = [(i, 1.0)]
                if let r = uSide { e.append((r, tail[i])) }
                lp.addColumn("u:" + Self.lpName(scenarioIDs[i]), objective: cvarObjective ? tail[i] : 0, entries: e)
            }
        }
        return lp
    }

    /// P&L of book + hedge per scenario (% of NAV) for candidate units `x`.
    public func pnl(units x: [Double]) -> [Double] {
        var out = book
        let s = scenarioIDs.count
        for (j, xj) in x.enumerated() where xj != 0 {
            for i in 0..<s { out[i] += pnl.storage[j * s + i] * xj }
        }
        return out
    }

    /// Measures of book + hedge for units `x`.
    public func outcome(units x: [Double], extra: [Double]? = nil) -> HedgeOutcome {
        var p = pnl(units: x)
        if let e = extra { for i in p.indices { p[i] += e[i] } }
        return HedgeOutcome(problem: self, pnl: p, premium: zip(x, premium).reduce(0) { $0 + $1.0 * $1.1 })
    }

    /// Solves the programme. - Throws: ``HedgeError``: bad input, infeasible (the constraint named in words), solver
    /// limits and failures.
    public func solve(_ objective: HedgeObjective, options: LPOptions = LPOptions()) throws(HedgeError) -> HedgeSolution {
        let lp = try linearProgram(objective)
        let sol: LPSolution
        do { sol = try LPSolver.solve(lp, options: options) } catch {
            if case .infeasible(let rows) = error { throw .infeasible(explain(objective, rows: rows.map(\.name))) }
            throw .solver(error)
        }
        let x = Array(sol.x[0..<candidateIDs.count])
        return HedgeSolution(objective: objective, units: x, lpObjective: sol.objective, lp: sol)
    }

    func explain(_ objective: HedgeObjective, rows: [String]) -> String {
        let best = caps.indices.map { j in "\(candidateIDs[j]) ≤ \(caps[j])" }.prefix(4).joined(separator: ", ")
        switch objective {
        case .minimiseCVaR:
            return "infeasible: the constraint(s) \(rows.joined(separator: ", ")) cannot hold (budget, caps and limits)"
        case .minimisePremiumForCVaR(let l):
            let full = outcome(units: caps).tail.conditionalValueAtRisk
            return "infeasible: constraint cvar-limit (CVaR ≤ \(l)% of NAV) cannot hold within the per-candidate caps (\(best)…); every candidate at its cap still leaves CVaR \(full)% of NAV"
        case let .minimisePremiumForScenario(k, l):
            let full = outcome(units: caps).scenarioPnL(k) ?? .nan
            return "infeasible: constraint loss-limit:\(k) (loss ≤ \(l)% of NAV) cannot hold within the per-candidate caps (\(best)…); every candidate at its cap still leaves a loss of \(-full)% of NAV in \(k)"
        }
    }
}

/// A linear limit on the hedge, Σ_j coefficients_j · x_j ≤ limit (% of NAV per candidate unit).
public struct HedgeLimit: Sendable, Equatable {
    public var name: String
    public var coefficients: [Double]
    public var limit: Double
    public var description: String
    public init(name: String, coefficients: [Double], limit: Double, description: String) {
        self.name = name; self.coefficients = coefficients; self.limit = limit; self.description = description
    }
}

/// An optimal hedge in candidate units (fractional: the LP's answer).
public struct HedgeSolution: Sendable {
    public var objective: HedgeObjective
    public var units: [Double]
    /// The LP's objective (CVaR or premium, % of NAV).
    public var lpObjective: Double
    public var lp: LPSolution
}

/// Book + hedge measured on the problem's scenarios. % of NAV; losses positive in `tail`.
public struct HedgeOutcome: Sendable {
    public var pnl: [Double]
    public var premium: Double
    public var tail: TailMeasures
    /// Named scenarios: (id, P&L), in input order.
    public var named: [(id: String, pnl: Double)]
    public var worstNamed: (id: String, pnl: Double)?

    init(problem: HedgeProblem, pnl: [Double], premium: Double) {
        self.pnl = pnl
        self.premium = premium
        tail = TailMeasures(losses: pnl.map { -$0 }, weights: problem.weights, alpha: problem.alpha)
        named = (0..<problem.namedCount).map { (problem.scenarioIDs[$0], pnl[$0]) }
        worstNamed = named.min { $0.pnl != $1.pnl ? $0.pnl < $1.pnl : $0.id < $1.id }
    }

    public func scenarioPnL(_ id: String) -> Double? { named.first { $0.id == id }?.pnl }
}
