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

public enum OptionRight: String, Sendable, CaseIterable, Codable {
    case call, put
}

public enum ExerciseStyle: String, Sendable, CaseIterable, Codable {
    case european, american
}

/// How big a position is.
public enum PositionSize: Sendable, Equatable {
    /// Notional (for options: the premium budget) as a percentage of NAV, e.g. `12` for 12%.
    case percentOfNAV(Double)
    /// Number of shares (equity/ETF) or contracts (options).
    case quantity(Double)
}

/// The terms of a listed option (what was traded; pricing lives in `Pricing`).
public struct OptionTerms: Sendable, Equatable {
    /// Instrument id of the underlying (a key of the market snapshot).
    public var underlying: String
    public var right: OptionRight
    /// Strike in the underlying's trading currency. `nil` = not stated by the author; a default is
    /// chosen at pricing time and reported (see `strikeMoneyness`).
    public var strike: Double?
    /// When `strike` is nil: strike = moneyness × spot (e.g. 0.8 for a 20% OTM put). Documented default 0.8 for puts, 1.2 for calls.
    public var strikeMoneyness: Double?
    public var expiry: LocalDate
    public var exercise: ExerciseStyle
    /// Shares per contract (100 for US listed options).
    public var multiplier: Double

    public init(underlying: String, right: OptionRight, strike: Double?, strikeMoneyness: Double? = nil,
                expiry: LocalDate, exercise: ExerciseStyle = .american, multiplier: Double = 100) {
        self.underlying = underlying
        self.right = right
        self.strike = strike
        self.strikeMoneyness = strikeMoneyness
        self.expiry = expiry
        self.exercise = exercise
        self.multiplier = multiplier
    }
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

/// One leg of a pair: a reference to a book position.
public struct PairLeg: Sendable, Equatable {
    public var position: String
    /// +1 long leg, −1 short leg (from the position's side).
    public init(position: String) { self.position = position }
}

/// A pair trade as a first-class object: long leg(s) against short leg(s), with the author's parameters.
public struct PairTrade: Sendable, Equatable {
    public var id: String
    public var name: String
    public var longLegs: [PairLeg]
    public var shortLegs: [PairLeg]
    /// Target out-performance of the long leg over the short leg, as a fraction (0.25 = +25%).
    public var spreadTarget: Double?
    /// Horizon in months (the author's range is stored as [min, max]).
    public var horizonMonths: [Double]
    /// Annual borrow cost on the short leg, fraction (0.025 = 2.5%/yr).
    public var borrowCost: Double?
    /// Dividend yields per leg position id, fraction per year.
    public var dividendYields: [String: Double]
    /// Annual financing cost on the long leg (fraction), where the author gives one.
    public var financingCost: Double?
    public var venue: String?
    public var note: String?
    public var location: SourceLocation?

    public init(id: String, name: String, longLegs: [PairLeg], shortLegs: [PairLeg], spreadTarget: Double? = nil,
                horizonMonths: [Double] = [], borrowCost: Double? = nil, dividendYields: [String: Double] = [:],
                financingCost: Double? = nil, venue: String? = nil, note: String? = nil, location: SourceLocation? = nil) {
        self.id = id
        self.name = name
        self.longLegs = longLegs
        self.shortLegs = shortLegs
        self.spreadTarget = spreadTarget
        self.horizonMonths = horizonMonths
        self.borrowCost = borrowCost
        self.dividendYields = dividendYields
        self.financingCost = financingCost
        self.venue = venue
        self.note = note
        self.location = location
    }

    public var allLegs: [PairLeg] { longLegs + shortLegs }
}

/// One leg of a hedge package (held or proposed).
public struct HedgeLeg: Sendable, Equatable {
    public enum Instrument: Sendable, Equatable {
        case option(OptionTerms)
        /// A stock/ETF/forward leg on an underlying (a short forward is modelled as a short stock leg).
        case stock(underlying: String)
    }
    public var id: String
    public var instrument: Instrument
    public var side: Side
    /// Underlying notional of the leg as % of NAV (contracts = notional / (spot × multiplier)).
    public var notionalPercentOfNAV: Double?
    /// Or an explicit number of contracts (options) / shares (stock legs).
    public var quantity: Double?
    /// Listing attributes, used by constraint checks (e.g. no A-share shorts).
    public var exchange: String?
    public var country: String?

    public init(id: String, instrument: Instrument, side: Side, notionalPercentOfNAV: Double? = nil, quantity: Double? = nil,
                exchange: String? = nil, country: String? = nil) {
        self.id = id
        self.instrument = instrument
        self.side = side
        self.notionalPercentOfNAV = notionalPercentOfNAV
        self.quantity = quantity
        self.exchange = exchange
        self.country = country
    }

