import Basics
import LinearAlgebra
import Scenarios

/// A way to aggregate position P&L. Each is a P × G 0/1 membership matrix applied to the same per-position P&L.
public enum StressGrouping: String, Sendable, CaseIterable {
    case position, pair, hedge, layer, country

    /// Bucket keys and the P × G membership matrix. Pairs: a position in no pair goes to "(no pair)"; hedge: lines of
    /// held hedge packages by package, everything else "(book)". Keys sorted, catch-all buckets last.
    public func buckets(_ engine: StressEngine) -> (keys: [String], weights: Matrix) {
        let ps = engine.positions
        func keys(_ p: StressPosition) -> [String] {
            switch self {
            case .position: return [p.id]
            case .pair: return p.pairs.isEmpty ? ["(no pair)"] : p.pairs
            case .hedge: return [p.hedge ?? "(book)"]
            case .layer: return [p.layer]
            case .country: return [p.country]
            }
        }
        var all: [String]
        if self == .position {
            all = ps.map(\.id)
        } else {
            all = Array(Set(ps.flatMap(keys))).sorted { a, b in
                let ca = a.hasPrefix("("), cb = b.hasPrefix("(")
                return ca != cb ? !ca : a < b
            }
        }
        var w = Matrix(rows: ps.count, cols: all.count)
        let index = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1, $0) })
        for (i, p) in ps.enumerated() { for k in keys(p) { w[i, index[k]!] = 1 } }
        return (all, w)
    }
}

/// One scenario's outcome. Amounts in base currency (gain > 0); percentages of NAV.
public struct ScenarioOutcome: Sendable {
    public var resolved: ResolvedScenario
    public var total: Double
    public var totalPctNAV: Double
    /// P&L per engine position (same order as `StressEngine.positions`).
    public var positionPnL: [Double]
    public var scenario: Scenario { resolved.scenario }
}

/// Probability-weighted summary of one case set. Amounts in base currency.
public struct CaseSetSummary: Sendable {
    public var caseSet: String
    /// Members in file order with probability and P&L.
    public var members: [(id: String, probability: Double, pnl: Double)]
    public var probabilitySum: Double
    /// Σ p_i · P&L_i.
    public var expected: Double
    /// √(Σ p_i (P&L_i − E)²).
    public var standardDeviation: Double
    public var worst: Double
    public var best: Double
    /// P(P&L < 0).
    public var probabilityOfLoss: Double
    /// Members sorted by P&L ascending with the cumulative probability (the discrete distribution).
    public var distribution: [(id: String, pnl: Double, probability: Double, cumulative: Double)]
}

/// The result of `StressRunner.run`.
public struct StressReport: Sendable {
    public var engine: StressEngine
    /// The zero shock (base case) first, then the scenarios in input order.
    public var outcomes: [ScenarioOutcome]
    /// Aggregations: keys and S × G P&L per grouping, the same per-position P&L times a membership matrix.
    public var attribution: [StressGrouping: (keys: [String], pnl: Matrix)]
    public var caseSets: [CaseSetSummary]
    /// Indices into `outcomes` (base case excluded), worst total P&L first; ties by id.
    public var worstRanked: [Int]
    public var warnings: [String]
    public var notes: [String]
    public var propagationSource: String
    public var nav: Double { engine.nav }
    public func pct(_ x: Double) -> Double { x / engine.nav * 100 }
}

public enum StressRunner {
    /// Checks a case set: each probability in [0, 1], every member has one, and they sum to 1 within 1e-9.
    public static func checkProbabilities(_ scenarios: [Scenario]) throws(StressError) {
        var sets: [String: [Scenario]] = [:]
        var order: [String] = []
        for s in scenarios {
            if let p = s.probability, !(0...1).contains(p) {
                throw .probabilities(caseSet: s.caseSet ?? "(none)", message: "scenario '\(s.id)' has probability \(p), outside [0, 1]")
            }
            if let c = s.caseSet {
                if sets[c] == nil { order.append(c) }
                sets[c, default: []].append(s)
            }
        }
        for c in order {
            let members = sets[c]!
            let missing = members.filter { $0.probability == nil }.map(\.id)
            if !missing.isEmpty {
                throw .probabilities(caseSet: c, message: "\(missing.joined(separator: ", ")) have no probability")
            }
            let sum = members.reduce(0) { $0 + $1.probability! }
            if abs(sum - 1) > 1e-9 {
                throw .probabilities(caseSet: c, message: "probabilities sum to \(sum), expected 1 (members: \(members.map(\.id).joined(separator: ", ")))")
            }
        }
    }

