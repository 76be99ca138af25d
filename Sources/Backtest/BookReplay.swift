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

/// Options of a book replay.
public struct BookReplayOptions: Sendable, Equatable {
    /// Exit a pair (all legs to 0, stay out) when its spread reaches the book's `spreadTarget`.
    public var pairExit: Bool
    /// Exit a pair when its spread falls to −pairStop (nil = no stop).
    public var pairStop: Double?
    /// At expiry, buy a new option with the same moneyness and tenor and the same premium budget (% of NAV).
    public var rollOptions: Bool
    /// Realised-volatility window (trading days of the underlying's own history) for option marks.
    public var volatilityWindow: Int
    /// Fewer returns than this → the snapshot's volatility is used (reported).
    public var minimumVolatilityObservations: Int

    public init(pairExit: Bool = true, pairStop: Double? = nil, rollOptions: Bool = true, volatilityWindow: Int = 60,
                minimumVolatilityObservations: Int = 20) {
        self.pairExit = pairExit
        self.pairStop = pairStop
        self.rollOptions = rollOptions
        self.volatilityWindow = volatilityWindow
        self.minimumVolatilityObservations = minimumVolatilityObservations
    }
}

/// Replays a book on price history.
///
/// Policies (each one reported in the output notes, never silent):
/// - **Targets** are the book's positions at the snapshot (``ResolvedBook``): signed value ÷ NAV for stock; the
///   premium budget (% of NAV) for options. Names are rebalanced to target by the rebalance rule.
/// - **Calendar**: the first benchmark's trading days (e.g. SPY) in the window, else the union of all dates. A name
///   without a close on a calendar day carries its last close.
/// - **Missing history**: a name is cash until its data starts, bought at target on its first day with data (a forced
///   trade), and sold at its last close when its data ends. A name with no file at all stays cash throughout.
///   Pairs are units: each leg trades only while *all* legs of its pair have data.
/// - **FX**: prices are converted at the snapshot's constant FX rates (no FX history in ../shared/data), so a
///   name's return is its local-currency return.
/// - **Options**: the option is re-struck on history with the same moneyness (strike ÷ snapshot spot) and tenor
///   (expiry − valuation date) as in the book, bought at the start (or when its underlying's data starts) with the
///   premium budget, marked daily by the book's option valuation policy (snapshot rate and dividend yield) at the underlying's
///   trailing realised volatility (sample std of daily log returns over `volatilityWindow` days × √252), expiring
///   at intrinsic value; rolled at expiry into the same moneyness and tenor with the same premium budget when
///   `rollOptions`. No borrow fee on options.
/// - **Pairs**: spread since entry = mean(long-leg price relatives) ÷ mean(short-leg price relatives) − 1; on the
///   first close with spread ≥ target (or ≤ −stop) every leg is sold at that close and the pair stays out (no
///   re-entry). Pairs with an option leg have no exit rule. Borrow on a pair's short legs = the pair's
///   `borrowCost`, else the snapshot's borrow rate, else the configured default.
public enum BookReplay {
    /// Loads every market key and benchmark the replay needs from `history` (adjusted closes), then replays.
    public static func run(book: Book, market: MarketSnapshot, history: any PriceHistorySource, config: BacktestConfig,
                           options: BookReplayOptions = BookReplayOptions()) throws -> BacktestReport {
        var needed: [String] = []
        for p in book.positions where !needed.contains(p.marketKey) { needed.append(p.marketKey) }
        for b in config.benchmarks where !needed.contains(b) { needed.append(b) }
        var series: [String: PriceSeries] = [:]
        for t in needed { if let s = try history.series(t, field: .adjustedClose) { series[t] = s } }
        return try run(book: book, market: market, series: series, config: config, options: options, source: history.summary)
    }

