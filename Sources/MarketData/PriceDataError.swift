import Basics

/// A problem with price data, naming the file, line (1-based, header = line 1) and column or ticker, and saying what
/// was expected. Thrown by the price-file readers (`FileFormats.PricePanelFile`, ``PriceAlignment``),
/// ``PricePanel/returns(kind:from:to:)`` and `FileFormats.WeightsFile`.
public enum PriceDataError: Error, Equatable, CustomStringConvertible, Sendable {
    case fileNotFound(path: String)
    case unreadable(path: String, reason: String)
    /// The file has no header line or no data lines.
    case empty(file: String)
    /// The header lacks a required column.
    case missingColumn(file: String, expected: String, header: [String])
    /// A data line has the wrong number of fields.
    case raggedRow(file: String, line: Int, expected: Int, found: Int)
    case badDate(file: String, line: Int, text: String)
    case unsortedDates(file: String, line: Int, date: LocalDate, previous: LocalDate)
    case duplicateDate(file: String, line: Int, date: LocalDate)
    /// A price cell that is not a number.
    case badPrice(file: String, line: Int, column: String, text: String)
    /// A price ≤ 0 or non-finite.
    case nonPositivePrice(file: String, line: Int, column: String, value: Double)
    /// An empty / `null` / `NaN` price cell that the alignment policy does not repair.
    case missingPrice(file: String, line: Int, column: String)
    /// A ticker column appears twice in a header, or the same ticker was requested twice.
    case duplicateTicker(file: String, ticker: String)
    /// A requested ticker is not in the panel / folder.
    case tickerAbsent(ticker: String, source: String, available: [String])
    /// After alignment (and any date window) too few dates remain.
    case tooFewObservations(observations: Int, assets: Int, context: String)
    /// A weights-file problem (bad number, wrong field count, duplicate ticker).
    case badWeights(file: String, line: Int, reason: String)
    /// An FX series has no fixing on or before a panel date.
    case noFXFixing(file: String, currency: String, date: LocalDate)
    /// The file is not well-formed CSV or not UTF-8 text (an unclosed quote, text after a closing quote, an invalid
    /// byte); `column` is the 1-based field index, 0 when the problem is not in one field.
    case malformed(file: String, line: Int, column: Int, reason: String)

    public var description: String {
        switch self {
        case .fileNotFound(let p): return "\(p): file not found"
        case .unreadable(let p, let r): return "\(p): cannot read (\(r))"
        case .empty(let f): return "\(f): no header and data lines (expected `Date,<price columns>` and at least one row)"
        case .missingColumn(let f, let e, let h):
            return "\(f):1: no column '\(e)' in header [\(h.joined(separator: ","))]"
        case .raggedRow(let f, let l, let e, let n): return "\(f):\(l): expected \(e) comma-separated fields, found \(n)"
        case .badDate(let f, let l, let t): return "\(f):\(l): column Date: cannot parse '\(t)' (expected YYYY-MM-DD or M/D/YYYY)"
        case .unsortedDates(let f, let l, let d, let p):
            return "\(f):\(l): column Date: \(d) comes after \(p); dates must be strictly increasing"
        case .duplicateDate(let f, let l, let d): return "\(f):\(l): column Date: duplicate date \(d)"
        case .badPrice(let f, let l, let c, let t): return "\(f):\(l): column \(c): cannot parse price '\(t)' (expected a positive number)"
        case .nonPositivePrice(let f, let l, let c, let v): return "\(f):\(l): column \(c): price \(v) is not positive and finite"
        case .missingPrice(let f, let l, let c):
            return "\(f):\(l): column \(c): missing price (use forward-fill alignment with a maximum gap to repair)"
        case .duplicateTicker(let f, let t): return "\(f): ticker \(t) appears more than once"
        case .tickerAbsent(let t, let s, let a):
            let shown = a.prefix(20).joined(separator: ", ") + (a.count > 20 ? ", …" : "")
            return "ticker \(t) is not in \(s) (available: \(shown))"
        case .tooFewObservations(let o, let n, let c):
            return "\(c): \(o) observations for \(n) assets; need more observations than assets"
        case .badWeights(let f, let l, let r): return "\(f):\(l): \(r)"
        case .noFXFixing(let f, let c, let d):
            return "\(f): FX series \(c) has no fixing on or before \(d) (expected FX history covering the price window; narrow it with --from)"
        case .malformed(let f, let l, let c, let r): return c > 0 ? "\(f):\(l): column \(c): \(r)" : "\(f):\(l): \(r)"
        }
    }
}
