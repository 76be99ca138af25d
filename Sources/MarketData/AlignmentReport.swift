/// What alignment did: the dates dropped and the prices filled, per ticker.
public struct AlignmentReport: Sendable, Equatable {
    public var policy: AlignmentPolicy
    /// Distinct input dates (union over all series).
    public var unionDates: Int
    /// Dates kept in the panel.
    public var keptDates: Int
    /// For each ticker, how many union dates were dropped because that ticker had no (fillable) price there.
    /// A dropped date is counted under every ticker that lacked it.
    public var droppedDatesByTicker: [String: Int]
    /// Dates before the latest first date (forward fill) — no series can be filled before it starts.
    public var droppedBeforeCommonStart: Int
    /// Number of forward-filled prices per ticker (0 under intersection).
    public var filledByTicker: [String: Int]

    public var droppedDates: Int { unionDates - keptDates }

    /// One line per ticker with something dropped or filled (for reports).
    public var summaryLines: [String] {
        var out: [String] = []
        if droppedDates > 0 { out.append("\(droppedDates) of \(unionDates) dates dropped by alignment") }
        for t in droppedDatesByTicker.keys.sorted() where droppedDatesByTicker[t]! > 0 {
            out.append("\(t): missing on \(droppedDatesByTicker[t]!) dropped dates")
        }
        for t in filledByTicker.keys.sorted() where filledByTicker[t]! > 0 {
            out.append("\(t): \(filledByTicker[t]!) prices forward-filled")
        }
        return out
    }
}
