#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Basics
import Instruments
import LinearAlgebra
import MarketData
import Portfolio
import Pricing
import QuantMath

/// An option leg revalued in full on every Monte Carlo path, by the book's ``OptionValuationPolicy`` (Black–Scholes–Merton
/// for European legs, Bjerksund–Stensland 2002 for American ones by default), as in `ResolvedOption`.
public struct OptionLeg: Sendable, Equatable {
    public var right: OptionRight
    public var exercise: ExerciseStyle
    public var policy: OptionValuationPolicy
    public var spot: Double
    public var strike: Double
    /// Years to expiry today (ACT/365F).
    public var time: Double
    public var rate: Double
    public var dividendYield: Double
    public var volatility: Double
    /// Signed quantity × multiplier × FX / NAV: P&L (fraction of NAV) per unit change of the per-share option value.
    public var scale: Double
    public var price0: Double

    public init(right: OptionRight, exercise: ExerciseStyle = .european, policy: OptionValuationPolicy = .standard,
                spot: Double, strike: Double, time: Double, rate: Double, dividendYield: Double, volatility: Double, scale: Double) {
        self.right = right; self.exercise = exercise; self.policy = policy
        self.spot = spot; self.strike = strike; self.time = time; self.rate = rate
        self.dividendYield = dividendYield; self.volatility = volatility; self.scale = scale
        self.price0 = policy.scenarioPrice(right: right, exercise: exercise, spot: spot, strike: strike, time: time, rate: rate,
                                           dividendYield: dividendYield, volatility: volatility)
    }
}

/// One position as a risk leg: the factor (market key) it loads on, its delta-equivalent exposure (fraction of NAV,
/// signed) and, for options, the terms for full revaluation.
public struct RiskLeg: Sendable, Equatable {
    public var id: String
    public var factor: Int
    public var exposure: Double
    public var option: OptionLeg?
    public init(id: String, factor: Int, exposure: Double, option: OptionLeg? = nil) {
        self.id = id; self.factor = factor; self.exposure = exposure; self.option = option
    }
}

/// Full-revaluation P&L of a set of legs on simulated factor **log** returns x over the horizon:
/// stock legs exposure·(eˣ − 1); option legs scale·(V(S·eˣ, T − h/252) − V(S, T)).
public struct LegPortfolio: Sendable {
    public var legs: [RiskLeg]
    public var horizonYears: Double
    /// Spot grids of tree prices for American legs under the `.tree` policy (by leg index).
    let grids: [Int: AmericanSpotGrid]

    public init(legs: [RiskLeg], horizonDays: Int) {
        self.legs = legs
        self.horizonYears = Double(horizonDays) / 252
        var g: [Int: AmericanSpotGrid] = [:]
        for (i, leg) in legs.enumerated() {
            guard let o = leg.option, !o.policy.isBlackScholes(o.exercise), o.policy.americanInScenarios == .tree else { continue }
            let t = o.time - Double(horizonDays) / 252
            g[i] = AmericanSpotGrid(spot0: o.spot) { s in
                o.policy.singlePrice(right: o.right, exercise: o.exercise, spot: s, strike: o.strike, time: t, rate: o.rate,
                                     dividendYield: o.dividendYield, volatility: o.volatility)
            }
        }
        grids = g
    }

    /// Writes P&L (fraction of NAV) for `rows` paths; `x` is rows × factors, column-major.
    public func revalue(_ x: UnsafePointer<Double>, rows: Int, into out: UnsafeMutablePointer<Double>) {
        for i in 0..<rows { out[i] = 0 }
        for (k, leg) in legs.enumerated() {
            let col = x + leg.factor * rows
            if let grid = grids[k], let o = leg.option {
                for i in 0..<rows { out[i] += o.scale * (grid.value(at: o.spot * exp(col[i])) - o.price0) }
            } else if let o = leg.option {
                let t = o.time - horizonYears
                for i in 0..<rows {
                    let s = o.spot * exp(col[i])
                    let v = o.policy.scenarioPrice(right: o.right, exercise: o.exercise, spot: s, strike: o.strike, time: t, rate: o.rate,
                                                   dividendYield: o.dividendYield, volatility: o.volatility)
                    out[i] += o.scale * (v - o.price0)
                }
            } else {
                let e = leg.exposure
                for i in 0..<rows { out[i] += e * (exp(col[i]) - 1) }
            }
        }
    }
}

