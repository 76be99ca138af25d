import Basics

/// Market data for one instrument on the snapshot date.
public struct InstrumentQuote: Sendable, Equatable {
    public var id: String
    /// Spot (close) in the trading currency.
    public var spot: Double
    public var currency: Currency
    /// Annualised volatility (fraction, 0.45 = 45%).
    public var volatility: Double
    /// Continuous dividend yield (fraction per year).
    public var dividendYield: Double
    /// Annual borrow fee for shorts (fraction per year).
    public var borrowRate: Double
    /// Beta to the book's benchmark, when known.
    public var beta: Double?
    /// True when the value is an assumption rather than an observed close.
    public var assumed: Bool
    /// Where the number came from (file and date, or the assumption's reason).
    public var source: String?
    /// The date of the close the spot is (the snapshot's date when absent: files written before quotes carried one).
    public var asOf: LocalDate?

    public init(id: String, spot: Double, currency: Currency, volatility: Double, dividendYield: Double = 0,
                borrowRate: Double = 0, beta: Double? = nil, assumed: Bool = false, source: String? = nil,
                asOf: LocalDate? = nil) {
        self.id = id
        self.spot = spot
        self.currency = currency
        self.volatility = volatility
        self.dividendYield = dividendYield
        self.borrowRate = borrowRate
        self.beta = beta
        self.assumed = assumed
        self.source = source
        self.asOf = asOf
    }
}

/// An immutable market snapshot: spots, vols, yields, FX and flat rates on one date.
///
/// FX convention: `fx[C]` is the value of one unit of currency C in the base currency
/// (e.g. base USD, `fx[HKD] = 0.128`). `fx[base] = 1` always.
public struct MarketSnapshot: Sendable, Equatable {
    public var asOf: LocalDate
    public var baseCurrency: Currency
    public var quotes: [String: InstrumentQuote]
    public var fx: [Currency: Double]
    /// Flat continuously-compounded risk-free rate per currency (fraction per year).
    public var rates: [Currency: Double]
    public var file: String?
    /// Implied-vol surfaces by underlying (workspace `volSurfaces`); an option on an underlying without one is priced
    /// at its quote's (realised) volatility.
    public var volSurfaces: [String: VolSurface] = [:]

    public init(asOf: LocalDate, baseCurrency: Currency, quotes: [String: InstrumentQuote], fx: [Currency: Double],
                rates: [Currency: Double], file: String? = nil) {
        self.asOf = asOf
        self.baseCurrency = baseCurrency
        self.quotes = quotes
        var fx = fx
        fx[baseCurrency] = 1
        self.fx = fx
        self.rates = rates
        self.file = file
    }

    public func quote(_ id: String) -> InstrumentQuote? { quotes[id] }

    /// Units of base currency per one unit of `currency`; nil when the snapshot has no rate.
    public func fxRate(_ currency: Currency) -> Double? { currency == baseCurrency ? 1 : fx[currency] }

    /// The flat rate for a currency (0 when absent).
    public func rate(_ currency: Currency) -> Double { rates[currency] ?? 0 }

    /// The date of a quote's close: its own `asOf`, else the snapshot's.
    public func quoteDate(_ q: InstrumentQuote) -> LocalDate { q.asOf ?? asOf }

    /// Quote ids in sorted order (for deterministic output).
    public var sortedIDs: [String] { quotes.keys.sorted() }
}
