import Basics
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

