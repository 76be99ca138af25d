#if canImport(Glibc)
import Glibc
#endif
import Basics
import Dispatch
import Instruments
import LinearAlgebra
import MarketData
import Portfolio
import Pricing
import QuantMath

/// One line the stress engine values: a book position, or a leg of a *held* hedge package.
public struct StressPosition: Sendable {
    /// Position id, or `HEDGE/LEG` for a held hedge leg.
    public var id: String
    /// Market key whose spot drives the line (the underlying for options).
    public var marketKey: String
    public var kind: InstrumentKind
    public var layer: String
    public var country: String
    /// Trading currency (the snapshot quote's currency, which sets the FX conversion).
    public var currency: Currency
    public var tags: [String]
    public var exchange: String
    /// Pairs the position is a leg of.
    public var pairs: [String]
    /// The held hedge package the line belongs to (nil for book positions).
    public var hedge: String?
    public var resolved: ResolvedPosition
    /// Value at the valuation date in base currency (signed; options at Black–Scholes price).
    public var baseValue: Double
    public var isOption: Bool { resolved.option != nil }
}

/// S scenarios over an engine's columns (column-major, scenario index fastest).
///
/// - `returns` S × A: relative spot return of each instrument column (0.10 = +10%), in the trading currency.
/// - `volatilities` S × K: shocked volatility **level** (fraction) of each option-underlying column.
/// - `fxReturns` S × C: relative change of each currency's value in base currency (0.05 = currency +5%).
/// - `horizonYears` S: time by which options are aged, ACT/365F (calendar days / 365).
public struct ScenarioMatrix: Sendable {
    public var count: Int
    public var returns: Matrix
    public var volatilities: Matrix
    public var fxReturns: Matrix
    public var horizonYears: [Double]

    /// `count` zero-shock scenarios for `engine` (returns 0, base vols, no FX move, no aging).
    public init(engine: StressEngine, count: Int) {
        self.count = count
        returns = Matrix(rows: count, cols: engine.instruments.count)
        var v = Matrix(rows: count, cols: engine.optionUnderlyings.count)
        for k in 0..<engine.optionUnderlyings.count {
            let base = engine.baseVolatility[k]
            for s in 0..<count { v.storage[k * count + s] = base }
        }
        volatilities = v
        fxReturns = Matrix(rows: count, cols: engine.currencies.count)
        horizonYears = [Double](repeating: 0, count: count)
    }
}

/// Revalues a resolved book under many scenarios at once.
///
/// Conventions: P&L in base currency, positive = gain, relative to the valuation-date value of each line.
/// - Linear lines (stock, ETF, stock hedge legs): P&L = V₀ · ((1 + r)(1 + f) − 1), r the spot return of the market
///   key, f the FX return of its currency. Computed for all scenarios as one matrix product R′ · E (BLAS dgemm, or
///   dgemv for a single bucket), R′ the S × A base-currency returns and E the A × G exposures per bucket. No carry,
///   dividends or borrow accrue over the horizon.
/// - Options: full revaluation per scenario with spot, vol and time shocked together:
///   q · m · V(S₀(1 + r), σ′, T − h) · fx₀ (1 + f) − V₀, σ′ = the underlying's shocked vol level plus the leg's offset
///   from it (σ_leg − σ_snapshot: non-zero only for a leg priced off an implied-vol surface; floored at 0), V by the book's ``OptionValuationPolicy`` (Black–Scholes–Merton
///   for European legs, Bjerksund–Stensland 2002 for American ones by default); an option aged past expiry is worth
///   its intrinsic value.
/// - Buckets: a P × G weight matrix W maps position P&L to G outputs (identity = per position, a column of ones =
///   total, 0/1 membership = pairs, layers, countries, hedge packages). Aggregations are always W applied to the
///   same per-position P&L.
public struct StressEngine: Sendable {
    public let book: ResolvedBook
    public let positions: [StressPosition]
    /// Instrument columns A: distinct market keys of the lines, in book order.
    public let instruments: [String]
    /// Currency columns C (sorted), the quote currencies of the lines.
    public let currencies: [Currency]
    /// Option-underlying columns K (the vol columns of a ``ScenarioMatrix``).
    public let optionUnderlyings: [String]
    /// Base vol of each option-underlying column.
    public let baseVolatility: [Double]
    /// Held hedge packages valued as lines, and proposed (not held) ones that are not.
    public let heldHedges: [String]
    public let proposedHedges: [String]
    public let notes: [String]

