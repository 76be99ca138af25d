#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Basics
import LinearAlgebra

/// A problem with price data, naming the file, line (1-based, header = line 1) and column or ticker, and saying what
/// was expected. Thrown by ``PricePanelLoader``, ``PricePanel/returns(kind:from:to:)`` and ``WeightsFile``.
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
        }
    }
}

/// How to put several series on one calendar.
public enum AlignmentPolicy: Sendable, Equatable {
    /// Keep only the dates on which every series has a price (default).
    case intersection
    /// Use the union of dates from the latest first date onwards; a series without a price on a date takes its last
    /// price, provided no more than `maxGap` consecutive dates are filled for it. Dates that would need a longer fill
    /// (or fall after a series ended by more than `maxGap` dates) are dropped and reported.
    case forwardFill(maxGap: Int)
}

/// What alignment did: the dates dropped and the prices filled, per ticker.
public struct AlignmentReport: Sendable, Equatable {
    public var policy: AlignmentPolicy
    /// Distinct input dates (union over all series).
    public var unionDates: Int
    /// Dates kept in the panel.
    public var keptDates: Int
    /// For each ticker, how many union dates were dropped because that ticker had no (fillable) price there.
    /// A dropped date is counted under every ticker that lacked it.
    public var droppedDatesByTicker: [String: Int]
    /// Dates before the latest first date (forward fill) — no series can be filled before it starts.
    public var droppedBeforeCommonStart: Int
    /// Number of forward-filled prices per ticker (0 under intersection).
    public var filledByTicker: [String: Int]

    public var droppedDates: Int { unionDates - keptDates }

    /// One line per ticker with something dropped or filled (for reports).
    public var summaryLines: [String] {
        var out: [String] = []
        if droppedDates > 0 { out.append("\(droppedDates) of \(unionDates) dates dropped by alignment") }
        for t in droppedDatesByTicker.keys.sorted() where droppedDatesByTicker[t]! > 0 {
            out.append("\(t): missing on \(droppedDatesByTicker[t]!) dropped dates")
        }
        for t in filledByTicker.keys.sorted() where filledByTicker[t]! > 0 {
            out.append("\(t): \(filledByTicker[t]!) prices forward-filled")
        }
        return out
    }
}

/// One price series as read from a file (before alignment). `nil` values are missing cells.
public struct PriceSeries: Sendable, Equatable {
    public var ticker: String
    public var dates: [LocalDate]
    public var values: [Double?]
    /// File each value came from and its 1-based line (for error messages).
    public var file: String
    public var lines: [Int]
    public var currency: Currency?

    public init(ticker: String, dates: [LocalDate], values: [Double?], file: String = "", lines: [Int]? = nil,
                currency: Currency? = nil) {
        self.ticker = ticker
        self.dates = dates
        self.values = values
        self.file = file
        self.lines = lines ?? Array(1...max(1, dates.count)).prefix(dates.count).map { $0 + 1 }
        self.currency = currency
    }
}

/// Loads price panels from CSV.
///
/// - Wide panels: `Date,TICK1,TICK2,…` (one adjusted close per cell), ``loadWide(path:policy:)``.
/// - Folders of per-ticker files: `<folder>/<TICKER>.csv` in Yahoo layout `Date,Open,High,Low,Close,Adj Close,Volume`
///   (column `Adj Close` by default; when a file has no such column but has `Close`, as in `Date,Close` adjusted-close
///   files, `Close` is used), yfinance `Date,Close,High,Low,Open,Volume`, or BaoStock `date,code,…,close,…`.
///   Header matching is case-insensitive. ``loadFolder(path:tickers:column:policy:)``.
///
/// Dates: `YYYY-MM-DD`, `YYYY/MM/DD` or `M/D/YYYY`, strictly increasing within a file (unsorted or duplicate dates are
/// errors, not repaired). Prices must be finite and > 0; an empty, `null` or `NaN` cell is a missing price, an error
/// unless the policy is forward fill (then it is filled like a missing date and counted in the report).
/// Currency per ticker is inferred from the suffix (`.HK` HKD, `.KS` KRW, `.SZ`/`.SS`/`.SH` CNY, `.T` JPY, `.TW` TWD,
/// else USD) unless given.
public enum PricePanelLoader {
    /// Loads a wide CSV panel, aligning with the given policy (intersection by default: rows with a missing cell throw).
    public static func loadWide(path: String, policy: AlignmentPolicy = .intersection) throws(PriceDataError) -> PricePanel {
        try loadWideWithReport(path: path, policy: policy).panel
    }

