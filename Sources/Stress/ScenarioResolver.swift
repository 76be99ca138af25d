import Basics
import LinearAlgebra
import MarketData
import Scenarios

/// A covariance of returns over market ids, the input of conditional-mean propagation. Only ratios
/// Σ_xs Σ_ss⁻¹ matter, so the scale (daily, weekly, annual) does not change the propagated moves.
public struct StressCovariance: Sendable, Equatable {
    public var ids: [String]
    public var matrix: Matrix
    /// Where it came from (printed in reports).
    public var source: String

    public init(ids: [String], matrix: Matrix, source: String) throws(StressError) {
        guard matrix.isSquare, matrix.rows == ids.count else {
            throw .covariance("\(matrix.rows)×\(matrix.cols) matrix for \(ids.count) ids")
        }
        guard matrix.storage.allSatisfy(\.isFinite) else { throw .covariance("non-finite entries") }
        guard Set(ids).count == ids.count else { throw .covariance("duplicate ids") }
        self.ids = ids
        self.matrix = matrix
        self.source = source
    }

    /// Sample covariance (divisor T − 1) of a T × N return matrix, via BLAS dsyrk on the centred returns.
    public static func sample(returns: Matrix, ids: [String], source: String) throws(StressError) -> StressCovariance {
        let t = returns.rows, n = returns.cols
        guard n == ids.count else { throw .covariance("\(n) return columns for \(ids.count) ids") }
        guard t > n else { throw .covariance("\(t) observations for \(n) names; need more observations than names") }
        var c = returns
        for j in 0..<n {
            var mean = 0.0
            for i in 0..<t { mean += c.storage[j * t + i] }
            mean /= Double(t)
            for i in 0..<t { c.storage[j * t + i] -= mean }
        }
        var cov = Matrix(rows: n, cols: n)
        BLAS.syrk(c, transpose: true, alpha: 1 / Double(t - 1), into: &cov)
        return try StressCovariance(ids: ids, matrix: cov, source: source)
    }

    /// The single-index (beta) covariance implied by the snapshot: Σ_ij = β_i β_j σ_m² + δ_ij · idio_i, with
    /// σ_m the volatility of `marketID`, idio_i = max(σ_i² − β_i² σ_m², 0.05 σ_i²) (floored so Σ stays positive
    /// definite). Names without a beta or volatility are left out. Used when no price history is given.
    public static func singleIndex(market: MarketSnapshot, ids: [String], marketID: String = "SPY") throws(StressError) -> StressCovariance {
        guard let m = market.quote(marketID) else { throw .covariance("no quote for the index \(marketID) in the snapshot") }
        let sm2 = m.volatility * m.volatility
        var keep: [(String, Double, Double)] = []
        for id in ids {
            guard let q = market.quote(id), q.volatility > 0 else { continue }
            let beta = id == marketID ? (q.beta ?? 1) : q.beta
            if let beta { keep.append((id, beta, q.volatility)) }
        }
        let n = keep.count
        var c = Matrix(rows: n, cols: n)
        for i in 0..<n {
            for j in 0..<n { c[i, j] = keep[i].1 * keep[j].1 * sm2 }
            let s2 = keep[i].2 * keep[i].2
            c[i, i] += max(s2 - keep[i].1 * keep[i].1 * sm2, 0.05 * s2)
        }
        return try StressCovariance(ids: keep.map(\.0), matrix: c,
                                    source: "single-index model from snapshot betas and vols (index \(marketID))")
    }

    /// Conditional mean of the `targets` given the `given` names moved by `shocks`: Σ_xs Σ_ss⁻¹ s, solved by
    /// Cholesky (LAPACK dpotrf/dpotrs), or LU (dgesv) when Σ_ss is not positive definite. Every id must be in `ids`.
    public func conditionalMean(given: [String], shocks: [Double], targets: [String]) throws(StressError) -> [Double] {
        let si = given.map { ids.firstIndex(of: $0)! }
        let xi = targets.map { ids.firstIndex(of: $0)! }
        var sss = Matrix(rows: si.count, cols: si.count)
        for (a, i) in si.enumerated() { for (b, j) in si.enumerated() { sss[a, b] = matrix[i, j] } }
        var sxs = Matrix(rows: xi.count, cols: si.count)
        for (a, i) in xi.enumerated() { for (b, j) in si.enumerated() { sxs[a, b] = matrix[i, j] } }
        let w: [Double]
        do {
            w = try Cholesky(sss).solve(shocks)
        } catch {
            do { w = try LAPACK.solve(sss, shocks) } catch let e {
                throw .covariance("the covariance of the shocked names \(given.joined(separator: ", ")) is singular (\(e))")
            }
        }
        return BLAS.multiply(sxs, w)
    }
}

