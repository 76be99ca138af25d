import Basics

/// What a cell or header of a price file must look like, shared by every reader of price files (the CSV reader in
/// FileFormats and the transitional ``PriceAlignment`` entry points), so both accept and reject the same text with
/// the same ``PriceDataError``.
///
/// - Dates: `YYYY-MM-DD`, `YYYY/MM/DD` or `M/D/YYYY` (a time after a space is ignored), strictly increasing in a file.
/// - Prices: finite and > 0. An empty, `null`, `NaN`, `NA` or `N/A` cell (any case) is a missing price.
/// - Wide header: `Date` (any case) first, then one non-empty, distinct ticker per column.
/// - Per-ticker header: a `Date` column and the requested price column (any case); asking for `Adj Close` falls back
///   to `Close` when the file has no `Adj Close`.
public enum PriceFileRules {
    /// `YYYY-MM-DD`, `YYYY/MM/DD` or `M/D/YYYY`; nil otherwise.
    public static func parseDate(_ text: String) -> LocalDate? {
        let t = text.count > 10 && text.contains(" ") ? String(text.prefix { $0 != " " }) : text
        if let d = LocalDate(iso: t) { return d }
        let parts = t.split(separator: "/")
        if parts.count == 3, parts[2].count == 4, let m = Int(parts[0]), let d = Int(parts[1]), let y = Int(parts[2]) {
            return LocalDate(year: y, month: m, day: d)
        }
        return nil
    }

    public static func date(_ text: String, file: String, line: Int) throws(PriceDataError) -> LocalDate {
        guard let d = parseDate(text) else { throw .badDate(file: file, line: line, text: text) }
        return d
    }

    /// Throws unless `date` comes strictly after `previous`.
    @inlinable
    public static func checkOrder(_ date: LocalDate, after previous: LocalDate?, file: String, line: Int) throws(PriceDataError) {
        guard let p = previous else { return }
        if date == p { throw .duplicateDate(file: file, line: line, date: date) }
        if date < p { throw .unsortedDates(file: file, line: line, date: date, previous: p) }
    }

    /// True for the texts that mean "no price here": empty, `null`, `nan`, `na`, `n/a` (any case).
    public static func isMissing(_ text: String) -> Bool {
        let l = text.lowercased()
        return l.isEmpty || l == "null" || l == "nan" || l == "na" || l == "n/a"
    }

    /// The price of a cell's text: nil when missing (see ``isMissing(_:)``); throws when it is not a number or not
    /// finite and > 0.
    public static func price(_ text: String, file: String, line: Int, column: String) throws(PriceDataError) -> Double? {
        if isMissing(text) { return nil }
        guard let v = Double(text) else { throw .badPrice(file: file, line: line, column: column, text: text) }
        return try checked(v, file: file, line: line, column: column)
    }

    /// `value` when finite and > 0; throws ``PriceDataError/nonPositivePrice(file:line:column:value:)`` otherwise.
    @inlinable
    public static func checked(_ value: Double, file: String, line: Int, column: String) throws(PriceDataError) -> Double {
        guard value.isFinite, value > 0 else { throw .nonPositivePrice(file: file, line: line, column: column, value: value) }
        return value
    }

    /// The tickers of a wide header `Date,T1,T2,…` (cells already trimmed and unquoted).
    public static func wideTickers(header: [String], file: String) throws(PriceDataError) -> [String] {
        guard header.count >= 2 else { throw .empty(file: file) }
        guard header[0].lowercased() == "date" else {
            throw .missingColumn(file: file, expected: "Date (first column)", header: header)
        }
        let tickers = Array(header.dropFirst())
        var seen = Set<String>()
        for t in tickers {
            if t.isEmpty { throw .missingColumn(file: file, expected: "a ticker name in every header cell", header: header) }
            if !seen.insert(t).inserted { throw .duplicateTicker(file: file, ticker: t) }
        }
        return tickers
    }

    /// The 0-based indices of the date and price columns of a per-ticker header, and the price column's name for
    /// messages (`"<header cell> (<ticker>)"`).
    public static func seriesColumns(header: [String], column: String, ticker: String, file: String)
        throws(PriceDataError) -> (date: Int, price: Int, name: String)
    {
        let lower = header.map { $0.lowercased() }
        guard let dateCol = lower.firstIndex(of: "date") else {
            throw .missingColumn(file: file, expected: "Date", header: header)
        }
        var priceCol = lower.firstIndex(of: column.lowercased())
        if priceCol == nil, column.lowercased() == "adj close" { priceCol = lower.firstIndex(of: "close") }
        guard let pc = priceCol else { throw .missingColumn(file: file, expected: column, header: header) }
        return (dateCol, pc, "\(header[pc]) (\(ticker))")
    }
}
