import Basics

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