/// Where a factor's history came from, or how it was proxied.
public struct FactorHistory: Sendable, Equatable {
    public var factor: String
    /// File read (nil when proxied).
    public var file: String?
    /// Non-nil when the factor has no usable history: the rule applied and the peers averaged.
    public var proxy: String?
    public var proxyPeers: [String]
    public var reason: String?
}

/// Book-mode risk: positions → factor legs, factor histories with documented proxies, VaR/ES four ways and Euler
/// components by position, pair, layer and country.
///
/// Rules (also printed in every report):
/// - Factors are the positions' market keys (the underlying for options). Histories come from a wide CSV panel or
///   from the workspace's ``PriceHistorySource``. Returns are daily **log** returns in each listing's own currency (no FX
///   history is available, so FX risk is not modelled; stated in the notes).
/// - Window: `to` defaults to the earliest last date among factors whose history is not stale (last date within 365
///   days of the valuation date); `from` defaults to one calendar year before `to`. Dates: intersection of calendars.
/// - A factor has no usable history when it has no file, its history is stale, starts more than 7 days after `from`, or
///   has fewer than 60 prices in the window. Its return is then proxied by the equal-weighted average of the usable
///   factors in the same layer (from the book), else the same country, else all usable factors, never using a factor on
///   the other side of one of its pairs (which would make the pair degenerate) — reported, never dropped.
/// - Exposures: stock legs at signed market value / NAV; option legs at delta-equivalent notional / NAV for the
///   parametric, historical and Cornish–Fisher methods and the Euler allocation (a linear approximation, stated), and
///   revalued in full (Black–Scholes–Merton at S·eˣ with the time to expiry reduced by h/252 years) in Monte Carlo.
public enum BookRisk {
    public struct Input: Sendable {
        public var book: ResolvedBook
        /// Where the factors' histories come from (adjusted closes).
        public var history: any PriceHistorySource
        public var from: LocalDate?
        public var to: LocalDate?
        public init(book: ResolvedBook, history: any PriceHistorySource, from: LocalDate? = nil, to: LocalDate? = nil) {
            self.book = book; self.history = history; self.from = from; self.to = to
        }
    }

    public struct FactorData: Sendable {
        public var factors: [String]
        public var returns: ReturnPanel
        public var histories: [FactorHistory]
        public var notes: [String]
        public var alignment: AlignmentReport?
        /// Set when the window ends before the valuation date: outputs print it first.
        public var windowNote: String?
    }

