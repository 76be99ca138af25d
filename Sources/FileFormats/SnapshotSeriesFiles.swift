import Basics
import MarketData

/// Readers of the dated files a market snapshot uses besides price histories:
///
/// - **rate series** `Date,Close` (e.g. `IRX_index.csv`: the 13-week T-bill discount yield in percent); values may be
///   zero or negative;
/// - **FX files** `Date,Close`, Close = value of one unit of the currency in the base currency (`HKDUSD.csv`: USD per
///   HKD); values must be positive;
/// - **dividend files** `Date,Dividend` (cash per share in the listing currency; a header alone = no dividends).
///
/// Dates `YYYY-MM-DD` (or `M/D/YYYY`), strictly increasing; a blank cell is skipped; errors name file, line and column.
public enum SnapshotSeriesFile {
    public static func loadValues(path: String, column: String = "Close", positive: Bool) throws(PriceDataError) -> ValueSeries {
        let (dates, values) = try read(path: path, column: column, positive: positive, allowEmpty: false)
        return ValueSeries(file: path, dates: dates, values: values)
    }

    /// A dividend file; `coverageEnd` is the last date its data speak for (see ``DividendHistory``).
    public static func loadDividends(path: String, coverageEnd: LocalDate?) throws(PriceDataError) -> DividendHistory {
        let (dates, values) = try read(path: path, column: "Dividend", positive: false, allowEmpty: true)
        return DividendHistory(file: path, dates: dates, amounts: values, coverageEnd: coverageEnd)
    }

    static func read(path: String, column: String, positive: Bool, allowEmpty: Bool) throws(PriceDataError) -> ([LocalDate], [Double]) {
        var reader = try PriceCSV.open(path)
        guard let header = try PriceCSV.next(&reader) else { throw .empty(file: path) }
        let names = header.strings
        let lower = names.map { $0.lowercased() }
        guard let dateCol = lower.firstIndex(of: "date") else { throw .missingColumn(file: path, expected: "Date", header: names) }
        guard let valueCol = lower.firstIndex(of: column.lowercased()) else { throw .missingColumn(file: path, expected: column, header: names) }
        var dates: [LocalDate] = [], values: [Double] = []
        while let row = try PriceCSV.next(&reader) {
            guard row.count == names.count else { throw .raggedRow(file: path, line: row.line, expected: names.count, found: row.count) }
            let d = try PriceCSV.date(row, dateCol)
            try PriceFileRules.checkOrder(d, after: dates.last, file: path, line: row.line)
            guard let v = row.double(at: valueCol), v.isFinite else {
                if row.isEmpty(at: valueCol) || PriceFileRules.isMissing(row.string(at: valueCol)) { continue }
                throw .badPrice(file: path, line: row.line(at: valueCol), column: column, text: row.string(at: valueCol))
            }
            if positive && v <= 0 { throw .nonPositivePrice(file: path, line: row.line(at: valueCol), column: column, value: v) }
            dates.append(d)
            values.append(v)
        }
        if !allowEmpty && dates.isEmpty { throw .empty(file: path) }
        return (dates, values)
    }
}