    /// Loads a wide CSV panel and reports what alignment dropped or filled.
    public static func loadWideWithReport(path: String, policy: AlignmentPolicy = .intersection)
        throws(PriceDataError) -> (panel: PricePanel, report: AlignmentReport)
    {
        let rows = try readCSV(path)
        guard let header = rows.first, header.fields.count >= 2, rows.count >= 2 else { throw .empty(file: path) }
        guard header.fields[0].lowercased() == "date" else {
            throw .missingColumn(file: path, expected: "Date (first column)", header: header.fields)
        }
        let tickers = Array(header.fields.dropFirst())
        var seen = Set<String>()
        for t in tickers {
            if t.isEmpty { throw .missingColumn(file: path, expected: "a ticker name in every header cell", header: header.fields) }
            if !seen.insert(t).inserted { throw .duplicateTicker(file: path, ticker: t) }
        }
        var dates: [LocalDate] = []
        var lines: [Int] = []
        var cols = [[Double?]](repeating: [], count: tickers.count)
        for row in rows.dropFirst() {
            guard row.fields.count == header.fields.count else {
                throw .raggedRow(file: path, line: row.line, expected: header.fields.count, found: row.fields.count)
            }
            let d = try parseDate(row.fields[0], file: path, line: row.line)
            if let p = dates.last {
                if d == p { throw .duplicateDate(file: path, line: row.line, date: d) }
                if d < p { throw .unsortedDates(file: path, line: row.line, date: d, previous: p) }
            }
            dates.append(d)
            lines.append(row.line)
            for j in 0..<tickers.count {
                cols[j].append(try parsePrice(row.fields[j + 1], file: path, line: row.line, column: tickers[j]))
            }
        }
        let series = tickers.indices.map {
            PriceSeries(ticker: tickers[$0], dates: dates, values: cols[$0], file: path, lines: lines)
        }
        return try align(series, policy: policy)
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
            let file = (path as NSString).appendingPathComponent(t + ".csv")
            guard FileManager.default.fileExists(atPath: file) else {
                let available = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                    .filter { $0.hasSuffix(".csv") }.map { String($0.dropLast(4)) }.sorted()
                throw .tickerAbsent(ticker: t, source: path, available: available)
            }
            series.append(try loadSeries(file: file, ticker: t, column: column))
        }
        return try align(series, policy: policy)
    }

    /// Reads one per-ticker file (`Date` plus a price column; see the type's documentation for the layouts).
    public static func loadSeries(file: String, ticker: String, column: String = "Adj Close",
                                  currency: Currency? = nil) throws(PriceDataError) -> PriceSeries {
        let rows = try readCSV(file)
        guard let header = rows.first, rows.count >= 2 else { throw .empty(file: file) }
        let lower = header.fields.map { $0.lowercased() }
        guard let dateCol = lower.firstIndex(of: "date") else {
            throw .missingColumn(file: file, expected: "Date", header: header.fields)
        }
        var priceCol = lower.firstIndex(of: column.lowercased())
        if priceCol == nil, column.lowercased() == "adj close" { priceCol = lower.firstIndex(of: "close") }
        guard let pc = priceCol else { throw .missingColumn(file: file, expected: column, header: header.fields) }
        let colName = "\(header.fields[pc]) (\(ticker))"
        var dates: [LocalDate] = []
        var values: [Double?] = []
        var lines: [Int] = []
        for row in rows.dropFirst() {
            guard row.fields.count == header.fields.count else {
                throw .raggedRow(file: file, line: row.line, expected: header.fields.count, found: row.fields.count)
            }
            let d = try parseDate(row.fields[dateCol], file: file, line: row.line)
            if let p = dates.last {
                if d == p { throw .duplicateDate(file: file, line: row.line, date: d) }
                if d < p { throw .unsortedDates(file: file, line: row.line, date: d, previous: p) }
            }
            dates.append(d)
            lines.append(row.line)
            values.append(try parsePrice(row.fields[pc], file: file, line: row.line, column: colName))
        }
        return PriceSeries(ticker: ticker, dates: dates, values: values, file: file, lines: lines,
                           currency: currency ?? inferCurrency(ticker))
    }

    /// Aligns series on one calendar (see ``AlignmentPolicy``). Throws for a missing cell under `.intersection`
    /// (within a series' own dates), or when no date survives.
    public static func align(_ series: [PriceSeries], policy: AlignmentPolicy = .intersection)
        throws(PriceDataError) -> (panel: PricePanel, report: AlignmentReport)
    {
        var union = Set<LocalDate>()
        for s in series { union.formUnion(s.dates) }
        let allDates = union.sorted()
        var lookup: [[LocalDate: Int]] = []
        for s in series {
            var m: [LocalDate: Int] = [:]
            m.reserveCapacity(s.dates.count)
            for (i, d) in s.dates.enumerated() { m[d] = i }
            lookup.append(m)
        }
        var dropped = [String: Int]()
        var filled = [String: Int]()
        for s in series { dropped[s.ticker] = 0; filled[s.ticker] = 0 }
        var kept: [LocalDate] = []
        var columns = [[Double]](repeating: [], count: series.count)
        var droppedBefore = 0
        switch policy {
        case .intersection:
            for s in series {
                if let i = s.values.firstIndex(where: { $0 == nil }) {
                    throw .missingPrice(file: s.file, line: s.lines[i], column: s.ticker)
                }
            }
            for d in allDates {
                var ok = true
                for (j, s) in series.enumerated() where lookup[j][d] == nil {
                    dropped[s.ticker, default: 0] += 1
                    ok = false
                }
                if ok {
                    kept.append(d)
                    for j in series.indices { columns[j].append(series[j].values[lookup[j][d]!]!) }
                }
            }
        case .forwardFill(let maxGap):
            // The common start: the latest first *valid* price over all series.
            var start = LocalDate(daysSinceEpoch: Int.min / 2)
            for s in series {
                if let i = s.values.firstIndex(where: { $0 != nil }) { start = max(start, s.dates[i]) }
            }
            var last = [Double?](repeating: nil, count: series.count)
            var run = [Int](repeating: 0, count: series.count)
            // Seed each series' last price from before the start.
            for (j, s) in series.enumerated() {
                for (i, d) in s.dates.enumerated() where d <= start { if let v = s.values[i] { last[j] = v } }
            }
            for d in allDates {
                if d < start { droppedBefore += 1; continue }
                var row = [Double](repeating: 0, count: series.count)
                var fillsHere = [Bool](repeating: false, count: series.count)
                var ok = true
                for j in series.indices {
                    if let i = lookup[j][d], let v = series[j].values[i] {
                        row[j] = v
                        last[j] = v
                        run[j] = 0
                    } else {
                        // run = consecutive calendar dates without a price for this series.
                        run[j] += 1
                        if let l = last[j], run[j] <= maxGap {
                            row[j] = l
                            fillsHere[j] = true
                        } else {
                            ok = false
                            dropped[series[j].ticker, default: 0] += 1
                        }
                    }
                }
                if ok {
                    kept.append(d)
                    for j in series.indices {
                        columns[j].append(row[j])
                        if fillsHere[j] { filled[series[j].ticker, default: 0] += 1 }
                    }
                }
            }
        }
        guard !kept.isEmpty else {
            throw .tooFewObservations(observations: 0, assets: series.count, context: "aligned panel (no common dates)")
        }
        var storage: [Double] = []
        storage.reserveCapacity(kept.count * series.count)
        for c in columns { storage.append(contentsOf: c) }
        let panel = PricePanel(dates: kept, tickers: series.map(\.ticker),
                               prices: Matrix(rows: kept.count, cols: series.count, columnMajor: storage),
                               currencies: series.map { $0.currency ?? inferCurrency($0.ticker) })
        let report = AlignmentReport(policy: policy, unionDates: allDates.count, keptDates: kept.count,
                                     droppedDatesByTicker: dropped, droppedBeforeCommonStart: droppedBefore,
                                     filledByTicker: filled)
        return (panel, report)
    }

    /// Currency from a Yahoo-style suffix; USD when there is none.
    public static func inferCurrency(_ ticker: String) -> Currency {
        let t = ticker.uppercased()
        if t.hasSuffix(".HK") { return Currency("HKD") }
        if t.hasSuffix(".KS") || t.hasSuffix(".KQ") { return Currency("KRW") }
        if t.hasSuffix(".SZ") || t.hasSuffix(".SS") || t.hasSuffix(".SH") { return Currency("CNY") }
        if t.hasSuffix(".T") { return Currency("JPY") }
        if t.hasSuffix(".TW") { return Currency("TWD") }
        if t.hasSuffix(".AS") { return Currency("EUR") }
        return .usd
    }

    // MARK: - Parsing helpers

    struct Row { var line: Int; var fields: [String] }

    static func readCSV(_ path: String) throws(PriceDataError) -> [Row] {
        guard FileManager.default.fileExists(atPath: path) else { throw .fileNotFound(path: path) }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .unreadable(path: path, reason: "\(error.localizedDescription)")
        }
        var rows: [Row] = []
        var lineNo = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
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

    /// `YYYY-MM-DD`, `YYYY/MM/DD` or `M/D/YYYY`.
    public static func parseDate(_ text: String) -> LocalDate? {
        let t = text.count > 10 && text.contains(" ") ? String(text.prefix { $0 != " " }) : text
        if let d = LocalDate(iso: t) { return d }
        let parts = t.split(separator: "/")
        if parts.count == 3, parts[2].count == 4, let m = Int(parts[0]), let d = Int(parts[1]), let y = Int(parts[2]) {
            return LocalDate(year: y, month: m, day: d)
        }
        return nil
    }

    static func parseDate(_ text: String, file: String, line: Int) throws(PriceDataError) -> LocalDate {
        guard let d = parseDate(text) else { throw .badDate(file: file, line: line, text: text) }
        return d
    }

    static func parsePrice(_ text: String, file: String, line: Int, column: String) throws(PriceDataError) -> Double? {
        let l = text.lowercased()
        if l.isEmpty || l == "null" || l == "nan" || l == "na" || l == "n/a" { return nil }
        guard let v = Double(text) else { throw .badPrice(file: file, line: line, column: column, text: text) }
        guard v.isFinite, v > 0 else { throw .nonPositivePrice(file: file, line: line, column: column, value: v) }
        return v
    }
}

