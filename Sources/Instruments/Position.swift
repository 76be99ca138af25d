import Basics

/// What kind of instrument a position holds.
public enum InstrumentKind: String, Sendable, CaseIterable, Codable {
    case equity, etf, option
}

/// Long or short. A long option is a bought option; a short option is a written one.
public enum Side: String, Sendable, CaseIterable, Codable {
    case long, short
    /// +1 for long, −1 for short.
    public var sign: Double { self == .long ? 1 : -1 }
}

/// How big a position is.
public enum PositionSize: Sendable, Equatable {
    /// Notional (for options: the premium budget) as a percentage of NAV, e.g. `12` for 12%.
    case percentOfNAV(Double)
    /// Number of shares (equity/ETF) or contracts (options).
    case quantity(Double)
}

/// Where a value came from in an input file (for error messages and reports).
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }
    public var description: String { "\(file):\(line)" }
}

/// One line of the book.
public struct Position: Sendable, Equatable {
    /// Unique id within the book (e.g. `NVDA`, `MU-PUT-2027-01`).
    public var id: String
    /// Instrument id: the market-snapshot key for equities/ETFs; for options, the option's own name.
    public var instrument: String
    public var kind: InstrumentKind
    public var side: Side
    public var size: PositionSize
    /// Listing exchange code (e.g. `NASDAQ`, `NYSE`, `HKEX`, `SZSE`, `SSE`, `KRX`).
    public var exchange: String
    /// Trading currency.
    public var currency: Currency
    /// Country of economic exposure (ISO 3166 alpha-2: US, CN, KR, TW, NL, JP).
    public var country: String
    /// Industry layer (free text, e.g. `accelerators`, `cloud`, `optical`, `hbm`, `foundry`).
    public var layer: String
    public var tags: [String]
    /// Present for `kind == .option`.
    public var option: OptionTerms?
    public var note: String?
    public var location: SourceLocation?

    public init(id: String, instrument: String, kind: InstrumentKind, side: Side, size: PositionSize,
                exchange: String, currency: Currency, country: String, layer: String, tags: [String] = [],
                option: OptionTerms? = nil, note: String? = nil, location: SourceLocation? = nil) {
        self.id = id
        self.instrument = instrument
        self.kind = kind
        self.side = side
        self.size = size
        self.exchange = exchange
        self.currency = currency
        self.country = country
        self.layer = layer
        self.tags = tags
        self.option = option
        self.note = note
        self.location = location
    }

    /// The market key whose spot drives this position (the underlying for options).
    public var marketKey: String { option?.underlying ?? instrument }

    /// The value of a grouping attribute for this position.
    public func value(of grouping: Grouping) -> [String] {
        switch grouping {
        case .country: return [country]
        case .currency: return [currency.code]
        case .layer: return [layer]
        case .exchange: return [exchange]
        case .tag: return tags.isEmpty ? ["(untagged)"] : tags
        case .kind: return [kind.rawValue]
        case .position: return [id]
        }
    }
}

/// Attributes positions can be grouped by.
public enum Grouping: String, Sendable, CaseIterable, Codable {
    case country, currency, layer, exchange, tag, kind, position
}
