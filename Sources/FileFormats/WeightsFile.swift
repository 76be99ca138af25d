import MarketData

/// Portfolio weights from a `ticker,weight` file.
///
/// Format: one `ticker,weight` pair per line, weight a fraction of NAV (0.10 = 10%; shorts negative). An optional
/// header line `ticker,weight` is skipped; blank lines and lines starting with `#` are ignored. Whitespace around
/// fields is trimmed; fields may be quoted. Errors (typed ``PriceDataError/badWeights(file:line:reason:)``) name the
/// file and line: wrong field count, a weight that is not a finite number, a duplicate ticker, an empty ticker, or no
/// weights at all.
public enum WeightsFile {
    public static func load(path: String) throws(PriceDataError) -> [(ticker: String, weight: Double)] {
        var reader = try PriceCSV.open(path)
        var out: [(ticker: String, weight: Double)] = []
        var seen: [String: Int] = [:]
        var first = true
        while let row = try PriceCSV.next(&reader) {
            defer { first = false }
            if first, row.count == 2, row.string(at: 0).lowercased() == "ticker", row.string(at: 1).lowercased() == "weight" {
                continue
            }
            guard row.count == 2 else {
                throw .badWeights(file: path, line: row.line, reason: "expected 2 fields `ticker,weight`, found \(row.count)")
            }
            let t = row.string(at: 0)
            guard !t.isEmpty else { throw .badWeights(file: path, line: row.line, reason: "column ticker: empty ticker") }
            guard let w = row.double(at: 1), w.isFinite else {
                throw .badWeights(file: path, line: row.line(at: 1),
                                  reason: "column weight: cannot parse '\(row.string(at: 1))' (expected a finite fraction of NAV, e.g. 0.1 or -0.05)")
            }
            if let prev = seen[t] {
                throw .badWeights(file: path, line: row.line, reason: "column ticker: duplicate ticker \(t) (first on line \(prev))")
            }
            seen[t] = row.line
            out.append((t, w))
        }
        guard !out.isEmpty else { throw .badWeights(file: path, line: 1, reason: "no `ticker,weight` lines") }
        return out
    }
}
