import Basics

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
    /// Limits measured on every run (utilisation and status); see ``Limit``.
    public var limits: [Limit]
    public var file: String?

    public init(name: String, baseCurrency: Currency, nav: Double, valuationDate: LocalDate, positions: [Position],
                pairs: [PairTrade] = [], hedges: [HedgePackage] = [], claims: StatedClaims = StatedClaims(),
                constraints: [Constraint] = [], limits: [Limit] = [], file: String? = nil) {
        self.name = name
        self.baseCurrency = baseCurrency
        self.nav = nav
        self.valuationDate = valuationDate
        self.positions = positions
        self.pairs = pairs
        self.hedges = hedges
        self.claims = claims
        self.constraints = constraints
        self.limits = limits
        self.file = file
    }

    public func position(_ id: String) -> Position? { positions.first { $0.id == id } }

    /// Pair ids each position belongs to.
    public func pairs(containing positionID: String) -> [String] {
        pairs.filter { $0.allLegs.contains { $0.position == positionID } }.map(\.id)
    }
}