    public var underlying: String {
        switch instrument {
        case .option(let t): return t.underlying
        case .stock(let u): return u
        }
    }
}

/// A claim the author makes about a hedge package, to be checked by repricing.
public enum HedgeClaim: Sendable, Equatable {
    /// Premium as a fraction of the underlying notional lies in [min, max] (0.035 = 3.5%).
    case costOfNotional(min: Double, max: Double)
    /// Net premium is about zero: |premium| ≤ tolerance × notional.
    case zeroCost(toleranceOfNotional: Double)
    /// Payoff multiple (value at horizon or expiry ÷ premium paid) in [min, max] (max may be +∞)
    /// under the stated relative moves of the underlyings.
    case payoffMultiple(min: Double, max: Double, moves: [String: Double])
}

/// A hedge package: legs plus the author's claims. `held == false` means the book proposes but does not hold it.
public struct HedgePackage: Sendable, Equatable {
    public var id: String
    public var name: String
    /// Tail scenario the package hedges, and its stated probability.
    public var scenario: String?
    public var probability: Double?
    public var legs: [HedgeLeg]
    public var claims: [HedgeClaim]
    public var held: Bool
    /// The author's stated cost as % of NAV where given.
    public var note: String?
    public var location: SourceLocation?

    public init(id: String, name: String, scenario: String? = nil, probability: Double? = nil, legs: [HedgeLeg],
                claims: [HedgeClaim] = [], held: Bool = false, note: String? = nil, location: SourceLocation? = nil) {
        self.id = id
        self.name = name
        self.scenario = scenario
        self.probability = probability
        self.legs = legs
        self.claims = claims
        self.held = held
        self.note = note
        self.location = location
    }
}

/// Totals the author states for the book, in % of NAV.
public struct StatedClaims: Sendable, Equatable {
    public var longPercent: Double?
    public var shortPercent: Double?
    public var grossPercent: Double?
    public var netPercent: Double?
    public var reservePercent: Double?
    /// Gap (percentage points) beyond which a claim is flagged. Default 1.0 pp.
    public var tolerance: Double

    public init(longPercent: Double? = nil, shortPercent: Double? = nil, grossPercent: Double? = nil,
                netPercent: Double? = nil, reservePercent: Double? = nil, tolerance: Double = 1.0) {
        self.longPercent = longPercent
        self.shortPercent = shortPercent
        self.grossPercent = grossPercent
        self.netPercent = netPercent
        self.reservePercent = reservePercent
        self.tolerance = tolerance
    }
}

/// A filter over positions (and hedge legs) by attribute; empty lists match everything.
public struct PositionFilter: Sendable, Equatable {
    public var instruments: [String]
    public var exchanges: [String]
    public var countries: [String]
    public var layers: [String]
    public var tags: [String]

    public init(instruments: [String] = [], exchanges: [String] = [], countries: [String] = [], layers: [String] = [],
                tags: [String] = []) {
        self.instruments = instruments
        self.exchanges = exchanges
        self.countries = countries
        self.layers = layers
        self.tags = tags
    }

    public func matches(instrument: String, exchange: String?, country: String?, layer: String?, tags: [String]) -> Bool {
        (instruments.isEmpty || instruments.contains(instrument))
            && (exchanges.isEmpty || exchanges.contains(exchange ?? ""))
            && (countries.isEmpty || countries.contains(country ?? ""))
            && (layers.isEmpty || layers.contains(layer ?? ""))
            && (self.tags.isEmpty || !Set(self.tags).isDisjoint(with: tags))
    }
}

/// A rule the author states for the book.
public enum ConstraintRule: Sendable, Equatable {
    /// No short exposure in positions or hedge legs matching the filter.
    case noShort(PositionFilter)
    /// Gross exposure ≤ value (% NAV).
    case maxGross(Double)
    /// Net exposure within [min, max] (% NAV).
    case netRange(min: Double, max: Double)
    /// Reserve (100 − gross) ≥ value (% NAV).
    case minReserve(Double)
    /// Any single position ≤ value (% NAV).
    case maxPosition(Double)
    /// Option positions may lose at most their premium (no written options) for matching underlyings.
    case definedRisk(PositionFilter)
}

public struct Constraint: Sendable, Equatable {
    public var id: String
    public var description: String
    public var rule: ConstraintRule
    public var location: SourceLocation?
    public init(id: String, description: String, rule: ConstraintRule, location: SourceLocation? = nil) {
        self.id = id
        self.description = description
        self.rule = rule
        self.location = location
    }
}

/// A portfolio book: positions, pairs, hedge packages, the author's stated totals and rules.
public struct Book: Sendable, Equatable {
    public var name: String
    public var baseCurrency: Currency
    /// Net asset value in the base currency.
    public var nav: Double
    public var valuationDate: LocalDate
    public var positions: [Position]
    public var pairs: [PairTrade]
    public var hedges: [HedgePackage]
    public var claims: StatedClaims
    public var constraints: [Constraint]
    public var file: String?

    public init(name: String, baseCurrency: Currency, nav: Double, valuationDate: LocalDate, positions: [Position],
                pairs: [PairTrade] = [], hedges: [HedgePackage] = [], claims: StatedClaims = StatedClaims(),
                constraints: [Constraint] = [], file: String? = nil) {
        self.name = name
        self.baseCurrency = baseCurrency
        self.nav = nav
        self.valuationDate = valuationDate
        self.positions = positions
        self.pairs = pairs
        self.hedges = hedges
        self.claims = claims
        self.constraints = constraints
        self.file = file
    }

    public func position(_ id: String) -> Position? { positions.first { $0.id == id } }

    /// Pair ids each position belongs to.
    public func pairs(containing positionID: String) -> [String] {
        pairs.filter { $0.allLegs.contains { $0.position == positionID } }.map(\.id)
    }
}
