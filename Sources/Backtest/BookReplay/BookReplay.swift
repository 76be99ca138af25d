import Basics
import Instruments
import MarketData
import Portfolio

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
///
/// ## Where each step lives (Sources/Backtest/BookReplay/)
/// `ReplayHistory.swift` (cleaning, calendar, closes on the calendar), `ReplayAvailability.swift` (days each position
/// trades, pair units), `EquityTargets.swift` (stock columns, targets and borrow), `OptionColumns.swift` (option
/// re-striking and rolling), `PairExits.swift` (pair exit rules), `ReplayNotes.swift` (closing notes),
/// `ReplayColumns.swift` (the panel), `ReplayReport.swift` (groupings and pair outcomes).
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
        var history = try ReplayHistory(series: series, config: config, notes: &notes)
        let calendar = history.calendar

        var range = tradingDays(rb, book: book, series: series, source: source, history: &history, notes: &notes)
        restrictPairsToCommonDays(book.pairs, range: &range, calendar: calendar, notes: &notes)

        var columns = ReplayColumns()
        addEquityColumns(rb, book: book, market: market, range: range, history: &history, columns: &columns,
                         config: &config, notes: &notes)
        addOptionColumns(rb, book: book, options: options, range: range, history: &history, columns: &columns,
                         config: &config, notes: &notes)
        let pairPlans = planPairExits(book, options: options, range: range, calendar: calendar, columns: &columns,
                                      notes: &notes)
        notes += sourceNotes(rb, book: book, history: history)
        columns.addBenchmarks(config.benchmarks, history: &history)

        let panel = columns.panel(calendar: calendar)
        config.availability = columns.availability
        config.derivativeTickers = columns.derivative
        let schedule = WeightSchedule(entries: [ScheduleEntry(date: calendar[0], targets: columns.targets)])
        let result = try Backtester.run(panel: panel, schedule: schedule, forcedTrades: columns.forced, config: config)
        return report(result, book: rb.book, config: config, panel: panel, positionOfColumn: columns.positionOfColumn,
                      pairPlans: pairPlans, notes: notes)
    }

    static func fmtPct(_ x: Double) -> String { NumberFormat.compact(x * 100, 2) + "%" }
    static func fmtNum(_ x: Double, _ d: Int) -> String { NumberFormat.compact(x, d) }
}