    /// Loads and aligns factor histories, builds proxies.
    public static func factorData(_ input: Input) throws(RiskError) -> FactorData {
        let rb = input.book
        var factors: [String] = []
        var layerOf: [String: String] = [:]
        var countryOf: [String: String] = [:]
        for p in rb.positions {
            let k = p.position.marketKey
            if !factors.contains(k) { factors.append(k) }
            if layerOf[k] == nil { layerOf[k] = p.position.layer }
            if countryOf[k] == nil { countryOf[k] = p.position.country }
        }
        var series: [String: PriceSeries] = [:]
        var histories: [String: FactorHistory] = [:]
        var notes: [String] = []
        for f in factors {
            let found: PriceSeries?
            do { found = try input.history.series(f, field: .adjustedClose) } catch { throw .data(error) }
            guard let s = found else {
                histories[f] = FactorHistory(factor: f, file: nil, proxy: nil, proxyPeers: [], reason: "no price history in \(input.history.summary)")
                continue
            }
            series[f] = s
            histories[f] = FactorHistory(factor: f, file: s.file, proxy: nil, proxyPeers: [], reason: nil)
        }
        let valuation = rb.book.valuationDate
        // Stale histories.
        for (f, s) in series {
            if let last = s.dates.last, last.days(to: valuation) > 365 {
                histories[f]?.reason = "history ends \(last), more than 365 days before the valuation date \(valuation)"
                series[f] = nil
            }
        }
        guard !series.isEmpty else {
            throw .missing("no factor of the book has a usable price history in \(input.history.summary)")
        }
        let to = input.to ?? series.values.compactMap { $0.dates.last }.min()!
        let from = input.from ?? to.adding(days: -365)
        for (f, s) in series {
            let inWindow = s.dates.filter { $0 >= from && $0 <= to }.count
            if let first = s.dates.first, first.daysSinceEpoch > from.daysSinceEpoch + 7 {
                histories[f]?.reason = "history starts \(first), after the window start \(from)"
                series[f] = nil
            } else if inWindow < 60 {
                histories[f]?.reason = "only \(inWindow) prices in the window \(from)…\(to) (need 60)"
                series[f] = nil
            }
        }
        let usable = factors.filter { series[$0] != nil }
        guard usable.count >= 1 else { throw .missing("no factor has a usable history in \(from)…\(to)") }
        let trimmed = usable.map { f -> PriceSeries in
            var s = series[f]!
            let idx = s.dates.indices.filter { s.dates[$0] >= from && s.dates[$0] <= to }
            s.dates = idx.map { s.dates[$0] }
            s.values = idx.map { s.values[$0] }
            s.lines = idx.map { s.lines[$0] }
            return s
        }
        let aligned: (panel: PricePanel, report: AlignmentReport)
        do { aligned = try PriceAlignment.align(trimmed, policy: .intersection) } catch { throw .data(error) }
        let ret: ReturnPanel
        do { ret = try aligned.panel.returns(kind: .log) } catch { throw .data(error) }
        let opposite = ProxyRule.opposites(rb)
        // Build the full factor return matrix with proxies.
        let t = ret.observationCount
        var cols: [[Double]] = []
        for f in factors {
            if let j = usable.firstIndex(of: f) {
                cols.append(ret.values.column(j))
                continue
            }
            let (peers, rule) = ProxyRule.peers(for: f, usable: usable, layerOf: layerOf, countryOf: countryOf,
                                                excluded: opposite[f] ?? [])
            var c = [Double](repeating: 0, count: t)
            for p in peers {
                let col = ret.values.column(usable.firstIndex(of: p)!)
                for i in 0..<t { c[i] += col[i] / Double(peers.count) }
            }
            cols.append(c)
            histories[f]?.proxy = rule
            histories[f]?.proxyPeers = peers
            notes.append("\(f): no usable history (\(histories[f]?.reason ?? "")); proxied by the \(rule) of \(peers.joined(separator: ", "))")
        }
        notes.append("returns: daily log returns in each listing's currency over \(ret.dates.first!)…\(ret.dates.last!) (\(t) dates, intersection of calendars); FX risk not modelled (no FX history)")
        notes.append("closes on different exchanges are not synchronous (Asia closes before the US); correlations across time zones are understated")
        let m = Matrix(rows: t, cols: factors.count, columnMajor: cols.flatMap { $0 })
        var because = "the window was given (--to)"
        if input.to == nil {
            let early = usable.filter { series[$0]?.dates.last == to }
            because = "the histories of \(early.joined(separator: ", ")) end there (the window ends at the earliest last date of the usable histories)"
        }
        let windowNote = QuoteFreshness.windowNote("history", end: ret.dates.last!, valuationDate: valuation, because: because)
        return FactorData(factors: factors, returns: ReturnPanel(dates: ret.dates, tickers: factors, values: m, kind: .log),
                          histories: factors.map { histories[$0]! }, notes: notes, alignment: aligned.report, windowNote: windowNote)
    }

    /// Legs from a resolved book, indexed into `factors`.
    public static func legs(_ rb: ResolvedBook, factors: [String]) -> [RiskLeg] {
        rb.positions.map { p in
            let f = factors.firstIndex(of: p.position.marketKey)!
            let exposure = p.deltaNotional / rb.nav
            var opt: OptionLeg? = nil
            if let o = p.option {
                opt = OptionLeg(right: o.right, exercise: o.exercise, policy: o.policy, spot: p.spot, strike: o.strike, time: o.timeToExpiry, rate: o.rate,
                                dividendYield: o.dividendYield, volatility: o.volatility,
                                scale: p.quantity * o.multiplier * p.fx / rb.nav)
            }
            return RiskLeg(id: p.position.id, factor: f, exposure: exposure, option: opt)
        }
    }

    public struct Report: Sendable {
        public var factorData: FactorData
        public var legs: [RiskLeg]
        /// Linear (delta) report at the factor level (weights = summed leg exposures per factor), plus Euler by position.
        public var linear: PortfolioRiskReport
        public var monteCarlo: [VaR.Measure]
        public var monteCarloUsedEigenFactor: Bool
        /// Euler components per confidence: by position, pair, layer, country.
        public var components: [(confidence: Double, byPosition: [(String, Double)], byPair: [(String, Double)],
                                 byLayer: [(String, Double)], byCountry: [(String, Double)], total: Double)]
    }