    /// The replay on already-loaded series (keyed by market key / benchmark ticker).
    public static func run(book: Book, market: MarketSnapshot, series: [String: PriceSeries], config: BacktestConfig,
                           options: BookReplayOptions = BookReplayOptions(), source: String = "") throws -> BacktestReport {
        let rb = try ResolvedBook(book: book, market: market)
        var notes: [String] = []
        var config = config

        // Clean series: drop missing cells.
        var clean: [String: (dates: [LocalDate], values: [Double], file: String)] = [:]
        for (k, s) in series {
            var d: [LocalDate] = [], v: [Double] = []
            for (x, y) in zip(s.dates, s.values) { if let y { d.append(x); v.append(y) } }
            if !d.isEmpty { clean[k] = (d, v, s.file) }
        }

        // Calendar.
        var calendar: [LocalDate]
        let from = config.from ?? LocalDate(daysSinceEpoch: Int.min / 4)
        let to = config.to ?? LocalDate(daysSinceEpoch: Int.max / 4)
        if let b = config.benchmarks.first(where: { clean[$0] != nil }) {
            calendar = clean[b]!.dates.filter { $0 >= from && $0 <= to }
            notes.append("calendar: trading days of \(b) in the window; other names carry their last close on days they did not trade")
        } else {
            var u = Set<LocalDate>()
            for s in clean.values { for d in s.dates where d >= from && d <= to { u.insert(d) } }
            calendar = u.sorted()
            notes.append("calendar: union of all names' dates (no benchmark history found)")
        }
        guard !calendar.isEmpty else {
            throw BacktestError.emptyWindow(from: config.from, to: config.to, panelFirst: clean.values.map { $0.dates[0] }.min(),
                                            panelLast: clean.values.map { $0.dates.last! }.max())
        }
        let T = calendar.count

        /// Prices of a market key on the calendar (carried), and the first/last calendar index with data.
        func onCalendar(_ key: String) -> (values: [Double], first: Int, last: Int)? {
            guard let s = clean[key] else { return nil }
            var out = [Double](repeating: .nan, count: T)
            var j = 0
            var first = -1, last = -1
            let lastDate = s.dates.last!
            for (t, d) in calendar.enumerated() {
                while j + 1 < s.dates.count && s.dates[j + 1] <= d { j += 1 }
                if s.dates[j] <= d && d <= lastDate.adding(days: 0) {
                    // After the series' last date the name has no data (not carried past its end).
                    if d > lastDate { continue }
                    out[t] = s.values[j]
                    if first < 0 { first = t }
                    last = t
                }
            }
            guard first >= 0 else { return nil }
            // Fill outside availability with the nearest value (never read by the engine; keeps the panel finite).
            for t in 0..<first { out[t] = out[first] }
            for t in (last + 1)..<T { out[t] = out[last] }
            return (out, first, last)
        }

        var colNames: [String] = []
        var columns: [[Double]] = []
        var availability: [String: ClosedRange<LocalDate>] = [:]
        var derivative: Set<String> = []
        var positionOfColumn: [String: String] = [:]
        var targets: [Target] = []
        var forced: [ForcedTrade] = []

        // Pair-unit availability: intersection over legs.
        var range: [String: (Int, Int)] = [:]    // position id → calendar index range with data
        var underlyingCache: [String: (values: [Double], first: Int, last: Int)] = [:]
        func cal(_ key: String) -> (values: [Double], first: Int, last: Int)? {
            if let c = underlyingCache[key] { return c }
            let c = onCalendar(key)
            if let c { underlyingCache[key] = c }
            return c
        }
        for rp in rb.positions {
            let p = rp.position
            if let c = cal(p.marketKey) {
                range[p.id] = (c.first, c.last)
                if let s = clean[p.marketKey], s.dates[0] > calendar[0] || s.dates.last! < calendar[T - 1] {
                    notes.append("\(p.id): data \(s.dates[0])…\(s.dates.last!) (\((s.file as NSString).lastPathComponent)); cash outside it")
                }
            } else {
                let why = clean[p.marketKey] == nil && series[p.marketKey] == nil
                    ? "no price file in \(source.isEmpty ? "the price folders" : source)"
                    : "no data in the window"
                notes.append("\(p.id): \(why); its \(fmtPct(rp.marketValue / book.nav)) of NAV stays in cash for the whole window")
            }
        }
        for pair in book.pairs {
            let legs = pair.allLegs.map(\.position)
            let ranges = legs.map { range[$0] }
            var lo = 0, hi = T - 1
            var ok = true
            for r in ranges { guard let r else { ok = false; break }; lo = max(lo, r.0); hi = min(hi, r.1) }
            if !ok || lo > hi {
                for l in legs where range[l] != nil {
                    notes.append("pair \(pair.id): leg \(l) not traded because another leg has no data in the window (pairs trade as units)")
                    range[l] = nil
                }
            } else {
                for l in legs where range[l]! != (lo, hi) {
                    notes.append("pair \(pair.id): leg \(l) traded only \(calendar[lo])…\(calendar[hi]), while all legs have data")
                    range[l] = (lo, hi)
                }
            }
        }

        // Equity columns.
        for rp in rb.positions where rp.option == nil {
            let p = rp.position
            guard let r = range[p.id], let c = cal(p.marketKey) else { continue }
            colNames.append(p.id)
            columns.append(c.values.map { $0 * rp.fx })
            availability[p.id] = calendar[r.0]...calendar[r.1]
            positionOfColumn[p.id] = p.id
            targets.append(Target(ticker: p.id, weight: rp.marketValue / book.nav))
            if p.side == .short {
                let pairRate = book.pairs.first { $0.shortLegs.contains { $0.position == p.id } }?.borrowCost
                let quoteRate = market.quote(p.marketKey)?.borrowRate
                let rate = pairRate ?? ((quoteRate ?? 0) > 0 ? quoteRate! : config.borrowRate)
                config.borrowRates[p.id] = rate
            }
        }
        if rb.positions.contains(where: { $0.option == nil && $0.position.side == .short }) {
            notes.append("borrow: pair borrowCost for short legs, else the snapshot's borrow rate, else \(config.borrowRate)/yr")
        }

        // Option columns (one per contract generation).
        for rp in rb.positions {
            guard let o = rp.option, let r = range[rp.position.id], let c = cal(rp.position.marketKey),
                  let s = clean[rp.position.marketKey] else { continue }
            let p = rp.position
            let moneyness = o.strike / rp.spot
            let tenorDays = max(1, book.valuationDate.days(to: o.expiry))
            let budget = rp.marketValue / book.nav
            // Trailing realised vol on the underlying's own dates, mapped to the calendar.
            let own = s.values
            var volOnCalendar = [Double](repeating: o.volatility, count: T)
            var usedSnapshotVol = 0
            var j = 0
            let w = options.volatilityWindow
            for t in 0..<T {
                while j + 1 < s.dates.count && s.dates[j + 1] <= calendar[t] { j += 1 }
                let n = min(w, j)
                if n >= options.minimumVolatilityObservations {
                    var mean = 0.0
                    for k in (j - n + 1)...j { mean += log(own[k] / own[k - 1]) }
                    mean /= Double(n)
                    var ss = 0.0
                    for k in (j - n + 1)...j { let x = log(own[k] / own[k - 1]) - mean; ss += x * x }
                    volOnCalendar[t] = (ss / Double(n - 1)).squareRoot() * 252.0.squareRoot()
                } else if t >= r.0 && t <= r.1 {
                    usedSnapshotVol += 1
                }
            }
            notes.append("\(p.id): \(o.right.rawValue) re-struck at \(fmtNum(moneyness, 4)) × spot with a \(tenorDays)-day tenor, "
                         + "premium budget \(fmtPct(budget)) of NAV, BSM at \(w)-day realised vol of \(p.marketKey)"
                         + (usedSnapshotVol > 0 ? " (snapshot vol \(o.volatility) on \(usedSnapshotVol) early days)" : "")
                         + (options.rollOptions ? ", rolled at expiry" : ", not rolled (cash after expiry)"))
            var start = r.0
            var gen = 1
            while start <= r.1 {
                let name = "\(p.id)#\(gen)"
                let strike = moneyness * c.values[start]
                let expiry = calendar[start].adding(days: tenorDays)
                var col = [Double](repeating: 0, count: T)
                var end = start
                for t in start...r.1 {
                    let tau = Double(calendar[t].days(to: expiry)) / 365.0
                    col[t] = o.policy.scenarioPrice(right: o.right, exercise: o.exercise, spot: c.values[t], strike: strike, time: max(tau, 0),
                                                rate: o.rate, dividendYield: o.dividendYield, volatility: volOnCalendar[t]) * rp.fx
                    end = t
                    if tau <= 0 { break }
                }
                for t in 0..<start { col[t] = col[start] }
                for t in (end + 1)..<T { col[t] = col[end] }
                colNames.append(name)
                columns.append(col)
                derivative.insert(name)
                availability[name] = calendar[start]...calendar[end]
                positionOfColumn[name] = p.id
                config.borrowRates[name] = 0
                targets.append(Target(ticker: name, weight: nil))
                forced.append(ForcedTrade(date: calendar[start], ticker: name, weight: budget,
                                          reason: gen == 1 ? "option bought (premium budget), strike \(fmtNum(strike / rp.fx, 2)), expiry \(expiry)"
                                                           : "option rolled: strike \(fmtNum(strike / rp.fx, 2)), expiry \(expiry)"))
                let expired = calendar[end] >= expiry
                if !(options.rollOptions && expired && end < r.1) { break }
                start = end
                gen += 1
            }
        }

        // Pair exits (price-only rule, known before the run).
        var pairMeta: [(pair: PairTrade, legs: [String], entry: Int?, exit: Int?, reason: String?, spread: Double?)] = []
        for pair in book.pairs {
            let legs = pair.allLegs.map(\.position)
            let hasOption = legs.contains { book.position($0)?.kind == .option }
            guard let r = range[legs[0]], legs.allSatisfy({ range[$0] != nil }) else {
                pairMeta.append((pair, legs, nil, nil, nil, nil))
                continue
            }
            if hasOption {
                pairMeta.append((pair, legs, r.0, nil, nil, nil))
                notes.append("pair \(pair.id): has an option leg; no spread exit rule")
                continue
            }
            let longIdx = pair.longLegs.compactMap { l in colNames.firstIndex(of: l.position) }
            let shortIdx = pair.shortLegs.compactMap { l in colNames.firstIndex(of: l.position) }
            func spread(_ t: Int) -> Double {
                var a = 0.0, b = 0.0
                for i in longIdx { a += columns[i][t] / columns[i][r.0] }
                for i in shortIdx { b += columns[i][t] / columns[i][r.0] }
                return (a / Double(longIdx.count)) / (b / Double(shortIdx.count)) - 1
            }
            var exit: Int?, reason: String?
            if !longIdx.isEmpty && !shortIdx.isEmpty && r.0 < r.1 {
                for t in (r.0 + 1)...r.1 {
                    let sp = spread(t)
                    if options.pairExit, let target = pair.spreadTarget, sp >= target {
                        exit = t; reason = "spread target \(fmtPct(target)) reached"; break
                    }
                    if let stop = options.pairStop, sp <= -stop {
                        exit = t; reason = "stop at −\(fmtPct(stop)) hit"; break
                    }
                }
            }
            if let e = exit, e < r.1 {
                for l in legs {
                    forced.append(ForcedTrade(date: calendar[e], ticker: l, weight: 0, reason: "pair \(pair.id) exit: \(reason!)"))
                }
            } else {
                exit = nil; reason = nil
            }
            let spreadEnd = longIdx.isEmpty || shortIdx.isEmpty ? nil : spread(exit ?? r.1)
            pairMeta.append((pair, legs, r.0, exit, reason, spreadEnd))
        }
        let used = rb.positions.compactMap { rp -> String? in
            guard let f = clean[rp.position.marketKey]?.file else { return nil }
            let url = URL(fileURLWithPath: f)
            return "\(rp.position.id) ← \(url.deletingLastPathComponent().lastPathComponent)/\(url.lastPathComponent)"
        }
        notes.append("price files (adjusted closes where the file has them; see ../shared/data/SOURCES.md): " + used.joined(separator: ", "))
        for h in book.hedges {
            notes.append("hedge package \(h.id) (\(h.held ? "held" : "proposed, not held")): not replayed; only book positions are")
        }
        notes.append("FX: prices converted to \(book.baseCurrency) at the snapshot's constant rates (no FX history); returns are local-currency returns")
        notes.append("missing history: cash until a name's data starts, bought at target on its first day, sold at its last close when data ends")

        // Benchmarks as extra columns (not traded).
        for b in config.benchmarks where !colNames.contains(b) {
            if let c = cal(b), c.first == 0, c.last == T - 1 {
                colNames.append(b)
                columns.append(c.values)
            }
        }

        var storage: [Double] = []
        storage.reserveCapacity(T * columns.count)
        for c in columns { storage.append(contentsOf: c) }
        let panel = PricePanel(dates: calendar, tickers: colNames,
                               prices: Matrix(rows: T, cols: colNames.count, columnMajor: storage))
        config.availability = availability
        config.derivativeTickers = derivative
        let schedule = WeightSchedule(entries: [ScheduleEntry(date: calendar[0], targets: targets)])
        let result = try Backtester.run(panel: panel, schedule: schedule, forcedTrades: forced, config: config)

        let book = rb.book
        func pos(_ col: String) -> Position? { positionOfColumn[col].flatMap { book.position($0) } }
        let groupings: [(String, (String) -> [String])] = [
            ("pair", { col in
                guard let p = positionOfColumn[col] else { return ["(none)"] }
                let ps = book.pairs(containing: p)
                return ps.isEmpty ? ["(not in a pair)"] : ps
            }),
            ("layer", { col in pos(col).map { [$0.layer] } ?? ["(none)"] }),
            ("country", { col in pos(col).map { [$0.country] } ?? ["(none)"] }),
        ]
        let net = result.netPnL
        let pairs: [PairOutcome] = pairMeta.map { m in
            var pnl = 0.0
            var share: [String: Double] = [:]
            for (a, t) in result.tickers.enumerated() {
                guard let p = positionOfColumn[t] else { continue }
                let containing = book.pairs(containing: p)
                if containing.contains(m.pair.id) { share[t] = 1.0 / Double(containing.count); pnl += net[a] / Double(containing.count) }
            }
            return PairOutcome(id: m.pair.id, name: m.pair.name, legs: m.legs, entered: m.entry.map { calendar[$0] },
                               exited: m.exit.map { calendar[$0] }, exitReason: m.reason, spread: m.spread,
                               pnl: pnl, contribution: pnl / result.initialNAV)
        }
        return BacktestReport(mode: "book", result: result, config: config, panel: panel, groupings: groupings,
                              positionOf: { positionOfColumn[$0] ?? $0 }, pairs: pairs, notes: notes)
    }

    static func fmtPct(_ x: Double) -> String { NumberFormat.compact(x * 100, 2) + "%" }
    static func fmtNum(_ x: Double, _ d: Int) -> String { NumberFormat.compact(x, d) }
}