    let instrumentColumn: [Int]   // per position
    let currencyColumn: [Int]     // per instrument column
    let volColumn: [Int]          // per position (−1 for linear)

    public var nav: Double { book.nav }
    public var baseCurrency: Currency { book.book.baseCurrency }
    public func column(of instrument: String) -> Int? { instruments.firstIndex(of: instrument) }

    /// Prepares the engine. Held hedge packages (`held: true`) become lines: option legs at their terms (the one strike
    /// rule of ``ResolvedBook/resolveOption(_:id:quote:rate:valuationDate:policy:strikeOverride:)``), quantity = stated quantity or notional % NAV × NAV / (spot × multiplier × FX); stock/forward legs as shares.
    /// - Throws: ``ResolutionError`` when a held hedge leg has no quote or FX rate.
    public init(book rb: ResolvedBook) throws {
        var lines: [StressPosition] = []
        var notes: [String] = []
        let b = rb.book
        for r in rb.positions {
            let p = r.position
            let ccy = rb.market.quote(p.marketKey)?.currency ?? p.currency
            lines.append(StressPosition(
                id: p.id, marketKey: p.marketKey, kind: p.kind, layer: p.layer, country: p.country, currency: ccy,
                tags: p.tags, exchange: p.exchange, pairs: b.pairs(containing: p.id), hedge: nil, resolved: r,
                baseValue: r.value()))
        }
        var problems: [String] = []
        var held: [String] = [], proposed: [String] = []
        for h in b.hedges {
            guard h.held else { proposed.append(h.id); continue }
            held.append(h.id)
            for leg in h.legs {
                let u = leg.underlying
                guard let q = rb.market.quote(u), let fx = rb.market.fxRate(q.currency) else {
                    problems.append("held hedge \(h.id)/\(leg.id): no quote or FX rate for '\(u)' in the market snapshot")
                    continue
                }
                let holder = b.positions.first { $0.marketKey == u }
                var option: ResolvedOption?
                var kind = InstrumentKind.equity
                var mult = 1.0
                if case .option(let t) = leg.instrument {
                    kind = .option
                    mult = t.multiplier
                    let (o, note) = ResolvedBook.resolveOption(t, id: "\(h.id)/\(leg.id)", quote: q, rate: rb.market.rate(q.currency),
                                                               valuationDate: b.valuationDate, policy: rb.policy,
                                                               surface: rb.market.volSurfaces[u])
                    option = o
                    if let note { notes.append(note) }
                    if let v = ResolvedBook.volatilityNote(o, id: "\(h.id)/\(leg.id)", quote: q) { notes.append(v) }
                    if t.expiry < b.valuationDate {
                        notes.append("held hedge leg \(h.id)/\(leg.id) expired on \(t.expiry); valued at intrinsic")
                    }
                }
                let qty = leg.quantity ?? ((leg.notionalPercentOfNAV ?? 0) / 100 * b.nav / (q.spot * mult * fx))
                guard qty.isFinite else {
                    problems.append("held hedge \(h.id)/\(leg.id): a notional in % of NAV at a spot of \(q.spot) for '\(u)' is a quantity beyond any number")
                    continue
                }
                let pos = Position(id: "\(h.id)/\(leg.id)", instrument: u, kind: kind, side: leg.side, size: .quantity(qty),
                                   exchange: leg.exchange ?? holder?.exchange ?? "", currency: q.currency,
                                   country: leg.country ?? holder?.country ?? "", layer: "hedge", tags: ["hedge"],
                                   option: nil)
                let r = ResolvedPosition(position: pos, spot: q.spot, fx: fx, quantity: leg.side.sign * qty, option: option,
                                         beta: q.beta)
                lines.append(StressPosition(
                    id: pos.id, marketKey: u, kind: kind, layer: "hedge", country: pos.country, currency: q.currency,
                    tags: ["hedge"], exchange: pos.exchange, pairs: [], hedge: h.id, resolved: r, baseValue: r.value()))
            }
        }
        if !problems.isEmpty { throw ResolutionError(problems: problems) }
        if !proposed.isEmpty {
            notes.append("proposed (not held) hedge packages are not valued: \(proposed.joined(separator: ", "))")
        }
        var instruments: [String] = []
        var seen = Set<String>()
        for l in lines where seen.insert(l.marketKey).inserted { instruments.append(l.marketKey) }
        let currencies = Array(Set(lines.map(\.currency))).sorted()
        var underlyings: [String] = []
        var seenU = Set<String>()
        for l in lines where l.isOption && seenU.insert(l.marketKey).inserted { underlyings.append(l.marketKey) }

        self.book = rb
        self.positions = lines
        self.instruments = instruments
        self.currencies = currencies
        self.optionUnderlyings = underlyings
        self.baseVolatility = underlyings.map { rb.market.quote($0)?.volatility ?? 0 }
        self.heldHedges = held
        self.proposedHedges = proposed
        self.notes = rb.notes + notes
        self.instrumentColumn = lines.map { l in instruments.firstIndex(of: l.marketKey)! }
        self.currencyColumn = instruments.map { id in currencies.firstIndex(of: lines.first { $0.marketKey == id }!.currency)! }
        self.volColumn = lines.map { l in l.isOption ? underlyings.firstIndex(of: l.marketKey)! : -1 }
    }