    /// The Monte Carlo P&L of the legs (full revaluation) through the factor estimate's mean (zero for EWMA or
    /// `zeroMean`) and covariance; `chunks` limits the run to those chunks of `options.paths` (a shard).
    public static func simulate(legs: [RiskLeg], estimate: CovarianceEstimate, options: RiskOptions, chunks: Range<Int>? = nil)
        throws(RiskError) -> (pnl: [Double], usedEigenFactor: Bool)
    {
        let lp = LegPortfolio(legs: legs, horizonDays: options.horizonDays)
        var mean = estimate.mean
        if options.zeroMean { mean = Array(repeating: 0, count: mean.count) }
        if case .ewma = options.covariance { mean = Array(repeating: 0, count: mean.count) }
        return try MonteCarlo.simulate(mean: mean, covariance: estimate.covariance, horizonDays: options.horizonDays,
                                       paths: options.paths, seed: options.seed, workers: options.workers, chunks: chunks) { x, rows, out in
            lp.revalue(x, rows: rows, into: out)
        }
    }

    /// One shard of the book's Monte Carlo run: chunks `chunks` of `options.paths` (see ``MonteCarlo/simulate``),
    /// summarised by the tail the whole run's VaR/ES needs (``MonteCarloTail``). The factor data and estimate are
    /// those of ``compute(_:options:)``, so merged shards give its Monte Carlo VaR/ES bit for bit.
    public static func monteCarloShard(_ input: Input, options: RiskOptions, chunks: Range<Int>) throws(RiskError) -> MonteCarloTail {
        let fd = try factorData(input)
        let est = try Estimators.estimate(fd.returns.values, method: options.covariance, names: fd.returns.tickers)
        let sim = try simulate(legs: legs(input.book, factors: fd.factors), estimate: est, options: options, chunks: chunks)
        return try MonteCarloTail(pnl: sim.pnl, keep: MonteCarloTail.keepCount(totalPaths: options.paths, confidences: options.confidences))
    }

    public static func compute(_ input: Input, options: RiskOptions) throws(RiskError) -> Report {
        let fd = try factorData(input)
        let legs = legs(input.book, factors: fd.factors)
        var w = [Double](repeating: 0, count: fd.factors.count)
        for l in legs { w[l.factor] += l.exposure }
        var linOpts = options
        linOpts.paths = 0
        let lin = try PortfolioRisk.compute(returns: fd.returns, weights: w, options: linOpts)
        var mcMeasures: [VaR.Measure] = []
        var eig = false
        if options.paths > 0 {
            let sim = try simulate(legs: legs, estimate: lin.estimate, options: options)
            eig = sim.usedEigenFactor
            mcMeasures = try MonteCarlo.measures(pnl: sim.pnl, confidences: options.confidences)
        }
        // Euler by position: expand the factor covariance to legs.
        let n = legs.count
        var cov = Matrix(rows: n, cols: n)
        let fc = lin.estimate.covariance
        for j in 0..<n { for i in 0..<n { cov[i, j] = fc[legs[i].factor, legs[j].factor] } }
        var mu = legs.map { lin.estimate.mean[$0.factor] }
        if options.zeroMean { mu = Array(repeating: 0, count: n) }
        if case .ewma = options.covariance { mu = Array(repeating: 0, count: n) }
        let lw = legs.map(\.exposure)
        var comps: [(Double, [(String, Double)], [(String, Double)], [(String, Double)], [(String, Double)], Double)] = []
        let positions = input.book.positions.map(\.position)
        for c in options.confidences {
            let e = try VaR.euler(weights: lw, mean: mu, covariance: cov, confidence: c, horizonDays: options.horizonDays)
            let byPos = zip(legs.map(\.id), e.componentVaR).map { ($0, $1) }
            let byPair = VaR.groupSums(e.componentVaR, keys: positions.map { input.book.book.pairs(containing: $0.id) },
                                       unassigned: "(not in a pair)")
            let byLayer = VaR.groupSums(e.componentVaR, keys: positions.map { [$0.layer] })
            let byCountry = VaR.groupSums(e.componentVaR, keys: positions.map { [$0.country] })
            comps.append((c, byPos, byPair, byLayer, byCountry, e.totalVaR))
        }
        return Report(factorData: fd, legs: legs, linear: lin, monteCarlo: mcMeasures, monteCarloUsedEigenFactor: eig,
                      components: comps.map { (confidence: $0.0, byPosition: $0.1, byPair: $0.2, byLayer: $0.3, byCountry: $0.4, total: $0.5) })
    }
}
