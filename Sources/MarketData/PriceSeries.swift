import Basics

/// One price series as read from a file (before alignment). `nil` values are missing cells.
public struct PriceSeries: Sendable, Equatable {
    public var ticker: String
    public var dates: [LocalDate]
    public var values: [Double?]
    /// File each value came from and its 1-based line (for error messages).
    public var file: String
    public var lines: [Int]
    public var currency: Currency?

    public init(ticker: String, dates: [LocalDate], values: [Double?], file: String = "", lines: [Int]? = nil,
                currency: Currency? = nil) {
        self.ticker = ticker
        self.dates = dates
        self.values = values
        self.file = file
        self.lines = lines ?? Array(1...max(1, dates.count)).prefix(dates.count).map { $0 + 1 }
        self.currency = currency
    }
}
