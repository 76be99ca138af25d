import Basics
import MarketData

/// Weekly sampling of daily closes, so that markets closing at different times (Asia before the US) are compared over
/// the same week.
///
/// Rules (printed with the factor model):
/// - A week ends on a Friday; its close is the last close dated in the seven days (Saturday … Friday) ending then (a
///   Friday holiday takes Thursday's close).
/// - A series' last week counts only when the series reaches that week's Friday, or a later week; a history that stops
///   mid-week drops that incomplete week.
/// - Week t's value is P_t / P_{t−1} − 1 (`.return`) or P_t − P_{t−1} (`.change`), defined only when week t − 1 (seven
///   days earlier) has a close too.
public enum WeeklyReturns {
    /// The Friday that ends `d`'s week (d itself for a Friday; Saturday and Sunday belong to the next Friday).
    public static func weekEnd(_ d: LocalDate) -> LocalDate {
        d.adding(days: (5 - d.weekday + 7) % 7)
    }

    /// The last close of every complete week, ascending (values ≤ 0 or missing are skipped for `.return`).
    public static func closes(_ s: PriceSeries, transform: FactorDefinition.Transform = .return) -> [(week: LocalDate, value: Double)] {
        var out: [(week: LocalDate, value: Double)] = []
        guard let lastDate = s.dates.last else { return out }
        let lastWeek = weekEnd(lastDate)
        for (d, v) in zip(s.dates, s.values) {
            guard let v, v.isFinite, transform == .change || v > 0 else { continue }
            let w = weekEnd(d)
            if w == lastWeek && lastDate < lastWeek { break }
            if let last = out.last, last.week == w { out[out.count - 1].value = v } else { out.append((w, v)) }
        }
        return out
    }

    /// Weekly returns (or changes) keyed by the Friday ending each week.
    public static func returns(_ s: PriceSeries, transform: FactorDefinition.Transform = .return) -> [LocalDate: Double] {
        let c = closes(s, transform: transform)
        var out: [LocalDate: Double] = [:]
        guard c.count > 1 else { return out }
        for i in 1..<c.count where c[i - 1].week.days(to: c[i].week) == 7 {
            out[c[i].week] = transform == .return ? c[i].value / c[i - 1].value - 1 : c[i].value - c[i - 1].value
        }
        return out
    }
}