/// Where an instrument's move in a scenario came from.
public enum MoveSource: String, Sendable {
    /// An instrument shock names it.
    case instrument
    /// One or more group shocks (layer, country, currency, exchange, tag) match it; they add.
    case group
    /// The `all: true` shock.
    case all
    /// Propagated: β_x × r_benchmark.
    case beta
    /// Propagated: conditional mean Σ_xs Σ_ss⁻¹ s.
    case conditionalMean = "conditional-mean"
    /// Propagated through the factor model: Σₖ β_xk fₖ.
    case factor
    /// Not shocked and not propagated.
    case none
}

/// One instrument's resolved move.
public struct InstrumentMove: Sendable, Equatable {
    public var id: String
    /// Relative spot return in the trading currency.
    public var spotReturn: Double
    public var source: MoveSource
    /// Base and shocked volatility (fractions), for names with a quote.
    public var volatility: Double?
    public var shockedVolatility: Double?
    /// True when the book holds the name (false for factors such as SPY used by propagation only).
    public var held: Bool
}

/// A scenario resolved against an engine: every instrument's move, the FX moves and the horizon.
public struct ResolvedScenario: Sendable {
    public var scenario: Scenario
    /// Moves of the engine's instruments (held), then of shocked names the book does not hold, in that order.
    public var moves: [InstrumentMove]
    /// FX returns per held currency (0 when not shocked).
    public var fx: [Currency: Double]
    public var warnings: [String]
    public func move(_ id: String) -> InstrumentMove? { moves.first { $0.id == id } }
}

/// Resolves scenarios into rows of a ``ScenarioMatrix``.
///
/// Rules (also in `scenarios/README.md` and README `## hedgebook stress`):
/// - Spot and vol: for each name the most specific target wins: instrument shocks beat group shocks beat `all`.
///   Several shocks at the winning level add (returns add; vol shifts add, a relative vol shock contributing
///   `value × base vol`). Absolute spot shocks are converted to returns by the snapshot spot.
/// - Propagation fills names with no spot shock at any level: `.beta(b)`: r_x = β_x · r_b (snapshot betas; names
///   without a beta stay at 0 with a warning); `.conditionalMean`: r_x = Σ_xs Σ_ss⁻¹ s over the shocked names in the
///   covariance (names outside it stay at 0 with a warning). Vol and FX shocks never propagate.
/// - FX: a shock for currency c multiplies the base-currency value of every line trading in c by (1 + shock). A shock
///   for the base currency or a currency the book does not hold has no effect and produces a warning.
public struct ScenarioResolver: Sendable {
    public let engine: StressEngine
    /// Covariance for `.conditionalMean`; when nil, the snapshot's single-index (beta) covariance is used and
    /// a warning says so.
    public let covariance: StressCovariance?
    /// Exposures and factor covariance for `propagation: factor` (nil: such scenarios are refused).
    public let factors: FactorPropagation?
    let attributes: [String: [String: Set<String>]]   // id -> attribute -> values

    public init(engine: StressEngine, covariance: StressCovariance? = nil, factors: FactorPropagation? = nil) {
        self.engine = engine
        self.covariance = covariance
        self.factors = factors
        var attrs: [String: [String: Set<String>]] = [:]
        for p in engine.positions {
            var a = attrs[p.marketKey] ?? [:]
            a["layer", default: []].insert(p.layer)
            a["country", default: []].insert(p.country)
            a["currency", default: []].insert(p.resolved.position.currency.code)
            a["exchange", default: []].insert(p.exchange)
            for t in p.tags { a["tag", default: []].insert(t) }
            attrs[p.marketKey] = a
        }
        attributes = attrs
    }

    func matches(_ id: String, _ attribute: String, _ value: String) -> Bool {
        attributes[id]?[attribute]?.contains(value) ?? false
    }