    /// Resolves and values the scenarios (plus the zero shock first), attributes P&L, summarises case sets and ranks
    /// the worst scenarios. - Throws: ``StressError``.
    public static func run(engine: StressEngine, scenarios: [Scenario], covariance: StressCovariance? = nil,
                           factors: FactorPropagation? = nil,
                           groupings: [StressGrouping] = StressGrouping.allCases) throws(StressError) -> StressReport {
        try checkProbabilities(scenarios)
        let resolver = ScenarioResolver(engine: engine, covariance: covariance, factors: factors)
        let all = [Scenario.zero] + scenarios
        let (m, resolved) = try resolver.matrix(all)
        let pos = engine.evaluate(m, buckets: engine.perPosition)   // S × P
        var outcomes: [ScenarioOutcome] = []
        for (i, r) in resolved.enumerated() {
            let row = pos.row(i)
            let total = row.reduce(0, +)
            outcomes.append(ScenarioOutcome(resolved: r, total: total, totalPctNAV: total / engine.nav * 100, positionPnL: row))
        }
        var attribution: [StressGrouping: (keys: [String], pnl: Matrix)] = [:]
        for g in groupings {
            let (keys, w) = g.buckets(engine)
            attribution[g] = (keys, BLAS.product(pos, w))
        }
        var caseSets: [CaseSetSummary] = []
        var order: [String] = []
        var bySet: [String: [ScenarioOutcome]] = [:]
        for o in outcomes.dropFirst() {
            if let c = o.scenario.caseSet {
                if bySet[c] == nil { order.append(c) }
                bySet[c, default: []].append(o)
            }
        }
        for c in order { caseSets.append(summary(c, bySet[c]!)) }
        let worst = Array(1..<outcomes.count).sorted {
            outcomes[$0].total != outcomes[$1].total ? outcomes[$0].total < outcomes[$1].total : outcomes[$0].scenario.id < outcomes[$1].scenario.id
        }
        var source = "none used"
        if scenarios.contains(where: { $0.propagation == .conditionalMean }) {
            source = covariance?.source ?? "single-index model from snapshot betas and vols (no price history given)"
        }
        if scenarios.contains(where: { $0.propagation == .factor }), let f = factors {
            source = (source == "none used" ? "" : source + "; ") + "factor: " + f.source
        }
        return StressReport(engine: engine, outcomes: outcomes, attribution: attribution, caseSets: caseSets, worstRanked: worst,
                            warnings: collapse(resolved), notes: engine.notes, propagationSource: source)
    }

    /// Per-scenario warnings ("ID: text"), the same text for several scenarios collapsed into one line
    /// "text (scenarios: a, b, c)", in first-seen order.
    static func collapse(_ resolved: [ResolvedScenario]) -> [String] {
        var order: [String] = []
        var ids: [String: [String]] = [:]
        for r in resolved {
            for w in r.warnings {
                let prefix = r.scenario.id + ": "
                let text = w.hasPrefix(prefix) ? String(w.dropFirst(prefix.count)) : w
                if ids[text] == nil { order.append(text) }
                ids[text, default: []].append(r.scenario.id)
            }
        }
        return order.map { t in "\(t) (scenario\(ids[t]!.count == 1 ? "" : "s") \(ids[t]!.joined(separator: ", ")))" }
    }

