import Basics

/// A forced single-name trade on a given date, outside the rebalance rule (pair exit, option roll, name entering
/// or leaving data). The name is traded to `weight` × the pre-trade NAV; other names are not traded.
public struct ForcedTrade: Sendable, Equatable {
    public var date: LocalDate
    public var ticker: String
    public var weight: Double
    public var reason: String
    public init(date: LocalDate, ticker: String, weight: Double, reason: String) {
        self.date = date
        self.ticker = ticker
        self.weight = weight
        self.reason = reason
    }
}
