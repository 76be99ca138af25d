import Foundation

/// A plain-text table for people: left-aligned text columns, right-aligned numeric columns.
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }
    public var title: String?
    public var headers: [String]
    public var alignments: [Alignment]
    public var rows: [[String]]

    public init(title: String? = nil, headers: [String], alignments: [Alignment]? = nil, rows: [[String]] = []) {
        self.title = title
        self.headers = headers
        self.alignments = alignments ?? headers.indices.map { $0 == 0 ? .left : .right }
        self.rows = rows
    }

    public mutating func add(_ row: [String]) { rows.append(row) }

    public func render() -> String {
        let n = headers.count
        var widths = headers.map { $0.count }
        for r in rows { for (i, c) in r.enumerated() where i < n { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for i in 0..<n {
                let c = i < cells.count ? cells[i] : ""
                let padding = String(repeating: " ", count: widths[i] - c.count)
                parts.append(alignments[i] == .left ? c + padding : padding + c)
            }
            var s = parts.joined(separator: "  ")
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
        var out: [String] = []
        if let t = title { out.append(t) }
        out.append(line(headers))
        out.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        out.append(contentsOf: rows.map(line))
        return out.joined(separator: "\n") + "\n"
    }
}

/// Fixed-decimal formatting without locale (deterministic); non-finite values print as "n/a".
public func fmt(_ v: Double, _ decimals: Int = 2) -> String {
    guard v.isFinite else { return "n/a" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let r = (abs(v) * scale).rounded() / scale
    let neg = v < 0 && r != 0
    let intPart = Int64(r)
    var frac = r - Double(intPart)
    var s = String(intPart)
    if decimals > 0 {
        var digits = ""
        for _ in 0..<decimals {
            frac *= 10
            var d = Int(frac + 1e-9)
            if d > 9 { d = 9 }
            digits += String(d)
            frac -= Double(d)
        }
        s += "." + digits
    }
    return (neg ? "-" : "") + s
}

/// Like `fmt` with a thousands separator for large money amounts.
public func fmtMoney(_ v: Double, _ decimals: Int = 0) -> String {
    let s = fmt(v, decimals)
    guard s != "n/a" else { return s }
    let neg = s.hasPrefix("-")
    let body = neg ? String(s.dropFirst()) : s
    let parts = body.split(separator: ".", maxSplits: 1)
    var intPart = String(parts[0])
    var grouped = ""
    while intPart.count > 3 {
        grouped = "," + intPart.suffix(3) + grouped
        intPart = String(intPart.dropLast(3))
    }
    grouped = intPart + grouped
    return (neg ? "-" : "") + grouped + (parts.count > 1 ? "." + parts[1] : "")
}

/// RFC 4180 CSV: fields quoted when they contain a comma, quote or newline.
public enum CSV {
    public static func field(_ s: String) -> String {
        if s.contains(",") || s.contains("\"") || s.contains("\n") {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
    public static func render(headers: [String], rows: [[String]]) -> String {
        ([headers] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
    /// A number for CSV: shortest round-trip, empty for non-finite.
    public static func number(_ d: Double) -> String { d.isFinite ? JSONValue.format(d) : "" }
}

