import Basics
import LinearAlgebra

/// Aligned daily prices: T dates × N assets, column-major (each asset's series contiguous).
///
/// Invariants (enforced by the loaders): dates strictly increasing, every price finite and > 0.
public struct PricePanel: Sendable, Equatable {
    public var dates: [LocalDate]
    public var tickers: [String]
    /// T × N prices; column j is ticker j.
    public var prices: Matrix
    /// Trading currency per ticker (defaults to the panel's currency when unknown).
    public var currencies: [Currency]

    public init(dates: [LocalDate], tickers: [String], prices: Matrix, currencies: [Currency]? = nil) {
        precondition(prices.rows == dates.count && prices.cols == tickers.count, "PricePanel: shape mismatch")
        self.dates = dates
        self.tickers = tickers
        self.prices = prices
        self.currencies = currencies ?? Array(repeating: .usd, count: tickers.count)
    }

    public var observationCount: Int { dates.count }
    public var assetCount: Int { tickers.count }

    public func index(of ticker: String) -> Int? { tickers.firstIndex(of: ticker) }
}
