import Basics

/// Result of one backtest run. Money amounts are in the panel's (base) currency; exposures are fractions of the
/// post-trade NAV of the same day.
public struct BacktestResult: Sendable {
    public var dates: [LocalDate]
    /// NAV at each close after step (d) of the event order; `nav[0]` is the post-cost day-0 NAV.
    public var nav: [Double]
    /// Σ|value| / NAV, Σ value / NAV, Σ long value / NAV, Σ short value / NAV (short ≤ 0), post-trade.
    public var gross: [Double]
    public var net: [Double]
    public var long: [Double]
    public var short: [Double]
    /// Costs, borrow fees and cash interest booked on each day (money; interest positive = received).
    public var dailyCosts: [Double]
    public var dailyBorrow: [Double]
    public var dailyInterest: [Double]
    /// Two-sided traded notional on each day (money).
    public var dailyTraded: [Double]
    /// Day indices of rebalances (including day 0, the initial build).
    public var rebalanceDays: [Int]
    /// Day indices with forced single-name trades only (not counted as rebalances).
    public var forcedTradeDays: [Int]
    /// Σ over trading days after day 0 of (two-sided traded notional ÷ pre-trade NAV).
    public var turnoverSum: Double
    public var initialNAV: Double
    /// The traded universe (schedule tickers) and per-name results.
    public var tickers: [String]
    public var finalShares: [Double]
    public var finalPrices: [Double]
    /// Per-name P&L from price moves (Σ shares held over the day × price change), costs and borrow fees paid.
    public var pricePnL: [Double]
    public var costs: [Double]
    public var borrow: [Double]
    /// Forced trades that happened, in order (date, ticker, reason).
    public var events: [(date: LocalDate, ticker: String, reason: String)]

    public var finalNAV: Double { nav.last ?? initialNAV }
    public var totalCosts: Double { dailyCosts.reduce(0, +) }
    public var totalBorrow: Double { dailyBorrow.reduce(0, +) }
    public var totalInterest: Double { dailyInterest.reduce(0, +) }
    /// Net P&L per name = price P&L − costs − borrow. Σ over names + total interest = finalNAV − initialNAV.
    public var netPnL: [Double] { tickers.indices.map { pricePnL[$0] - costs[$0] - borrow[$0] } }
    /// Weight of each name at the last close (post-trade).
    public var finalWeights: [Double] {
        tickers.indices.map { finalShares[$0] == 0 ? 0 : finalShares[$0] * finalPrices[$0] / finalNAV }
    }
}
