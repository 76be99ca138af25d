import Basics

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
