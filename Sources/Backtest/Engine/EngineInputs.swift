import Basics
import MarketData

// Validation of the engine's inputs, in the order the errors are reported: parameters, schedule, tickers,
// weights, window. Prices are checked later, block by block, inside the day loop (PriceValidation.swift).

extension Backtester {
    /// Initial NAV finite and > 0; commission, slippage and borrow rate finite and ≥ 0; cash rate finite;
    /// a schedule with at least one entry.
    static func validateParameters(_ config: BacktestConfig, schedule: WeightSchedule) throws(BacktestError) {
        guard config.initialNAV.isFinite, config.initialNAV > 0 else {
            throw .invalidParameter(name: "initial NAV", value: "\(config.initialNAV)", reason: "must be finite and > 0")
        }
        for (name, v) in [("commission bps", config.commissionBps), ("slippage bps", config.slippageBps),
                          ("borrow rate", config.borrowRate)] where !(v.isFinite && v >= 0) {
            throw .invalidParameter(name: name, value: "\(v)", reason: "must be finite and ≥ 0")
        }
        guard config.cashRate.isFinite else {
            throw .invalidParameter(name: "cash rate", value: "\(config.cashRate)", reason: "must be finite")
        }
        guard !schedule.entries.isEmpty else { throw .emptySchedule }
    }

    /// Every target weight of every schedule entry is finite (`nil`, hold, is allowed).
    static func validateWeights(_ schedule: WeightSchedule) throws(BacktestError) {
        for e in schedule.entries {
            for t in e.targets {
                if let w = t.weight, !w.isFinite {
                    throw .invalidParameter(name: "weight of \(t.ticker)", value: "\(w)", reason: "must be finite")
                }
            }
        }
    }
}

/// The traded names: the schedule's tickers in order of first appearance, then forced-trade tickers not among
/// them; each bound to its panel column (the first column of that ticker).
struct Universe {
    let tickers: [String]
    /// Panel column of each name.
    let columns: [Int]
    /// Name index of each ticker.
    let index: [String: Int]

    var count: Int { tickers.count }

    init(panel: PricePanel, schedule: WeightSchedule, forcedTrades: [ForcedTrade]) throws(BacktestError) {
        var tickers = schedule.tickers
        for f in forcedTrades where !tickers.contains(f.ticker) { tickers.append(f.ticker) }
        var cols: [Int] = []
        cols.reserveCapacity(tickers.count)
        var colOf: [String: Int] = [:]
        for (j, t) in panel.tickers.enumerated() where colOf[t] == nil { colOf[t] = j }
        for t in tickers {
            guard let c = colOf[t] else { throw .tickerNotInPanel(ticker: t, source: nil) }
            cols.append(c)
        }
        var index: [String: Int] = [:]
        for (a, t) in tickers.enumerated() { index[t] = a }
        self.tickers = tickers
        self.columns = cols
        self.index = index
    }
}

/// The panel rows the run covers: the first date ≥ `config.from` through the last date ≤ `config.to`
/// (the panel's first/last date when nil).
struct Window {
    /// First and last panel row of the window (inclusive).
    let lo: Int
    let hi: Int
    let dates: [LocalDate]

    /// Number of trading days.
    var count: Int { hi - lo + 1 }

    init(dates allDates: [LocalDate], config: BacktestConfig) throws(BacktestError) {
        let lo = config.from.map { f in allDates.firstIndex { $0 >= f } ?? allDates.count } ?? 0
        let hi = config.to.map { t in (allDates.lastIndex { $0 <= t } ?? -1) } ?? (allDates.count - 1)
        guard lo <= hi, lo < allDates.count, hi >= 0 else {
            throw .emptyWindow(from: config.from, to: config.to, panelFirst: allDates.first, panelLast: allDates.last)
        }
        self.lo = lo
        self.hi = hi
        self.dates = Array(allDates[lo...hi])
    }
}
