import Backtest
import Basics

/// A schedule of target weights from a CSV file `date,ticker,weight` (header optional; `#` comments and blank
/// lines ignored; fields trimmed, may be quoted). Rows sharing a date form one entry: from that date on (first trading
/// day on or after it, a forced rebalance) those are the targets, and names absent from the entry have target 0.
/// Dates (`YYYY-MM-DD`) must not decrease; a ticker may appear once per date. Errors
/// (``BacktestError/badSchedule(file:line:reason:)``) name the file and line.
public enum ScheduleFile {
    public static func load(path: String) throws(BacktestError) -> WeightSchedule {
        var reader: CSVReader
        do { reader = try CSVReader(path: path, options: .commented) } catch {
            if error.kind == .notUTF8 { throw .badSchedule(file: path, line: error.line, reason: error.message) }
            throw .badSchedule(file: path, line: 0, reason: "cannot read the file")
        }
        var entries: [ScheduleEntry] = []
        var seen = Set<String>()
        while true {
            let next: CSVRow?
            do { next = try reader.next() } catch {
                throw .badSchedule(file: path, line: error.line, reason: "column \(error.column): \(error.message)")
            }
            guard let row = next else { break }
            let line = row.line
            if entries.isEmpty && row.count == 3 && row.string(at: 0).lowercased() == "date" { continue }
            guard row.count == 3 else {
                throw .badSchedule(file: path, line: line, reason: "expected 3 fields `date,ticker,weight`, found \(row.count)")
            }
            let dateText = row.string(at: 0)
            guard let d = LocalDate(iso: dateText) else {
                throw .badSchedule(file: path, line: line, reason: "column date: cannot parse '\(dateText)' (expected YYYY-MM-DD)")
            }
            let ticker = row.string(at: 1)
            guard !ticker.isEmpty else { throw .badSchedule(file: path, line: line, reason: "column ticker: empty") }
            guard let w = row.double(at: 2), w.isFinite else {
                throw .badSchedule(file: path, line: line,
                                   reason: "column weight: cannot parse '\(row.string(at: 2))' (expected a finite fraction of NAV)")
            }
            if let last = entries.last, last.date == d {
                guard seen.insert(ticker).inserted else { throw .badSchedule(file: path, line: line, reason: "ticker \(ticker) twice on \(d)") }
                entries[entries.count - 1].targets.append(Target(ticker: ticker, weight: w))
            } else {
                if let last = entries.last, d < last.date {
                    throw .badSchedule(file: path, line: line, reason: "date \(d) comes before \(last.date); dates must not decrease")
                }
                seen = [ticker]
                entries.append(ScheduleEntry(date: d, targets: [Target(ticker: ticker, weight: w)]))
            }
        }
        guard !entries.isEmpty else { throw .badSchedule(file: path, line: 0, reason: "no `date,ticker,weight` rows") }
        return WeightSchedule(entries: entries)
    }
}