    /// The identity bucket matrix (P × P): one output column per position.
    public var perPosition: Matrix { Matrix.identity(positions.count) }
    /// A single bucket (P × 1 of ones): the book total.
    public var total: Matrix { Matrix(rows: positions.count, cols: 1, repeating: 1) }

    /// P&L (base currency, gain > 0) of every scenario in `m` into G buckets: the S × G matrix
    /// (per-position P&L) · W. See the type's documentation for the valuation of each kind of line.
    public func evaluate(_ m: ScenarioMatrix, buckets w: Matrix) -> Matrix {
        let s = m.count
        let a = instruments.count
        let p = positions.count
        let g = w.cols
        precondition(w.rows == p, "evaluate: bucket matrix must have one row per position")
        precondition(m.returns.rows == s && m.returns.cols == a && m.fxReturns.cols == currencies.count
                     && m.volatilities.cols == optionUnderlyings.count && m.horizonYears.count == s,
                     "evaluate: scenario matrix built for another engine")
        var out = Matrix(rows: s, cols: g)
        if s == 0 || g == 0 { return out }

        // Exposure per instrument column and bucket: E[a, g] = Σ_{linear p on a} V₀_p · W[p, g].
        var e = Matrix(rows: a, cols: g)
        for (i, l) in positions.enumerated() where !l.isOption {
            let col = instrumentColumn[i]
            for j in 0..<g {
                let wij = w.storage[j * p + i]
                if wij != 0 { e.storage[j * a + col] += l.baseValue * wij }
            }
        }
        // Base-currency returns R′ = (1 + r)(1 + f) − 1, only when some FX shock is non-zero.
        let hasFX = m.fxReturns.storage.contains { $0 != 0 }
        if hasFX {
            var rb = m.returns
            let fxc = currencyColumn
            rb.storage.withUnsafeMutableBufferPointer { r in
                m.fxReturns.storage.withUnsafeBufferPointer { f in
                    for col in 0..<a {
                        let fBase = fxc[col] * s
                        let rBase = col * s
                        for i in 0..<s { r[rBase + i] = (1 + r[rBase + i]) * (1 + f[fBase + i]) - 1 }
                    }
                }
            }
            linear(rb, e, into: &out)
        } else {
            linear(m.returns, e, into: &out)
        }
        revalueOptions(m, buckets: w, into: &out)
        return out
    }