// MARK: - Returns

public enum ReturnKind: String, Sendable, CaseIterable {
    /// r_t = P_t / P_{t−1} − 1.
    case simple
    /// r_t = ln(P_t / P_{t−1}).
    case log
}

/// Daily returns: T × N, column-major (asset j contiguous); `dates[t]` is the end date of return t.
public struct ReturnPanel: Sendable, Equatable {
    public var dates: [LocalDate]
    public var tickers: [String]
    public var values: Matrix
    public var kind: ReturnKind
    public init(dates: [LocalDate], tickers: [String], values: Matrix, kind: ReturnKind) {
        precondition(values.rows == dates.count && values.cols == tickers.count, "ReturnPanel: shape mismatch")
        self.dates = dates
        self.tickers = tickers
        self.values = values
        self.kind = kind
    }
    public var observationCount: Int { dates.count }
    public var assetCount: Int { tickers.count }

    /// The columns for `subset` tickers, in that order.
    public func selecting(_ subset: [String]) throws(PriceDataError) -> ReturnPanel {
        var idx: [Int] = []
        for t in subset {
            guard let i = tickers.firstIndex(of: t) else { throw .tickerAbsent(ticker: t, source: "return panel", available: tickers) }
            idx.append(i)
        }
        var s: [Double] = []
        s.reserveCapacity(idx.count * values.rows)
        for i in idx { s.append(contentsOf: values.storage[(i * values.rows)..<((i + 1) * values.rows)]) }
        return ReturnPanel(dates: dates, tickers: subset, values: Matrix(rows: values.rows, cols: idx.count, columnMajor: s), kind: kind)
    }
}

