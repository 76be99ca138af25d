import Foundation
import Basics

/// Price panels from CSV files, for the modules that cannot import FileFormats (Risk, Backtest), and the alignment of
/// loaded series (``align(_:policy:)``, ``alignTable(dates:lines:tickers:values:file:policy:)``).
///
/// **Transitional.** The reader of price files is `FileFormats.PricePanelFile` (byte-level CSV, same layouts, same
/// ``PriceDataError``s). The file-reading entry points here (`loadWide…`, `loadFolder…`, `loadSeries`) remain only for
/// callers below FileFormats, which will receive loaded series (a `PriceHistorySource`) instead of paths; they
/// read with `LegacyCSVRows` and apply the same ``PriceFileRules``.
///
/// - Wide panels: `Date,TICK1,TICK2,…` (one adjusted close per cell), ``loadWide(path:policy:)``.
/// - Folders of per-ticker files: `<folder>/<TICKER>.csv` in Yahoo layout `Date,Open,High,Low,Close,Adj Close,Volume`
///   (column `Adj Close` by default; when a file has no such column but has `Close`, as in `Date,Close` adjusted-close
///   files, `Close` is used), yfinance `Date,Close,High,Low,Open,Volume`, or BaoStock `date,code,…,close,…`.
///   Header matching is case-insensitive. ``loadFolder(path:tickers:column:policy:)``.
///
/// Dates and prices follow ``PriceFileRules``: dates strictly increasing within a file (unsorted or duplicate dates are
/// errors, not repaired); prices finite and > 0; an empty, `null` or `NaN` cell is a missing price, an error unless the
/// policy is forward fill (then it is filled like a missing date and counted in the report). Currency per ticker is
/// inferred from the suffix (`.HK` HKD, `.KS` KRW, `.SZ`/`.SS`/`.SH` CNY, `.T` JPY, `.TW` TWD, else USD) unless given.
public enum PricePanelLoader {
    /// Loads a wide CSV panel, aligning with the given policy (intersection by default: rows with a missing cell throw).
    public static func loadWide(path: String, policy: AlignmentPolicy = .intersection) throws(PriceDataError) -> PricePanel {
        try loadWideWithReport(path: path, policy: policy).panel
    }

    /// Loads a wide CSV panel and reports what alignment dropped or filled.
    public static func loadWideWithReport(path: String, policy: AlignmentPolicy = .intersection)
        throws(PriceDataError) -> (panel: PricePanel, report: AlignmentReport)
    {
        let rows = try LegacyCSVRows.read(path)
        guard let header = rows.first, header.fields.count >= 2, rows.count >= 2 else { throw .empty(file: path) }
        let tickers = try PriceFileRules.wideTickers(header: header.fields, file: path)
        let n = tickers.count
        let t = rows.count - 1
        var dates: [LocalDate] = []
        var lines: [Int] = []
        var values = [Double](repeating: .nan, count: t * n)
        for (i, row) in rows.dropFirst().enumerated() {
            guard row.fields.count == header.fields.count else {
                throw .raggedRow(file: path, line: row.line, expected: header.fields.count, found: row.fields.count)
            }
            let d = try PriceFileRules.date(row.fields[0], file: path, line: row.line)
            try PriceFileRules.checkOrder(d, after: dates.last, file: path, line: row.line)
            dates.append(d)
            lines.append(row.line)
            for j in 0..<n {
                if let v = try PriceFileRules.price(row.fields[j + 1], file: path, line: row.line, column: tickers[j]) {
                    values[j * t + i] = v
                }
            }
        }
        return try alignTable(dates: dates, lines: lines, tickers: tickers, values: values, file: path, policy: policy)
    }

    /// Loads `<path>/<ticker>.csv` for each ticker, choosing `column` (default `Adj Close`, falling back to `Close`
    /// when the file has no `Adj Close`), and aligns them with `policy`.
    public static func loadFolder(path: String, tickers: [String], column: String = "Adj Close",
                                  policy: AlignmentPolicy = .intersection) throws(PriceDataError) -> PricePanel {
        try loadFolderWithReport(path: path, tickers: tickers, column: column, policy: policy).panel
    }

    public static func loadFolderWithReport(path: String, tickers: [String], column: String = "Adj Close",
                                            policy: AlignmentPolicy = .intersection)
        throws(PriceDataError) -> (panel: PricePanel, report: AlignmentReport)
    {
        var seen = Set<String>()
        var series: [PriceSeries] = []
        for t in tickers {
            if !seen.insert(t).inserted { throw .duplicateTicker(file: path, ticker: t) }
            series.append(try loadSeries(file: try folderFile(path: path, ticker: t), ticker: t, column: column))
        }
        return try align(series, policy: policy)
    }

    /// The path `<path>/<ticker>.csv`; throws ``PriceDataError/tickerAbsent(ticker:source:available:)`` (listing the
    /// folder's tickers) when there is no such file.
    public static func folderFile(path: String, ticker: String) throws(PriceDataError) -> String {
        let file = (path as NSString).appendingPathComponent(ticker + ".csv")
        guard FileManager.default.fileExists(atPath: file) else {
            let available = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                .filter { $0.hasSuffix(".csv") }.map { String($0.dropLast(4)) }.sorted()
            throw .tickerAbsent(ticker: ticker, source: path, available: available)
        }
        return file
    }

    /// Reads one per-ticker file (`Date` plus a price column; see the type's documentation for the layouts).
    public static func loadSeries(file: String, ticker: String, column: String = "Adj Close",
                                  currency: Currency? = nil) throws(PriceDataError) -> PriceSeries {
        let rows = try LegacyCSVRows.read(file)
        guard let header = rows.first, rows.count >= 2 else { throw .empty(file: file) }
        let cols = try PriceFileRules.seriesColumns(header: header.fields, column: column, ticker: ticker, file: file)
        var dates: [LocalDate] = []
        var values: [Double?] = []
        var lines: [Int] = []
        for row in rows.dropFirst() {
            guard row.fields.count == header.fields.count else {
                throw .raggedRow(file: file, line: row.line, expected: header.fields.count, found: row.fields.count)
            }
            let d = try PriceFileRules.date(row.fields[cols.date], file: file, line: row.line)
            try PriceFileRules.checkOrder(d, after: dates.last, file: file, line: row.line)
            dates.append(d)
            lines.append(row.line)
            values.append(try PriceFileRules.price(row.fields[cols.price], file: file, line: row.line, column: cols.name))
        }
        return PriceSeries(ticker: ticker, dates: dates, values: values, file: file, lines: lines,
                           currency: currency ?? inferCurrency(ticker))
    }

    /// `YYYY-MM-DD`, `YYYY/MM/DD` or `M/D/YYYY` (``PriceFileRules/parseDate(_:)``).
    public static func parseDate(_ text: String) -> LocalDate? { PriceFileRules.parseDate(text) }
}
