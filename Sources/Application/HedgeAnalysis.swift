import Basics
import FileFormats
import Hedging
import Instruments
import LinearAlgebra
import LinearProgramming
import Portfolio
import Scenarios
import Stress

/// What `hedgebook hedge` (and the report's hedge section) asks of the optimiser. Percentages of NAV.
public struct HedgeRequest: Sendable {
    public var objective: HedgeObjective
    /// CVaR confidence α (0.95: the mean loss of the worst 5% of scenario probability).
    public var alpha: Double = 0.95
    /// Candidate underlyings (nil: ``CandidateGrid/defaultUnderlyings(book:market:names:)``).
    public var underlyings: [String]?
    public var grid = CandidateGrid(underlyings: [])
    /// Offer the book's proposed hedge packages (rolled when expired) as candidates.
    public var packages = true
    /// Book positions set aside and compared with (e.g. the MU puts whose 3% budget is re-spent).
    public var replace: [String] = []
    /// Use the workspace's named scenarios.
    public var namedScenarios = true
    public var monteCarlo = HedgeMonteCarloSpec()
    /// Budgets of the efficient frontier (budget → minimum CVaR); empty: no frontier.
    public var frontierBudgets: [Double] = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4]
    public var lpOptions = LPOptions()

    public init(objective: HedgeObjective) { self.objective = objective }
}

/// One point of the efficient frontier: the minimum CVaR a budget buys (LP optimum, fractional contracts).
public struct FrontierPoint: Sendable {
    public var budgetPercent: Double
    public var outcome: HedgeOutcome
    public var premiumUsed: Double { outcome.premium }
    /// Candidates bought (id, units), largest premium first.
    public var holdings: [(id: String, units: Double)]
}

/// The answer of the optimiser on a workspace.
public struct HedgeReport: Sendable {
    public var request: HedgeRequest
    public var universe: HedgeUniverse
    public var scenarios: HedgeScenarioSet
    public var problem: HedgeProblem
    public var solution: HedgeSolution
    public var rounded: RoundedHedge
    /// The book as held (with the replaced positions), the book the hedge is added to, and the LP's hedge on it.
    public var asHeld: HedgeOutcome
    public var base: HedgeOutcome
    public var optimal: HedgeOutcome
    public var frontier: [FrontierPoint]
    public var lp: LinearProgram
    public var solverVersion: String
    public var notes: [String]
    public var nav: Double { universe.nav }
}

