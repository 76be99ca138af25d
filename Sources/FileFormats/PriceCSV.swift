import Basics
import MarketData

/// The pieces of price-file reading shared by ``PricePanelFile``'s wide panels and per-ticker series: opening a file
/// as CSV with `#` comments, mapping reader errors to ``PriceDataError``, and reading date and price cells by
/// ``PriceFileRules`` straight from the bytes where possible.
enum PriceCSV {
    static func open(_ path: String) throws(PriceDataError) -> CSVReader {
        do { return try CSVReader(path: path, options: .commented) } catch { throw priceError(error) }
    }

    static func next(_ reader: inout CSVReader) throws(PriceDataError) -> CSVRow? {
        do { return try reader.next() } catch { throw priceError(error) }
    }

    /// A reader error as a ``PriceDataError``.
    static func priceError(_ e: CSVError) -> PriceDataError {
        switch e.kind {
        case .fileNotFound: return .fileNotFound(path: e.path)
        case .unreadable:
            // The reader says "cannot read (<reason>)"; PriceDataError.unreadable adds those words itself.
            let m = e.message
            let reason = m.hasPrefix("cannot read (") && m.hasSuffix(")") ? String(m.dropFirst(13).dropLast()) : m
            return .unreadable(path: e.path, reason: reason)
        default: return .malformed(file: e.path, line: e.line, column: e.column, reason: e.message)
        }
    }

    /// The date in field `i` (``PriceFileRules/parseDate(_:)``; `YYYY-MM-DD` read from the bytes).
    @inline(__always)
    static func date(_ row: CSVRow, _ i: Int) throws(PriceDataError) -> LocalDate {
        if let d = isoDate(row, i) { return d }
        return try PriceFileRules.date(row.string(at: i), file: row.path, line: row.line(at: i))
    }

    /// `YYYY-MM-DD` exactly (ten bytes), as `LocalDate(iso:)` reads it; nil for anything else.
    @inline(__always)
    static func isoDate(_ row: CSVRow, _ i: Int) -> LocalDate? {
        let f = row.field(i)
        guard f.end - f.start == 10, !f.escaped else { return nil }
        let p = row.base + f.start
        guard p[4] == 0x2D, p[7] == 0x2D else { return nil }
        @inline(__always) func digits(_ a: Int, _ n: Int) -> Int? {
            var v = 0
            for k in a..<(a + n) {
                let d = p[k] &- 0x30
                guard d <= 9 else { return nil }
                v = v * 10 + Int(d)
            }
            return v
        }
        guard let y = digits(0, 4), let m = digits(5, 2), let d = digits(8, 2) else { return nil }
        return LocalDate(year: y, month: m, day: d)
    }

    /// The price in field `i`: NaN when missing (``PriceFileRules/isMissing(_:)``); throws when not a number or not
    /// finite and > 0, naming `column`.
    @inline(__always)
    static func price(_ row: CSVRow, _ i: Int, column: String) throws(PriceDataError) -> Double {
        if let v = row.plainDouble(at: i) {
            guard v > 0 else { throw .nonPositivePrice(file: row.path, line: row.line(at: i), column: column, value: v) }
            return v
        }
        if row.isEmpty(at: i) { return .nan }
        return try PriceFileRules.price(row.string(at: i), file: row.path, line: row.line(at: i), column: column) ?? .nan
    }
}
