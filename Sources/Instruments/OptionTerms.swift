import Basics

public enum OptionRight: String, Sendable, CaseIterable, Codable {
    case call, put
}

public enum ExerciseStyle: String, Sendable, CaseIterable, Codable {
    case european, american
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

extension OptionRight {
    /// The one default strike moneyness (strike ÷ spot) for an option whose author states neither strike nor
    /// moneyness: puts 0.8, calls 1.2 (20% out of the money). Used for book positions, hedge legs, rolls and stress.
    public var defaultMoneyness: Double { self == .put ? 0.8 : 1.2 }
}

extension OptionTerms {
    /// The strike moneyness used when `strike` is nil: the stated `strikeMoneyness`, else the right's default.
    public var moneynessOrDefault: Double { strikeMoneyness ?? right.defaultMoneyness }
}
