import Foundation

/// Portfolio weights from a `ticker,weight` file.
///
/// Format: one `ticker,weight` pair per line, weight a fraction of NAV (0.10 = 10%; shorts negative). An optional
/// header line `ticker,weight` is skipped; blank lines and lines starting with `#` are ignored. Whitespace around
/// fields is trimmed. Errors (typed ``PriceDataError/badWeights(file:line:reason:)``) name the file and line: wrong
/// field count, a weight that is not a finite number, a duplicate ticker, an empty ticker, or no weights at all.
public enum WeightsFile {
    public static func load(path: String) throws(PriceDataError) -> [(ticker: String, weight: Double)] {
        let rows = try PricePanelLoader.readCSV(path)
        var out: [(ticker: String, weight: Double)] = []
        var seen: [String: Int] = [:]
        for (k, row) in rows.enumerated() {
            if k == 0, row.fields.count == 2, row.fields[0].lowercased() == "ticker", row.fields[1].lowercased() == "weight" {
                continue
            }
            guard row.fields.count == 2 else {
                throw .badWeights(file: path, line: row.line,
                                  reason: "expected 2 fields `ticker,weight`, found \(row.fields.count)")
            }
            let t = row.fields[0]
            guard !t.isEmpty else { throw .badWeights(file: path, line: row.line, reason: "column ticker: empty ticker") }
            guard let w = Double(row.fields[1]), w.isFinite else {
                throw .badWeights(file: path, line: row.line,
                                  reason: "column weight: cannot parse '\(row.fields[1])' (expected a finite fraction of NAV, e.g. 0.1 or -0.05)")
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