    static func summary(_ name: String, _ members: [ScenarioOutcome]) -> CaseSetSummary {
        let items = members.map { (id: $0.scenario.id, probability: $0.scenario.probability ?? 0, pnl: $0.total) }
        let psum = items.reduce(0) { $0 + $1.probability }
        let e = items.reduce(0) { $0 + $1.probability * $1.pnl }
        let v = items.reduce(0) { $0 + $1.probability * ($1.pnl - e) * ($1.pnl - e) }
        var cum = 0.0
        let dist = items.sorted { $0.pnl != $1.pnl ? $0.pnl < $1.pnl : $0.id < $1.id }.map { x -> (id: String, pnl: Double, probability: Double, cumulative: Double) in
            cum += x.probability
            return (x.id, x.pnl, x.probability, cum)
        }
        return CaseSetSummary(caseSet: name, members: items, probabilitySum: psum, expected: e, standardDeviation: v.squareRoot(),
                              worst: items.map(\.pnl).min() ?? 0, best: items.map(\.pnl).max() ?? 0,
                              probabilityOfLoss: items.filter { $0.pnl < 0 }.reduce(0) { $0 + $1.probability },
                              distribution: dist)
    }
}

/// A P&L surface over one name's spot return × vol shift (e.g. −50%…+50% × −10…+20 vol points).
public struct PnLSurface: Sendable {
    public var instrument: String
    /// Relative spot returns (rows) and absolute vol shifts in vol points as fractions (columns).
    public var spotReturns: [Double]
    public var volShifts: [Double]
    public var horizonDays: Int
    /// Total book P&L in base currency: `pnl[i, j]` at spotReturns[i], volShifts[j].
    public var pnl: Matrix
}

public enum StressGrid {
    /// `count` evenly spaced values from `lower` to `upper` inclusive.
    public static func axis(_ lower: Double, _ upper: Double, count: Int) -> [Double] {
        count <= 1 ? [lower] : (0..<count).map { lower + (upper - lower) * Double($0) / Double(count - 1) }
    }

    /// The book's P&L when only `instrument` moves: its spot by each return and its implied vol by each absolute shift
    /// (0.05 = +5 points), options aged by `horizonDays` (calendar days, ACT/365F). Other names stay put (no
    /// propagation). One ``ScenarioMatrix`` of spotReturns.count × volShifts.count rows, valued in one pass.
    /// - Throws: ``StressError/grid(_:)`` for a name the book does not hold, an empty axis, a return ≤ −100% or a
    ///   negative shocked vol.
    public static func spotVolSurface(engine: StressEngine, instrument: String,
                                      spotReturns: [Double] = axis(-0.5, 0.5, count: 11),
                                      volShifts: [Double] = axis(-0.10, 0.20, count: 7),
                                      horizonDays: Int = 0) throws(StressError) -> PnLSurface {
        guard let col = engine.column(of: instrument) else {
            throw .grid("the book holds nothing on '\(instrument)' (held: \(engine.instruments.joined(separator: ", ")))")
        }
        guard !spotReturns.isEmpty, !volShifts.isEmpty else { throw .grid("empty spot or vol axis") }
        guard horizonDays >= 0 else { throw .grid("negative horizon \(horizonDays) days") }
        if let bad = spotReturns.first(where: { !($0 > -1) || !$0.isFinite }) { throw .grid("spot return \(bad) must be above -1") }
        let k = engine.optionUnderlyings.firstIndex(of: instrument)
        let base = engine.book.market.quote(instrument)?.volatility ?? 0
        if let bad = volShifts.first(where: { !(base + $0 >= 0) }) {
            throw .negativeVolatility(scenario: "grid", instrument: instrument, base: base, shocked: base + bad)
        }
        let ns = spotReturns.count, nv = volShifts.count
        var m = ScenarioMatrix(engine: engine, count: ns * nv)
        for j in 0..<nv {
            for i in 0..<ns {
                let s = j * ns + i
                m.returns[s, col] = spotReturns[i]
                if let k { m.volatilities[s, k] = base + volShifts[j] }
                m.horizonYears[s] = Double(horizonDays) / 365
            }
        }
        let total = engine.evaluate(m, buckets: engine.total)
        return PnLSurface(instrument: instrument, spotReturns: spotReturns, volShifts: volShifts, horizonDays: horizonDays,
                          pnl: Matrix(rows: ns, cols: nv, columnMajor: total.storage))
    }
}
