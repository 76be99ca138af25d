import Basics

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