extension PricePanel {
    /// Close-to-close returns over the prices dated within [`from`, `to`] (inclusive; nil = open end). The first
    /// return is from the first price in the window to the second, so the window's T prices give T − 1 returns.
    /// - Throws: ``PriceDataError/tooFewObservations(observations:assets:context:)`` when fewer than 2 prices remain.
    public func returns(kind: ReturnKind = .simple, from: LocalDate? = nil, to: LocalDate? = nil)
        throws(PriceDataError) -> ReturnPanel
    {
        let lo = from.map { f in dates.firstIndex { $0 >= f } ?? dates.count } ?? 0
        let hi = to.map { t in (dates.lastIndex { $0 <= t } ?? -1) + 1 } ?? dates.count
        let count = hi - lo
        guard count >= 2 else {
            throw .tooFewObservations(observations: max(0, count - 1), assets: assetCount,
                                      context: "returns between \(from?.description ?? "start") and \(to?.description ?? "end")")
        }
        let t = count - 1
        let n = assetCount
        var out = [Double](repeating: 0, count: t * n)
        let rows = prices.rows
        prices.storage.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in
                for j in 0..<n {
                    let base = j * rows + lo
                    for i in 0..<t {
                        let r = p[base + i + 1] / p[base + i]
                        o[j * t + i] = kind == .simple ? r - 1 : Foundation.log(r)
                    }
                }
            }
        }
        return ReturnPanel(dates: Array(dates[(lo + 1)..<hi]), tickers: tickers,
                           values: Matrix(rows: t, cols: n, columnMajor: out), kind: kind)
    }

    /// The sub-panel of prices dated within [`from`, `to`] (inclusive; nil = open end).
    public func window(from: LocalDate?, to: LocalDate?) -> PricePanel {
        let keep = dates.indices.filter { (from == nil || dates[$0] >= from!) && (to == nil || dates[$0] <= to!) }
        var s: [Double] = []
        s.reserveCapacity(keep.count * assetCount)
        for j in 0..<assetCount { for i in keep { s.append(prices[i, j]) } }
        return PricePanel(dates: keep.map { dates[$0] }, tickers: tickers,
                          prices: Matrix(rows: keep.count, cols: assetCount, columnMajor: s), currencies: currencies)
    }

    /// Prices converted to `base` currency: each ticker whose currency differs is multiplied by `fx[currency]` on the
    /// same date (units of base per one unit of that currency). FX series are aligned to the panel by date with
    /// forward fill from the last FX fixing on or before the date; a date before the first fixing throws.
    public func converted(to base: Currency, fx: [Currency: PriceSeries]) throws(PriceDataError) -> PricePanel {
        var out = self
        for j in 0..<assetCount where currencies[j] != base {
            guard let s = fx[currencies[j]] else {
                throw .tickerAbsent(ticker: "FX \(currencies[j].code)\(base.code)", source: "FX series",
                                    available: fx.keys.map(\.code).sorted())
            }
            var k = 0
            var lastV: Double? = nil
            for i in 0..<observationCount {
                while k < s.dates.count && s.dates[k] <= dates[i] { if let v = s.values[k] { lastV = v }; k += 1 }
                guard let rate = lastV else {
                    throw .noFXFixing(file: s.file, currency: currencies[j].code, date: dates[i])
                }
                out.prices[i, j] *= rate
            }
            out.currencies[j] = base
        }
        return out
    }
}
