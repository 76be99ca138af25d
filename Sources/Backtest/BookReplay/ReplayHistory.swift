import Basics
import MarketData

/// One market key's closes with the missing cells dropped (never empty).
struct CleanSeries {
    var dates: [LocalDate]
    var values: [Double]
    /// The price file it came from.
    var file: String
}

/// A market key's closes on the replay calendar, carried over days it did not trade, and the first/last calendar
/// index with data. Outside [first, last] the values repeat the nearest close (never read by the engine; they keep
/// the panel finite).
struct CalendarSeries {
    var values: [Double]
    var first: Int
    var last: Int
}

/// The replay's price history: the cleaned series, the calendar, and each market key mapped onto it (cached).
///
/// Calendar policy: the first benchmark's trading days (e.g. SPY) in the window, else the union of all dates.
struct ReplayHistory {
    let clean: [String: CleanSeries]
    let calendar: [LocalDate]
    private var cache: [String: CalendarSeries] = [:]

    var T: Int { calendar.count }

    /// Cleans `series` and chooses the calendar (noted in `notes`).
    /// - Throws: ``BacktestError/emptyWindow(from:to:panelFirst:panelLast:)`` when no calendar day is in the window.
    init(series: [String: PriceSeries], config: BacktestConfig, notes: inout [String]) throws {
        let clean = Self.clean(series)
        self.clean = clean
        self.calendar = try Self.calendar(clean, config: config, notes: &notes)
    }

    /// Drops missing cells; a series with no value left is dropped.
    static func clean(_ series: [String: PriceSeries]) -> [String: CleanSeries] {
        var clean: [String: CleanSeries] = [:]
        for (k, s) in series {
            var d: [LocalDate] = [], v: [Double] = []
            for (x, y) in zip(s.dates, s.values) { if let y { d.append(x); v.append(y) } }
            if !d.isEmpty { clean[k] = CleanSeries(dates: d, values: v, file: s.file) }
        }
        return clean
    }

    /// The first benchmark with history: its dates in the window; else the union of every series' dates in it.
    static func calendar(_ clean: [String: CleanSeries], config: BacktestConfig,
                         notes: inout [String]) throws -> [LocalDate] {
        var calendar: [LocalDate]
        let from = config.from ?? LocalDate(daysSinceEpoch: Int.min / 4)
        let to = config.to ?? LocalDate(daysSinceEpoch: Int.max / 4)
        if let b = config.benchmarks.first(where: { clean[$0] != nil }) {
            calendar = clean[b]!.dates.filter { $0 >= from && $0 <= to }
            notes.append("calendar: trading days of \(b) in the window; other names carry their last close on days they did not trade")
        } else {
            var u = Set<LocalDate>()
            for s in clean.values { for d in s.dates where d >= from && d <= to { u.insert(d) } }
            calendar = u.sorted()
            notes.append("calendar: union of all names' dates (no benchmark history found)")
        }
        guard !calendar.isEmpty else {
            throw BacktestError.emptyWindow(from: config.from, to: config.to, panelFirst: clean.values.map { $0.dates[0] }.min(),
                                            panelLast: clean.values.map { $0.dates.last! }.max())
        }
        return calendar
    }

    /// The market key's closes on the calendar (nil when it has no series or no data in the window), cached.
    mutating func onCalendar(_ key: String) -> CalendarSeries? {
        if let c = cache[key] { return c }
        let c = Self.carry(clean[key], onto: calendar)
        if let c { cache[key] = c }
        return c
    }

    /// Prices of a series on the calendar (carried), and the first/last calendar index with data. After the
    /// series' last date the name has no data (not carried past its end).
    static func carry(_ series: CleanSeries?, onto calendar: [LocalDate]) -> CalendarSeries? {
        guard let s = series else { return nil }
        let T = calendar.count
        var out = [Double](repeating: .nan, count: T)
        var j = 0
        var first = -1, last = -1
        let lastDate = s.dates.last!
        for (t, d) in calendar.enumerated() {
            while j + 1 < s.dates.count && s.dates[j + 1] <= d { j += 1 }
            if s.dates[j] <= d && d <= lastDate.adding(days: 0) {
                // After the series' last date the name has no data (not carried past its end).
                if d > lastDate { continue }
                out[t] = s.values[j]
                if first < 0 { first = t }
                last = t
            }
        }
        guard first >= 0 else { return nil }
        // Fill outside availability with the nearest value (never read by the engine; keeps the panel finite).
        for t in 0..<first { out[t] = out[first] }
        for t in (last + 1)..<T { out[t] = out[last] }
        return CalendarSeries(values: out, first: first, last: last)
    }
}
