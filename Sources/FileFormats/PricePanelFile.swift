import Foundation
import Basics
import MarketData

/// A wide price table as read from a file, before alignment: `values` is `dates.count × tickers.count`, column-major
/// (ticker j's prices contiguous), NaN where a cell is missing; `lines[i]` is the file line of `dates[i]`.
public struct WidePriceTable: Sendable, Equatable {
    public var file: String
    public var dates: [LocalDate]
    public var lines: [Int]
    public var tickers: [String]
    public var values: [Double]
}

/// Price panels from CSV files, read with ``CSVReader``; alignment is MarketData's
/// (``PriceAlignment/align(_:policy:)``).
///
/// - Wide panels `Date,TICK1,TICK2,…` (one adjusted close per cell): ``loadWide(path:policy:)``.
/// - Folders of per-ticker files `<folder>/<TICKER>.csv`: ``loadFolder(path:tickers:column:policy:)``, each file read
///   by ``loadSeries(file:ticker:column:currency:)`` (Yahoo `Date,Open,High,Low,Close,Adj Close,Volume`, `Date,Close`,
///   yfinance `Date,Close,High,Low,Open,Volume`, BaoStock `date,code,…,close,…`; header names in any case).
///
/// Cells follow ``PriceFileRules`` (dates strictly increasing; prices finite and > 0; empty, `null`, `NaN`, `NA`,
/// `N/A` missing — an error unless the alignment policy forward-fills). Lines are physical file lines (header = 1,
/// comments and blank lines counted); errors are ``PriceDataError``s naming file, line and column. Files are CSV as
/// ``CSVReader`` reads them (BOM, CRLF, quoted fields), with `#` comment lines.
public enum PricePanelFile {
    /// Loads a wide CSV panel, aligning with the given policy (intersection by default: rows with a missing cell throw).
    public static func loadWide(path: String, policy: AlignmentPolicy = .intersection) throws(PriceDataError) -> PricePanel {
        try loadWideWithReport(path: path, policy: policy).panel
    }

    /// Loads a wide CSV panel and reports what alignment dropped or filled.
    public static func loadWideWithReport(path: String, policy: AlignmentPolicy = .intersection)
        throws(PriceDataError) -> (panel: PricePanel, report: AlignmentReport)
    {
        let t = try readWide(path: path)
        return try PriceAlignment.alignTable(dates: t.dates, lines: t.lines, tickers: t.tickers, values: t.values,
                                               file: path, policy: policy)
    }

    /// Reads a wide panel without aligning it.
    public static func readWide(path: String) throws(PriceDataError) -> WidePriceTable {
        var reader = try PriceCSV.open(path)
        guard let header = try PriceCSV.next(&reader), header.count >= 2 else { throw .empty(file: path) }
        var pending = try PriceCSV.next(&reader)
        guard pending != nil else { throw .empty(file: path) }
        let tickers = try PriceFileRules.wideTickers(header: header.strings, file: path)
        let n = tickers.count
        let width = header.count
        var capacity = reader.remainingRowEstimate + 1
        // Every cell of the rows read is written below; rows past them are dropped by `resized`.
        var values = [Double](unsafeUninitializedCapacity: capacity * n) { _, count in count = capacity * n }
        var dates: [LocalDate] = []
        var lines: [Int] = []
        dates.reserveCapacity(capacity)
        lines.reserveCapacity(capacity)
        var i = 0
        func add(_ row: CSVRow) throws(PriceDataError) {
            guard row.count == width else { throw .raggedRow(file: path, line: row.line, expected: width, found: row.count) }
            let d = try PriceCSV.date(row, 0)
            try PriceFileRules.checkOrder(d, after: dates.last, file: path, line: row.line)
            dates.append(d)
            lines.append(row.line)
            if i == capacity {
                values = resized(values, rows: capacity, to: 2 * capacity, columns: n)
                capacity *= 2
            }
            try values.withUnsafeMutableBufferPointer { (v) throws(PriceDataError) in
                for j in 0..<n {
                    // Plain positive decimals inline; everything else (missing, other numbers, errors) by PriceCSV.
                    if let x = row.plainDouble(at: j + 1), x > 0 {
                        v[j * capacity + i] = x
                    } else {
                        v[j * capacity + i] = try PriceCSV.price(row, j + 1, column: tickers[j])
                    }
                }
            }
            i += 1
        }
        while pending != nil {
            try add(pending!)
            // Drop the row before reading the next, so the reader reuses its field buffer.
            pending = nil
            pending = try PriceCSV.next(&reader)
        }
        if i != capacity { values = resized(values, rows: capacity, to: i, columns: n) }
        return WidePriceTable(file: path, dates: dates, lines: lines, tickers: tickers, values: values)
    }

    /// A column-major `rows × columns` buffer re-laid out with `to` rows per column (truncating or NaN-padding).
    static func resized(_ v: [Double], rows: Int, to newRows: Int, columns: Int) -> [Double] {
        var out = [Double](repeating: .nan, count: newRows * columns)
        let keep = min(rows, newRows)
        for j in 0..<columns { out[(j * newRows)..<(j * newRows + keep)] = v[(j * rows)..<(j * rows + keep)] }
        return out
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
            let file = try folderFile(path: path, ticker: t)
            series.append(try loadSeries(file: file, ticker: t, column: column))
        }
        return try PriceAlignment.align(series, policy: policy)
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
}
