/// Options of a book replay.
public struct BookReplayOptions: Sendable, Equatable {
    /// Exit a pair (all legs to 0, stay out) when its spread reaches the book's `spreadTarget`.
    public var pairExit: Bool
    /// Exit a pair when its spread falls to −pairStop (nil = no stop).
    public var pairStop: Double?
    /// At expiry, buy a new option with the same moneyness and tenor and the same premium budget (% of NAV).
    public var rollOptions: Bool
    /// Realised-volatility window (trading days of the underlying's own history) for option marks.
    public var volatilityWindow: Int
    /// Fewer returns than this → the snapshot's volatility is used (reported).
    public var minimumVolatilityObservations: Int

    public init(pairExit: Bool = true, pairStop: Double? = nil, rollOptions: Bool = true, volatilityWindow: Int = 60,
                minimumVolatilityObservations: Int = 20) {
        self.pairExit = pairExit
        self.pairStop = pairStop
        self.rollOptions = rollOptions
        self.volatilityWindow = volatilityWindow
        self.minimumVolatilityObservations = minimumVolatilityObservations
    }
}
