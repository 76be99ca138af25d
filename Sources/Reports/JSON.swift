import Basics
#if canImport(Glibc)
import Glibc
#endif

/// A JSON value with ordered object keys, so that every output has a stable, documented key order.
///
/// Numbers are written with Swift's shortest round-trip representation; a non-finite number is written as
/// `null` (reports never contain NaN or inf).
public indirect enum JSONValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByFloatLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral
{
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized(pretty: false) == b.serialized(pretty: false) }

    /// An optional number (nil → null).
    public static func number(_ v: Double?) -> JSONValue { v.map { .number($0) } ?? .null }
    public static func string(_ v: String?) -> JSONValue { v.map { .string($0) } ?? .null }
    public static func numbers(_ v: [Double]) -> JSONValue { .array(v.map { .number($0) }) }
    public static func strings(_ v: [String]) -> JSONValue { .array(v.map { .string($0) }) }

    /// Serialises with 2-space indentation (pretty) or compactly; always ends without a newline.
    public func serialized(pretty: Bool = true) -> String {
        var out = ""
        write(into: &out, indent: 0, pretty: pretty)
        return out
    }

    private func write(into out: inout String, indent: Int, pretty: Bool) {
        let nl = pretty ? "\n" : ""
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let closePad = pretty ? String(repeating: "  ", count: indent) : ""
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let d): out += JSONValue.format(d)
        case .string(let s): out += JSONValue.quote(s)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            // Arrays of scalars stay on one line for readability.
            let scalar = items.allSatisfy { if case .array = $0 { return false }; if case .object = $0 { return false }; return true }
            if scalar || !pretty {
                out += "["
                for (i, v) in items.enumerated() {
                    if i > 0 { out += pretty ? ", " : "," }
                    v.write(into: &out, indent: indent + 1, pretty: pretty)
                }
                out += "]"
            } else {
                out += "[" + nl
                for (i, v) in items.enumerated() {
                    out += pad
                    v.write(into: &out, indent: indent + 1, pretty: pretty)
                    out += (i + 1 < items.count ? "," : "") + nl
                }
                out += closePad + "]"
            }
        case .object(let pairs):
            if pairs.isEmpty { out += "{}"; return }
            out += "{" + nl
            for (i, (k, v)) in pairs.enumerated() {
                out += pad + JSONValue.quote(k) + (pretty ? ": " : ":")
                v.write(into: &out, indent: indent + 1, pretty: pretty)
                out += (i + 1 < pairs.count ? "," : "") + nl
            }
            out += closePad + "}"
        }
    }

    /// Shortest round-trip decimal; integers without a fraction; non-finite → null.
    public static func format(_ d: Double) -> String { NumberFormat.shortest(d) }

    public static func quote(_ s: String) -> String {
        var r = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": r += "\\\""
            case "\\": r += "\\\\"
            case "\n": r += "\\n"
            case "\r": r += "\\r"
            case "\t": r += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    r += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    r.unicodeScalars.append(u)
                }
            }
        }
        return r + "\""
    }
}