    private func linear(_ r: Matrix, _ e: Matrix, into out: inout Matrix) {
        if e.cols == 1 {
            BLAS.gemv(r, e.storage, into: &out.storage)
        } else {
            BLAS.gemm(r, e, into: &out)
        }
    }

    /// Full revaluation of every option line under every scenario, accumulated into the buckets.
    ///
    /// Scenarios are split into contiguous row ranges; each range loops over the option lines in the same order, so
    /// every output entry receives the same additions in the same order whatever the number of workers (results are
    /// bit-identical to the single-worker path). When all scenarios share one horizon, the time-only terms (√T, e^{−qT},
    /// e^{−rT}, (r − q)T) are computed once per option; the per-scenario work is then one log and two erfc, with the same
    /// floating-point expressions as ``BlackScholes/price(right:spot:strike:time:rate:dividendYield:volatility:)``.
    private func revalueOptions(_ m: ScenarioMatrix, buckets w: Matrix, into out: inout Matrix) {
        let s = m.count
        let p = positions.count
        let g = w.cols
        let cc = currencyColumn
        var lines: [OptionLine] = []
        for (i, l) in positions.enumerated() {
            guard let o = l.resolved.option else { continue }
            var targets: [(Int, Double)] = []
            for j in 0..<g where w.storage[j * p + i] != 0 { targets.append((j, w.storage[j * p + i])) }
            if targets.isEmpty { continue }
            let col = instrumentColumn[i]
            lines.append(OptionLine(
                rBase: col * s, vBase: volColumn[i] * s, fBase: cc[col] * s, s0: l.resolved.spot,
                scale: l.resolved.quantity * o.multiplier * l.resolved.fx, v0: l.baseValue, right: o.right, strike: o.strike,
                t0: o.timeToExpiry, rate: o.rate, q: o.dividendYield, ownVol: o.volatility, baseVol: baseVolatility[volColumn[i]],
                exercise: o.exercise, policy: o.policy, targets: targets))
        }
        if lines.isEmpty { return }
        let optionLines = lines
        let h0 = m.horizonYears[0]
        let sameHorizon = m.horizonYears.allSatisfy { $0.bitPattern == h0.bitPattern }
        // Rows per worker: at least 2,048 scenarios each (below that the split costs more than it saves).
        let workers = max(1, min(StressEngine.maxWorkers, (s * lines.count) / 200_000, s / 2_048))
        m.returns.storage.withUnsafeBufferPointer { r in
            m.volatilities.storage.withUnsafeBufferPointer { v in
                m.fxReturns.storage.withUnsafeBufferPointer { f in
                    m.horizonYears.withUnsafeBufferPointer { h in
                        out.storage.withUnsafeMutableBufferPointer { y in
                            let box = StressBuffers(r: r.baseAddress!, v: v.baseAddress, f: f.baseAddress, h: h.baseAddress!,
                                                    y: y.baseAddress!)
                            if workers == 1 {
                                StressEngine.revalueRows(optionLines, 0, s, s, sameHorizon ? h0 : nil, box)
                            } else {
                                let chunk = (s + workers - 1) / workers
                                DispatchQueue.concurrentPerform(iterations: workers) { wi in
                                    let lo = wi * chunk, hi = min(s, lo + chunk)
                                    if lo < hi { StressEngine.revalueRows(optionLines, lo, hi, s, sameHorizon ? h0 : nil, box) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Worker threads for the option revaluation (the machine's online cores, at most 8).
    static let maxWorkers = min(8, max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))

    struct OptionLine: Sendable {
        let rBase, vBase, fBase: Int
        let s0, scale, v0: Double
        let right: OptionRight
        let strike, t0, rate, q: Double
        /// The leg's own vol and its underlying's snapshot vol (equal unless the leg's vol comes from a surface): the
        /// scenario vol is `own + (level − base)`, so a vol shock moves a surface leg by the same points (floored at 0),
        /// and exactly `own` when the level is unshocked.
        let ownVol, baseVol: Double
        @inline(__always) func vol(_ level: Double) -> Double { level == baseVol ? ownVol : max(level + (ownVol - baseVol), 0) }
        let exercise: ExerciseStyle
        let policy: OptionValuationPolicy
        let targets: [(Int, Double)]
        /// True when the line is priced by Black–Scholes–Merton (European, or American under the `.european` policy).
        var isBlackScholes: Bool { policy.isBlackScholes(exercise) }
    }

    /// Raw pointers into the scenario inputs and the output; workers write disjoint rows of `y` only.
    struct StressBuffers: @unchecked Sendable {
        let r: UnsafePointer<Double>
        let v: UnsafePointer<Double>?
        let f: UnsafePointer<Double>?
        let h: UnsafePointer<Double>
        let y: UnsafeMutablePointer<Double>
    }

    /// Revalues every option line for scenarios lo..<hi (of `s`), adding each line's P&L into its buckets.
    static func revalueRows(_ lines: [OptionLine], _ lo: Int, _ hi: Int, _ s: Int, _ horizon: Double?,
                            _ b: StressBuffers) {
        let r = b.r, h = b.h, y = b.y
        guard let v = b.v, let f = b.f else { return }
        for l in lines {
            let k = l.strike, rate = l.rate, q = l.q, s0 = l.s0, scale = l.scale, v0 = l.v0
            let rBase = l.rBase, vBase = l.vBase, fBase = l.fBase
            let targets = l.targets
            let single = targets.count == 1 ? targets[0] : nil
            @inline(__always) func add(_ si: Int, _ price: Double) {
                let pnl = scale * price * (1 + f[fBase + si]) - v0
                if let (j, wij) = single {
                    y[j * s + si] += wij * pnl
                } else {
                    for (j, wij) in targets { y[j * s + si] += wij * pnl }
                }
            }
            if l.isBlackScholes, let h0 = horizon, l.t0 - h0 > 0 {
                // Hoisted time terms: identical values to those the scalar pricer computes per call.
                let time = l.t0 - h0
                let sqrtT = time.squareRoot()
                let dq = exp(-q * time)
                let df = exp(-rate * time)
                let drift = (rate - q) * time
                let kdf = k * df
                let isCall = l.right == .call
                for si in lo..<hi {
                    let spot = s0 * (1 + r[rBase + si])
                    let sd = l.vol(v[vBase + si]) * sqrtT
                    let price: Double
                    if !(sd > 0 && spot > 0 && k > 0) {
                        let fwd = spot * dq - k * df
                        price = isCall ? max(fwd, 0) : max(-fwd, 0)
                    } else {
                        let d1 = (log(spot / k) + drift) / sd + 0.5 * sd
                        let d2 = d1 - sd
                        if isCall {
                            price = max(spot * dq * Normal.cdf(d1) - kdf * Normal.cdf(d2), 0)
                        } else {
                            price = max(kdf * Normal.cdf(-d2) - spot * dq * Normal.cdf(-d1), 0)
                        }
                    }
                    add(si, price)
                }
            } else {
                let right = l.right, t0 = l.t0, ex = l.exercise, policy = l.policy
                for si in lo..<hi {
                    let price = policy.scenarioPrice(right: right, exercise: ex, spot: s0 * (1 + r[rBase + si]), strike: k,
                                                     time: t0 - h[si], rate: rate, dividendYield: q,
                                                     volatility: l.vol(v[vBase + si]))
                    add(si, price)
                }
            }
        }
    }
}