    /// Resolves one scenario. - Throws: ``StressError`` for unknown targets, negative vols, prices ≤ 0, a beta
    /// benchmark without a shock, or an unusable covariance.
    public func resolve(_ sc: Scenario) throws(StressError) -> ResolvedScenario {
        let market = engine.book.market
        var warnings: [String] = []
        // Universe: held instruments, then shocked / benchmark names the book does not hold.
        var universe = engine.instruments
        var held = Set(universe)
        var extra: [String] = []
        for shock in sc.spotShocks + sc.volShocks {
            switch shock.target {
            case .instrument(let i):
                guard market.quote(i) != nil else {
                    throw .unknownInstrument(scenario: sc.id, instrument: i, suggestion: nearest(i, among: market.sortedIDs))
                }
                if !held.contains(i) && !extra.contains(i) { extra.append(i) }
            case .group(let a, let v):
                guard engine.instruments.contains(where: { matches($0, a, v) }) else {
                    let known = Set(attributes.values.flatMap { $0[a] ?? [] }).sorted()
                    throw .unknownGroup(scenario: sc.id, attribute: a, value: v, known: known)
                }
            case .all: break
            case .factor(let f):
                guard let fm = factors else {
                    throw .factor(scenario: sc.id, message: "a factor shock needs a factor model (price history and the workspace's factors)")
                }
                guard fm.factors.contains(f) else {
                    throw .factor(scenario: sc.id, message: "unknown factor '\(f)'; known: \(fm.factors.joined(separator: ", "))")
                }
            }
        }
        if case .beta(let b) = sc.propagation, !held.contains(b), !extra.contains(b) {
            guard market.quote(b) != nil else { throw .benchmarkNotShocked(scenario: sc.id, benchmark: b) }
            extra.append(b)
        }
        universe += extra
        held = Set(engine.instruments)

        // Spot: most specific level wins; shocks at that level add.
        var ret = [String: Double]()
        var src = [String: MoveSource]()
        for id in universe {
            let spot = market.quote(id)?.spot ?? 0
            func r(_ s: Shock) -> Double { s.mode == .relative ? s.value : (spot > 0 ? s.value / spot : 0) }
            let inst = sc.spotShocks.filter { if case .instrument(id) = $0.target { return true }; return false }
            let grp = sc.spotShocks.filter { if case .group(let a, let v) = $0.target { return matches(id, a, v) }; return false }
            let all = sc.spotShocks.filter { $0.target == .all }
            if !inst.isEmpty { ret[id] = inst.reduce(0) { $0 + r($1) }; src[id] = .instrument }
            else if !grp.isEmpty { ret[id] = grp.reduce(0) { $0 + r($1) }; src[id] = .group }
            else if !all.isEmpty { ret[id] = all.reduce(0) { $0 + r($1) }; src[id] = .all }
            if let x = ret[id], !(x > -1) { throw .spotNotPositive(scenario: sc.id, instrument: id, spotReturn: x) }
        }
        let shocked = universe.filter { ret[$0] != nil }
        let unshocked = universe.filter { ret[$0] == nil }
        switch sc.propagation {
        case .none: break
        case .beta(let b):
            guard let rb = ret[b] else { throw .benchmarkNotShocked(scenario: sc.id, benchmark: b) }
            if let bb = market.quote(b)?.beta, abs(bb - 1) > 0.05 {
                warnings.append("\(sc.id): benchmark \(b) has beta \(bb) in the snapshot; propagation uses r_x = beta_x x r_\(b) as documented")
            }
            var noBeta: [String] = []
            for id in unshocked {
                if let beta = market.quote(id)?.beta { ret[id] = beta * rb; src[id] = .beta } else { noBeta.append(id) }
            }
            if !noBeta.isEmpty { warnings.append("\(sc.id): no beta for \(noBeta.joined(separator: ", ")); not propagated (move 0)") }
        case .factor:
            guard let fm = factors else {
                throw .factor(scenario: sc.id, message: "propagation: factor needs a factor model (price history and the workspace's factors)")
            }
            var shockedFactors: [String: Double] = [:]
            for s in sc.spotShocks { if case .factor(let f) = s.target { shockedFactors[f, default: 0] += s.value } }
            let f: [Double]
            do { f = try fm.factorMoves(shocked: shockedFactors) } catch {
                throw .factor(scenario: sc.id, message: "the covariance of the shocked factors is not positive definite (\(error))")
            }
            var none: [String] = []
            for id in unshocked {
                guard let x = fm.move(id, factorMoves: f) else { none.append(id); continue }
                if !(x > -1) { throw .spotNotPositive(scenario: sc.id, instrument: id, spotReturn: x) }
                ret[id] = x
                src[id] = .factor
            }
            if !none.isEmpty { warnings.append("\(sc.id): no factor exposures for \(none.joined(separator: ", ")); not propagated (move 0)") }
        case .conditionalMean:
            let cov: StressCovariance
            if let c = covariance {
                cov = c
            } else {
                // The caller reports the fallback once (see `StressReport.propagationSource`).
                cov = try StressCovariance.singleIndex(market: market, ids: universe)
            }
            let inCov = Set(cov.ids)
            let given = shocked.filter { inCov.contains($0) }
            let targets = unshocked.filter { inCov.contains($0) }
            let outsideGiven = shocked.filter { !inCov.contains($0) }
            let outsideTargets = unshocked.filter { !inCov.contains($0) }
            if !outsideGiven.isEmpty {
                warnings.append("\(sc.id): shocked \(outsideGiven.joined(separator: ", ")) not in the covariance; not used to condition")
            }
            if !outsideTargets.isEmpty {
                warnings.append("\(sc.id): \(outsideTargets.joined(separator: ", ")) not in the covariance; not propagated (move 0)")
            }
            if !given.isEmpty && !targets.isEmpty {
                let moved = try cov.conditionalMean(given: given, shocks: given.map { ret[$0]! }, targets: targets)
                for (id, x) in zip(targets, moved) {
                    if !(x > -1) { throw .spotNotPositive(scenario: sc.id, instrument: id, spotReturn: x) }
                    ret[id] = x
                    src[id] = .conditionalMean
                }
            }
        }

        // Vol: same precedence; relative shocks contribute value × base vol.
        var moves: [InstrumentMove] = []
        for id in universe {
            let q = market.quote(id)
            var shockedVol: Double? = q?.volatility
            if let base = q?.volatility {
                func dv(_ s: Shock) -> Double { s.mode == .relative ? s.value * base : s.value }
                let inst = sc.volShocks.filter { if case .instrument(id) = $0.target { return true }; return false }
                let grp = sc.volShocks.filter { if case .group(let a, let v) = $0.target { return matches(id, a, v) }; return false }
                let all = sc.volShocks.filter { $0.target == .all }
                let level = !inst.isEmpty ? inst : (!grp.isEmpty ? grp : all)
                let v = base + level.reduce(0) { $0 + dv($1) }
                if v < 0 { throw .negativeVolatility(scenario: sc.id, instrument: id, base: base, shocked: v) }
                shockedVol = v
            }
            moves.append(InstrumentMove(id: id, spotReturn: ret[id] ?? 0, source: src[id] ?? .none, volatility: q?.volatility,
                                        shockedVolatility: shockedVol, held: held.contains(id)))
        }
        var fx: [Currency: Double] = [:]
        for c in engine.currencies { fx[c] = 0 }
        for (c, f) in sc.fxShocks.sorted(by: { $0.key < $1.key }) {
            if c == engine.baseCurrency {
                warnings.append("\(sc.id): FX shock for the base currency \(c) has no effect")
            } else if fx[c] == nil {
                warnings.append("\(sc.id): FX shock for \(c), a currency the book does not hold; no effect (held: \(engine.currencies.map(\.code).joined(separator: ", ")))")
            } else {
                fx[c] = f
            }
        }
        return ResolvedScenario(scenario: sc, moves: moves, fx: fx, warnings: warnings)
    }

