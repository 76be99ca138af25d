import Application
import Basics
import Pricing
import Reports
import QuantMath
import Testing

/// The byte-level JSON writer against the String serialiser it replaced (kept below, verbatim, as the reference):
/// the same bytes for random trees (pretty and compact; control characters, quotes, non-ASCII text, every kind of
/// number), for the `price` rows written without a tree, and in chunks through a sink.
@Suite struct JSONWriterTests {
    /// The serialiser of `JSONValue` before the byte writer (String appends, `NumberFormat.shortest`).
    static func reference(_ v: JSONValue, indent: Int = 0, pretty: Bool = true) -> String {
        var out = ""
        write(v, into: &out, indent: indent, pretty: pretty)
        return out
    }

    static func write(_ v: JSONValue, into out: inout String, indent: Int, pretty: Bool) {
        let nl = pretty ? "\n" : ""
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let closePad = pretty ? String(repeating: "  ", count: indent) : ""
        switch v {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let d): out += NumberFormat.shortest(d)
        case .string(let s): out += quote(s)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            let scalar = items.allSatisfy { if case .array = $0 { return false }; if case .object = $0 { return false }; return true }
            if scalar || !pretty {
                out += "["
                for (i, x) in items.enumerated() {
                    if i > 0 { out += pretty ? ", " : "," }
                    write(x, into: &out, indent: indent + 1, pretty: pretty)
                }
                out += "]"
            } else {
                out += "[" + nl
                for (i, x) in items.enumerated() {
                    out += pad
                    write(x, into: &out, indent: indent + 1, pretty: pretty)
                    out += (i + 1 < items.count ? "," : "") + nl
                }
                out += closePad + "]"
            }
        case .object(let pairs):
            if pairs.isEmpty { out += "{}"; return }
            out += "{" + nl
            for (i, (k, x)) in pairs.enumerated() {
                out += pad + quote(k) + (pretty ? ": " : ":")
                write(x, into: &out, indent: indent + 1, pretty: pretty)
                out += (i + 1 < pairs.count ? "," : "") + nl
            }
            out += closePad + "}"
        }
    }

    static func quote(_ s: String) -> String {
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

    /// Random JSON trees from QuantMath's SplitMix64.
    struct Gen {
        var rng: SplitMix64
        init(state: UInt64) { rng = SplitMix64(seed: state) }
        mutating func next() -> UInt64 { rng.next() }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

        mutating func string() -> String {
            let alphabet: [String] = ["a", "Z", "0", " ", "\"", "\\", "\n", "\r", "\t", "\u{01}", "\u{1f}", "\u{7f}", "é",
                                      "€", "😀", "/", "{", "]", ","]
            return (0..<below(12)).map { _ in alphabet[below(alphabet.count)] }.joined()
        }

        mutating func number() -> Double {
            switch below(6) {
            case 0: return Double(bitPattern: next())
            case 1: return Double(Int64(bitPattern: next()) >> Int64(below(60)))
            case 2: return [0, -0.0, .nan, .infinity, -.infinity, 0x1p53, 1e16][below(7)]
            default: return (Double(below(2_000_000)) - 1_000_000) / Double([1, 7, 1000, 1e6, 3e9][below(5)])
            }
        }

        mutating func value(depth: Int) -> JSONValue {
            switch depth > 3 ? below(4) : below(7) {
            case 0: return .null
            case 1: return .bool(below(2) == 0)
            case 2: return .number(number())
            case 3: return .string(string())
            case 4, 5: return .array((0..<below(5)).map { _ in value(depth: depth + 1) })
            default: return .object((0..<below(5)).map { _ in (string(), value(depth: depth + 1)) })
            }
        }
    }

    @Test func randomTreesSerialiseAsBefore() {
        var g = Gen(state: 42)
        for _ in 0..<3_000 {
            let v = g.value(depth: 0)
            #expect(v.serialized() == Self.reference(v))
            #expect(v.serialized(pretty: false) == Self.reference(v, pretty: false))
        }
        #expect(JSONValue.quote("a\"b\\c\n\u{1}é") == Self.quote("a\"b\\c\n\u{1}é"))
    }

    final class Collect: ByteSink {
        var bytes: [UInt8] = []
        var writes = 0
        func write(_ b: UnsafeRawBufferPointer) throws {
            bytes += b
            writes += 1
        }
    }

    /// `price` rows written directly (streamed in small chunks) are the bytes of the tree they replaced.
    @Test func priceRowsStreamAsTheTreeSerialises() throws {
        var rows: [BatchPricing.Row] = []
        let g = BlackScholesGreeks(price: 13.0202812687273, delta: 0.6, gamma: 0.0074406896457297625, vega: 37.5,
                                   theta: -9.076217474360492, rho: 19.367201150105995, dividendRho: -36.850199778856116)
        for i in 0..<20_000 {
            switch i % 4 {
            case 0: rows.append(.init(id: "c\(i)", result: VanillaResult(greeks: g, impliedVolatility: nil, model: "m"), error: nil))
            case 1: rows.append(.init(id: nil, result: VanillaResult(greeks: g, impliedVolatility: 0.3 + Double(i), model: "CRR \"x\""), error: nil))
            case 2: rows.append(.init(id: "é\(i)", result: nil, error: "Case \(i) is missing field `strike`."))
            default: rows.append(.init(id: "x", result: nil, error: nil))
            }
        }
        for list in [rows, [], Array(rows.prefix(1)), Array(rows.prefix(9_001))] {
            let expected = Self.reference(PriceOutput.json(list))
            for workers in [1, 2, 3] {
                let sink = Collect()
                let w = JSONWriter(sink: sink, chunk: 100)
                try PriceOutput.writeJSON(list, to: w, workers: workers)
                try w.finish()
                #expect(String(decoding: sink.bytes, as: UTF8.self) == expected, "\(list.count) rows, \(workers) workers")
                if list.count > 10 { #expect(sink.writes >= (workers == 1 ? 10 : 2)) }  // streamed, never held whole
            }
        }
    }
}
