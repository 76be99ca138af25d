import Basics

/// When the engine trades the book back to its target weights.
///
/// Day 0 of the window (the initial build) is always a rebalance day, whatever the rule.
public enum RebalanceRule: Sendable, Equatable, CustomStringConvertible {
    /// Every trading day.
    case daily
    /// The first trading day of each ISO week (Monday-based): the day whose ISO week differs from the previous trading day's.
    case weekly
    /// The first trading day of each calendar month: the day whose month differs from the previous trading day's.
    case monthly
    /// Whenever, after the close mark, some traded name's weight differs from its target by more than this
    /// absolute fraction of NAV (0.05 = 5 percentage points).
    case threshold(Double)
    /// Only the initial build (and forced events: schedule changes, names entering/leaving data, pair exits, option rolls).
    case never

    /// Parses `daily`, `weekly`, `monthly`, `never`, `threshold:0.05` (or `threshold:5%`).
    public init(parsing text: String) throws(BacktestError) {
        let t = text.trimmingCharacters(in: " ").lowercased()
        switch t {
        case "daily", "d": self = .daily
        case "weekly", "w": self = .weekly
        case "monthly", "m": self = .monthly
        case "never", "none", "buy-and-hold": self = .never
        default:
            if t.hasPrefix("threshold:") || t.hasPrefix("threshold=") {
                var v = String(t.dropFirst("threshold:".count))
                var scale = 1.0
                if v.hasSuffix("%") { v.removeLast(); scale = 0.01 }
                if let x = Double(v), x.isFinite, x > 0 {
                    self = .threshold(x * scale)
                    return
                }
            }
            throw .badRebalanceRule(text)
        }
    }

    public var description: String {
        switch self {
        case .daily: return "daily"
        case .weekly: return "weekly"
        case .monthly: return "monthly"
        case .never: return "never"
        case .threshold(let x): return "threshold:\(x)"
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
