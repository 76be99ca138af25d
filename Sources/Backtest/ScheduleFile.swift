import Foundation
import Basics

/// A schedule of target weights from a CSV file `date,ticker,weight` (header optional; `#` comments and blank
/// lines ignored). Rows sharing a date form one entry: from that date on (first trading day on or after it, a
/// forced rebalance) those are the targets, and names absent from the entry have target 0. Dates must not
/// decrease; a ticker may appear once per date. Errors name the file and line.
public enum ScheduleFile {
    public static func load(path: String) throws(BacktestError) -> WeightSchedule {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw .badSchedule(file: path, line: 0, reason: "cannot read the file")
        }
        var entries: [ScheduleEntry] = []
        var seen = Set<String>()
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = i + 1
            let s = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if s.isEmpty || s.hasPrefix("#") { continue }
            let f = s.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if entries.isEmpty && f.count == 3 && f[0].lowercased() == "date" { continue }
            guard f.count == 3 else { throw .badSchedule(file: path, line: line, reason: "expected 3 fields `date,ticker,weight`, found \(f.count)") }
            guard let d = LocalDate(iso: f[0]) else { throw .badSchedule(file: path, line: line, reason: "column date: cannot parse '\(f[0])' (expected YYYY-MM-DD)") }
            guard !f[1].isEmpty else { throw .badSchedule(file: path, line: line, reason: "column ticker: empty") }
            guard let w = Double(f[2]), w.isFinite else {
                throw .badSchedule(file: path, line: line, reason: "column weight: cannot parse '\(f[2])' (expected a finite fraction of NAV)")
            }
            if let last = entries.last, last.date == d {
                guard seen.insert(f[1]).inserted else { throw .badSchedule(file: path, line: line, reason: "ticker \(f[1]) twice on \(d)") }
                entries[entries.count - 1].targets.append(Target(ticker: f[1], weight: w))
            } else {
                if let last = entries.last, d < last.date {
                    throw .badSchedule(file: path, line: line, reason: "date \(d) comes before \(last.date); dates must not decrease")
                }
                seen = [f[1]]
                entries.append(ScheduleEntry(date: d, targets: [Target(ticker: f[1], weight: w)]))
            }
        }
        guard !entries.isEmpty else { throw .badSchedule(file: path, line: 0, reason: "no `date,ticker,weight` rows") }
        return WeightSchedule(entries: entries)
    }
}
