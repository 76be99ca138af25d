#if canImport(Glibc)
import Glibc
#endif

/// A parsed JSON value (RFC 8259) with object keys in document order: the reading side of job and result lines
/// (`hedgebook worker`, `hedgebook merge`). Numbers are read with `strtod` (correctly rounded), so a number written by
/// the project's JSON writer (shortest round-trip digits) reads back to the same bits.
public indirect enum JSONNode: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONNode])
    case object([(String, JSONNode)])

    /// What the value is, for messages ("a string", "an object", …).
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// Parses one JSON text (a whole line of JSON Lines). - Throws: ``JSONSyntaxError`` with the 1-based column.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONNode {
        var bytes = Array(text.utf8)
        return try bytes.withUnsafeMutableBufferPointer { (b) throws(JSONSyntaxError) -> JSONNode in
            var p = JSONParser(b: UnsafeBufferPointer(b))
            p.space()
            let v = try p.value(depth: 0)
            p.space()
            if p.i < b.count { throw p.fail("unexpected text after the JSON value") }
            return v
        }
    }
}

/// A JSON syntax error: the column (1-based, in bytes) and what was expected.
public struct JSONSyntaxError: Error, Sendable, CustomStringConvertible {
    public var column: Int
    public var message: String
    public var description: String { "column \(column): \(message)" }
}

/// Recursive-descent JSON parser over UTF-8 bytes (depth limited to 64).
struct JSONParser {
    let b: UnsafeBufferPointer<UInt8>
    var i = 0

    func fail(_ m: String) -> JSONSyntaxError { JSONSyntaxError(column: i + 1, message: m) }

    mutating func space() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
    }

    mutating func literal(_ s: StaticString, _ v: JSONNode) throws(JSONSyntaxError) -> JSONNode {
        let n = s.utf8CodeUnitCount
        guard i + n <= b.count, memcmp(b.baseAddress! + i, s.utf8Start, n) == 0 else { throw fail("expected a JSON value") }
        i += n
        return v
    }

    mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONNode {
        guard depth < 64 else { throw fail("nested deeper than 64 levels") }
        guard i < b.count else { throw fail("expected a JSON value, found the end of the line") }
        switch b[i] {
        case UInt8(ascii: "{"):
            i += 1
            var fields: [(String, JSONNode)] = []
            space()
            if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return .object(fields) }
            while true {
                space()
                guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
                let k = try string()
                space()
                guard i < b.count, b[i] == UInt8(ascii: ":") else { throw fail("expected ':' after key \"\(k)\"") }
                i += 1
                space()
                fields.append((k, try value(depth: depth + 1)))
                space()
                guard i < b.count else { throw fail("unterminated object") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "}") { i += 1; return .object(fields) }
                throw fail("expected ',' or '}' in an object")
            }
        case UInt8(ascii: "["):
            i += 1
            var items: [JSONNode] = []
            space()
            if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                space()
                items.append(try value(depth: depth + 1))
                space()
                guard i < b.count else { throw fail("unterminated array") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                throw fail("expected ',' or ']' in an array")
            }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default: return .number(try number())
        }
    }

    /// A number per the JSON grammar, converted with `strtod` (correct rounding).
    mutating func number() throws(JSONSyntaxError) -> Double {
        let start = i
        func digits(_ i: inout Int) -> Int {
            let s = i
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
            return i - s
        }
        if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
        let intStart = i
        guard digits(&i) > 0 else { i = start; throw fail("expected a JSON value") }
        if b[intStart] == 0x30 && i - intStart > 1 { i = intStart; throw fail("a number has a leading zero") }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            guard digits(&i) > 0 else { throw fail("expected digits after '.'") }
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard digits(&i) > 0 else { throw fail("expected digits in the exponent") }
        }
        let n = i - start
        var buf = [CChar](repeating: 0, count: n + 1)
        for k in 0..<n { buf[k] = CChar(bitPattern: b[start + k]) }
        let v = strtod(buf, nil)
        guard v.isFinite else { i = start; throw fail("number out of range") }
        return v
    }

    /// A quoted string with JSON escapes (\uXXXX with surrogate pairs); the opening quote is at `i`.
    mutating func string() throws(JSONSyntaxError) -> String {
        i += 1
        var out: [UInt8] = []
        while true {
            guard i < b.count else { throw fail("unterminated string") }
            let c = b[i]
            if c == UInt8(ascii: "\"") { i += 1; break }
            if c < 0x20 { throw fail("control character in a string") }
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            guard i + 1 < b.count else { throw fail("unterminated escape") }
            let e = b[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var u = try hex4()
                if (0xD800..<0xDC00).contains(u) {
                    guard i + 1 < b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") else { throw fail("unpaired surrogate") }
                    i += 2
                    let lo = try hex4()
                    guard (0xDC00..<0xE000).contains(lo) else { throw fail("unpaired surrogate") }
                    u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)
                }
                guard let s = Unicode.Scalar(u) else { throw fail("invalid \\u escape") }
                out += Array(String(Character(s)).utf8)
            default: i -= 1; throw fail("invalid escape '\\\(Character(Unicode.Scalar(e)))'")
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw fail("string is not valid UTF-8") }
        return s
    }

    mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard i + 4 <= b.count else { throw fail("expected 4 hex digits after \\u") }
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = b[i + k]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw fail("expected 4 hex digits after \\u")
            }
            v = v << 4 | d
        }
        i += 4
        return v
    }
}