extension Session {
    /// Builds the candidate set and the scenarios, solves the Rockafellar–Uryasev programme, rounds to whole
    /// contracts and traces the frontier. - Throws: ``HedgeError`` (bad input, no quote, infeasible, solver), and the
    /// stress/risk errors of the scenarios.
    public func hedge(_ request: HedgeRequest) throws -> HedgeReport {
        var req = request
        if case .minimiseCVaR(let b) = req.objective, !(b > 0) {
            throw HedgeError.badInput("premium budget \(b)% of NAV: expected a budget above 0")
        }
        if let b = req.frontierBudgets.first(where: { !($0 > 0) }) {
            throw HedgeError.badInput("frontier budget \(b)% of NAV: expected budgets above 0")
        }
        var notes: [String] = []
        req.grid.underlyings = req.underlyings ?? CandidateGrid.defaultUnderlyings(book: book, market: market)
        // Proposed packages: held for valuation, rolled (the `payoff` roll rule) when a leg has expired; a package
        // whose legs the book's constraints forbid is left out.
        var packageIDs: [String] = []
        var trades: [Trade] = []
        if req.packages {
            for h in book.hedges where !h.held {
                let forbidden = h.legs.compactMap { leg -> String? in
                    guard leg.side == .short, case .stock = leg.instrument else { return nil }
                    let holder = book.positions.first { $0.marketKey == leg.underlying }
                    let (ok, rule) = bookAllowsShort(book, instrument: leg.underlying, exchange: leg.exchange ?? holder?.exchange ?? "",
                                                     country: leg.country ?? holder?.country ?? "")
                    return ok ? nil : rule
                }
                if let rule = forbidden.first {
                    notes.append("hedge package \(h.id) not offered: a short leg breaks the book's constraint '\(rule)'")
                    continue
                }
                let expired = h.legs.contains { leg in
                    if case .option(let t) = leg.instrument { return t.expiry <= book.valuationDate }
                    return false
                }
                trades.append(expired ? .roll(hedge: h.id) : .hold(hedge: h.id))
                packageIDs.append(h.id)
            }
        }
        let (candidateBook, rollNotes) = try TradeApplication.apply(trades, to: book, market: market, rollOptions: try payoffOptions())
        notes += rollNotes
        for t in trades { if case .roll(let h) = t { notes.append("hedge package \(h) expired before \(book.valuationDate): offered rolled (same moneyness, \(spec.policies.rollTenorDays)-day tenor)") } }
        let universe = try HedgeUniverse(book: candidateBook, market: market, policy: resolved.policy, grid: req.grid,
                                         packages: packageIDs, replace: req.replace)
        notes += universe.notes

        // Scenarios: the named ones (as `stress` resolves them) and Monte Carlo paths from the same history.
        let named = req.namedScenarios && !spec.scenarios.isEmpty ? try scenarios() : []
        if !named.isEmpty {
            var errors: [Diagnostic] = []
            for s in named {
                for d in CrossCheck.scenarioProblems(s, book: book, marketIDs: Set(market.quotes.keys)) where !d.keyPath.contains(".fx.") {
                    errors.append(d)
                }
            }
            if !errors.isEmpty { throw InputErrors(errors) }
        }
        var covariance: StressCovariance?
        var daily: DailyCovariance?
        var ids = StressCovariance.universe(engine: universe.named, scenarios: named)
        if !ids.contains("SPY") && market.quote("SPY") != nil { ids.append("SPY") }
        if let h = history {
            let (cov, w) = try StressCovariance.historical(history: h, ids: ids, asOf: market.asOf)
            covariance = cov
            notes += w
            var m = cov.matrix
            for k in m.storage.indices { m.storage[k] /= 5 }
            daily = DailyCovariance(ids: cov.ids, matrix: m, source: cov.source + ", ÷ 5 per trading day")
        } else {
            let cov = try StressCovariance.singleIndex(market: market, ids: ids)
            var m = cov.matrix
            for k in m.storage.indices { m.storage[k] /= 252 }
            daily = DailyCovariance(ids: cov.ids, matrix: m, source: cov.source + ", ÷ 252 per trading day (no price history)")
            notes.append("no price history: named-scenario propagation and Monte Carlo use the snapshot's single-index (beta) covariance")
        }
        let factors = named.contains { $0.propagation == .factor } ? try factorPropagation(named, engine: universe.named) : nil
        let set = try HedgeScenarioSet.build(universe: universe, named: named, covariance: covariance, factors: factors,
                                             monteCarlo: req.monteCarlo.paths > 0 ? req.monteCarlo : nil, daily: daily)
        notes += set.notes
        var problem = try HedgeProblem(universe: universe, scenarios: set, alpha: req.alpha)
        // The book's gross cap and tactical reserve bound what the hedge may add (premium view, as `exposure` and
        // `check` count gross): Σ gross per unit · x ≤ min(maxGross, 100 − minReserve) − gross of the book without the
        // replaced positions.
        var grossCaps: [(String, Double)] = []
        for c in book.constraints {
            switch c.rule {
            case .maxGross(let g): grossCaps.append((c.id, g))
            case .minReserve(let r): grossCaps.append((c.id, 100 - r))
            default: break
            }
        }
        if let (id, cap) = grossCaps.min(by: { $0.1 < $1.1 }) {
            let k = 100 / universe.nav
            let replacedGross = universe.replacedLines.reduce(0.0) { $0 + abs(universe.named.positions[$1].resolved.marketValue) }
            let current = exposure().premium.gross - replacedGross
            let room = max(0, cap - current * k)
            problem.limits.append(HedgeLimit(name: "gross:" + id, coefficients: universe.candidates.map { $0.grossPerUnit * k }, limit: room,
                                             description: "gross added by the hedge ≤ \(fmt(room, 2))% of NAV (constraint \(id): gross ≤ \(fmt(cap, 2))%; the book\(universe.replaced.isEmpty ? "" : " without \(universe.replaced.joined(separator: ", "))") is at \(fmt(current * k, 2))%)"))
        }
        let solution = try problem.solve(req.objective, options: req.lpOptions)
        let budget: Double?
        if case .minimiseCVaR(let b) = req.objective { budget = b } else { budget = nil }
        let rounded = RoundedHedge(universe: universe, scenarios: set, problem: problem, units: solution.units, budgetPercent: budget)
        let zero = [Double](repeating: 0, count: problem.candidateIDs.count)
        let k = 100 / universe.nav
        let replacedPct = set.replaced.map { $0 * k }
        var asHeld = problem.outcome(units: zero, extra: replacedPct)
        asHeld.premium = universe.replacedLines.reduce(0) { acc, i in
            let r = universe.named.positions[i].resolved
            return acc + r.marketValue * k
        }
        var frontier: [FrontierPoint] = []
        for b in req.frontierBudgets {
            let s = try problem.solve(.minimiseCVaR(budgetPercent: b), options: req.lpOptions)
            let o = problem.outcome(units: s.units)
            let held = s.units.indices.filter { s.units[$0] > 1e-9 }
                .sorted { s.units[$0] * problem.premium[$0] > s.units[$1] * problem.premium[$1] }
                .map { (problem.candidateIDs[$0], s.units[$0]) }
            frontier.append(FrontierPoint(budgetPercent: b, outcome: o, holdings: held))
        }
        return HedgeReport(request: req, universe: universe, scenarios: set, problem: problem, solution: solution,
                           rounded: rounded, asHeld: asHeld, base: problem.outcome(units: zero),
                           optimal: problem.outcome(units: solution.units), frontier: frontier,
                           lp: try problem.linearProgram(req.objective), solverVersion: LPSolver.version,
                           notes: notes)
    }
}
