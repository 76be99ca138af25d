import Basics

/// One target in a schedule entry.
public struct Target: Sendable, Equatable {
    public var ticker: String
    /// Target weight as a fraction of NAV (negative = short). `nil` = hold: the name is not traded on
    /// ordinary rebalance days (used for options, which are only bought at inception and at rolls).
    public var weight: Double?
    public init(ticker: String, weight: Double?) {
        self.ticker = ticker
        self.weight = weight
    }
}

/// Target weights in force from a date on (until the next entry). The first trading day on or after `date`
/// is a forced rebalance day.
public struct ScheduleEntry: Sendable, Equatable {
    public var date: LocalDate
    public var targets: [Target]
    public init(date: LocalDate, targets: [Target]) {
        self.date = date
        self.targets = targets
    }
}

/// A schedule of target weights. Before the first entry's date the book is all cash.
/// A ticker absent from an entry has target 0 while that entry is in force.
public struct WeightSchedule: Sendable, Equatable {
    public var entries: [ScheduleEntry]
    public init(entries: [ScheduleEntry]) { self.entries = entries.sorted { $0.date < $1.date } }
    /// Constant weights over the whole window (the entry date is the earliest representable date).
    public init(constant weights: [(ticker: String, weight: Double)]) {
        self.entries = [ScheduleEntry(date: LocalDate(daysSinceEpoch: Int.min / 4),
                                      targets: weights.map { Target(ticker: $0.ticker, weight: $0.weight) })]
    }
    /// All tickers in order of first appearance.
    public var tickers: [String] {
        var seen = Set<String>()
        var out: [String] = []
        for e in entries { for t in e.targets where seen.insert(t.ticker).inserted { out.append(t.ticker) } }
        return out
    }
}
