import Basics
import FileFormats
import Foundation
@testable import MarketData

/// The string-based price-file reader that preceded `FileFormats.PricePanelFile`, kept in the tests only as a
/// differential reference: both must give identical panels, reports and errors (PriceFileTests).
enum LegacyPriceReader {
    /// Loads a wide CSV panel, aligning with the given policy (intersection by default: rows with a missing cell throw).
    static func loadWide(path: String, policy: AlignmentPolicy = .intersection) throws(PriceDataError) -> PricePanel {
        try loadWideWithReport(path: path, policy: policy).panel
    }

    /// Loads a wide CSV panel and reports what alignment dropped or filled.
    static func loadWideWithReport(path: String, policy: AlignmentPolicy = .intersection)
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
        return try PriceAlignment.alignTable(dates: dates, lines: lines, tickers: tickers, values: values, file: path, policy: policy)
    }

    /// Loads `<path>/<ticker>.csv` for each ticker, choosing `column` (default `Adj Close`, falling back to `Close`
    /// when the file has no `Adj Close`), and aligns them with `policy`.
    static func loadFolder(path: String, tickers: [String], column: String = "Adj Close",
                                  policy: AlignmentPolicy = .intersection) throws(PriceDataError) -> PricePanel {
        try loadFolderWithReport(path: path, tickers: tickers, column: column, policy: policy).panel
    }

    static func loadFolderWithReport(path: String, tickers: [String], column: String = "Adj Close",
                                            policy: AlignmentPolicy = .intersection)
        throws(PriceDataError) -> (panel: PricePanel, report: AlignmentReport)
    {
        var seen = Set<String>()
        var series: [PriceSeries] = []
        for t in tickers {
            if !seen.insert(t).inserted { throw .duplicateTicker(file: path, ticker: t) }
            series.append(try loadSeries(file: try PricePanelFile.folderFile(path: path, ticker: t), ticker: t, column: column))
        }
        return try PriceAlignment.align(series, policy: policy)
    }

    /// Reads one per-ticker file (`Date` plus a price column; see the type's documentation for the layouts).
    static func loadSeries(file: String, ticker: String, column: String = "Adj Close",
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
                           currency: currency ?? PriceAlignment.inferCurrency(ticker))
    }
}


/// The transitional CSV reading behind ``PriceAlignment``'s file entry points (String-based: the whole file as one
/// String split on newlines and commas; no quoted commas or newlines). The byte-level reader is
/// `FileFormats.CSVReader`; this goes when Risk and Backtest receive loaded series instead of paths.
///
/// Lines are numbered from 1; `\n` and `\r\n` endings, a UTF-8 BOM, blank lines and lines starting with `#` are handled;
/// fields are trimmed of whitespace and of one pair of surrounding double quotes (no commas or line breaks inside quotes).
enum LegacyCSVRows {
    struct Row { var line: Int; var fields: [String] }

    static func read(_ path: String) throws(PriceDataError) -> [Row] {
        guard FileManager.default.fileExists(atPath: path) else { throw .fileNotFound(path: path) }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .unreadable(path: path, reason: "\(error.localizedDescription)")
        }
        var rows: [Row] = []
        var lineNo = 0
        // `\r\n` is one Character in a Swift String, so it is a separator of its own.
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNo += 1
            var s = Substring(raw)
            if s.hasSuffix("\r") { s = s.dropLast() }
            if lineNo == 1, s.hasPrefix("\u{FEFF}") { s = s.dropFirst() }
            if s.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if s.hasPrefix("#") { continue }
            let fields = s.split(separator: ",", omittingEmptySubsequences: false).map { f -> String in
                var t = f.trimmingCharacters(in: .whitespaces)
                if t.count >= 2, t.hasPrefix("\""), t.hasSuffix("\"") { t = String(t.dropFirst().dropLast()) }
                return t
            }
            rows.append(Row(line: lineNo, fields: fields))
        }
        return rows
    }
}