    /// Resolves scenarios into a ``ScenarioMatrix`` (rows in the given order) plus the details of each.
    public func matrix(_ scenarios: [Scenario]) throws(StressError) -> (matrix: ScenarioMatrix, resolved: [ResolvedScenario]) {
        var resolved: [ResolvedScenario] = []
        for s in scenarios { resolved.append(try resolve(s)) }
        return (matrix(resolved), resolved)
    }

    /// Fills a ``ScenarioMatrix`` from resolved scenarios.
    public func matrix(_ resolved: [ResolvedScenario]) -> ScenarioMatrix {
        let n = resolved.count
        var m = ScenarioMatrix(engine: engine, count: n)
        for (si, r) in resolved.enumerated() {
            for (a, id) in engine.instruments.enumerated() { m.returns[si, a] = r.move(id)?.spotReturn ?? 0 }
            for (k, id) in engine.optionUnderlyings.enumerated() {
                m.volatilities[si, k] = r.move(id)?.shockedVolatility ?? engine.baseVolatility[k]
            }
            for (c, ccy) in engine.currencies.enumerated() { m.fxReturns[si, c] = r.fx[ccy] ?? 0 }
            m.horizonYears[si] = Double(r.scenario.horizonDays) / 365.0
        }
        return m
    }
}

/// Nearest id by edit distance (for "did you mean" hints); nil when nothing is close.
func nearest(_ word: String, among candidates: [String]) -> String? {
    let w = Array(word.lowercased())
    var best: (String, Int)?
    for c in candidates {
        let b = Array(c.lowercased())
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(1, w.count) where !w.isEmpty {
            cur[0] = i
            for j in 1...max(1, b.count) where !b.isEmpty {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (w[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        let d = w.isEmpty ? b.count : (b.isEmpty ? w.count : prev[b.count])
        if best == nil || d < best!.1 { best = (c, d) }
    }
    guard let (c, d) = best else { return nil }
    return d <= max(2, w.count / 3) ? c : nil
}
