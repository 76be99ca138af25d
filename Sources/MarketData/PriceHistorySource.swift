/// Which close a history gives: adjusted for splits and dividends (returns, covariances, backtests) or the raw close
/// (strikes and moneyness on a past date).
public enum PriceField: String, Sendable, CaseIterable {
    case adjustedClose = "Adj Close"
    case close = "Close"
}

/// Where daily price histories come from. Measures (risk, pairs, stress covariance, payoff rolls, backtest) receive a
/// source and never paths; the one implementation over files (`FileFormats.HistoryStore`) applies the workspace's
/// lookup rule (folders in priority order, ticker aliases such as `.SS` → `.SH`, wide panels).
public protocol PriceHistorySource: Sendable {
    /// One line naming where histories come from, for notes and outputs.
    var summary: String { get }
    /// The ticker's history of `field`, or nil when the source has none.
    /// - Throws: ``PriceDataError`` when a file exists but cannot be read or is malformed (file, line, what was expected).
    func series(_ ticker: String, field: PriceField) throws(PriceDataError) -> PriceSeries?
}

/// Histories held in memory (tests, what-if runs on already loaded data).
public struct InMemoryHistory: PriceHistorySource {
    public var byTicker: [String: PriceSeries]
    public var summary: String
    public init(_ byTicker: [String: PriceSeries], summary: String = "in-memory histories") {
        self.byTicker = byTicker
        self.summary = summary
    }
    public func series(_ ticker: String, field: PriceField) throws(PriceDataError) -> PriceSeries? { byTicker[ticker] }
}
