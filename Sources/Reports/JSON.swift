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
        let w = JSONWriter()
        w.value(self, pretty: pretty)
        return w.text
    }

    /// Shortest round-trip decimal; integers without a fraction; non-finite → null.
    public static func format(_ d: Double) -> String { NumberFormat.shortest(d) }

    public static func quote(_ s: String) -> String {
        let w = JSONWriter(capacity: s.utf8.count + 8)
        w.string(s)
        return w.text
    }
}
