import Foundation
import Testing
@testable import FileFormats

/// The one-pass `price` reader (PriceCasesJSON) against the Foundation path it fronts (JSONDecoder into a tree):
/// every document the fast path accepts gives the same entries (ids, cases, error sentences), and every document it
/// does not accept falls back, so malformed JSON keeps Foundation's message with line and column.
@Suite struct PriceCasesJSONTests {
    func describe(_ entries: [PriceCasesFile.Entry]) -> [String] {
        entries.map { e in
            let id = e.id.map { "id=\($0)" } ?? "id=nil"
            switch e.parsed {
            case .success(let c):
                let input: String
                switch c.input {
                case .volatility(let v): input = "vol \(v.bitPattern)"
                case .price(let p): input = "price \(p.bitPattern)"
                }
                return "\(id) \(c.right) \(c.exercise) \(c.spot.bitPattern) \(c.strike.bitPattern) \(c.time.bitPattern) "
                    + "\(c.rate.bitPattern) \(c.dividendYield.bitPattern) \(input) \(c.steps)"
            case .failure(let err): return "\(id) error: \(err.message)"
            }
        }
    }

    func fast(_ text: String) -> [PriceCasesFile.Entry]? { PriceCasesJSON.parse(FileBytes(copying: Array(text.utf8))) }

    /// Documents the fast path must read itself, each equal to the Foundation reading.
    static let accepted: [String] = [
        "[]", " [ ] \n", "[7]", "[null, true, \"x\", [1, [2]], {}]",
        #"[{"id": "c1", "kind": "call", "exercise": "european", "spot": 100, "strike": 100, "timeToExpiry": 1, "rate": 0.05, "dividendYield": 0.02, "volatility": 0.3}]"#,
        #"[{"id":"a","kind":"put","exercise":"american","spot":100,"strike":110,"timeToExpiry":0.5,"rate":0.05,"dividendYield":0,"volatility":0.3,"steps":50}]"#,
        // ids as numbers, null, booleans; extra keys with nested values; escapes in keys and values
        #"[{"id": 12, "kind": "CALL", "exercise": "European", "spot": 1e2, "strike": 9.5E+1, "timeToExpiry": 25e-2, "rate": -0.0, "dividendYield": 0, "price": 10.5, "extra": {"a": [1, 2, {"b": null}], "c": "\u00e9\n"}}]"#,
        #"[{"id": 1.5e300, "kind": "call"}, {"id": null}, {"id": true, "kind": 3}, {"kind": "call", "exercise": "european"}]"#,
        #"[{"id": "\"q\"\\\/\b\f\n\r\t\u0041\ud83d\ude00", "k\u0069nd": "put", "exercise": "european", "spot": 100, "strike": 90, "timeToExpiry": 1, "rate": 0, "dividendYield": 0, "volatility": 0.2}]"#,
        // numbers beyond the fast path: long mantissas, large exponents, negative zero, subnormals
        #"[{"id": "n", "kind": "call", "exercise": "european", "spot": 123456789012345678901234567890, "strike": 0.1000000000000000055511151231257827, "timeToExpiry": 1e-310, "rate": -0e5, "dividendYield": 4.9e-324, "volatility": 1.7976931348623157e308}]"#,
        // wrong types for every field, volatility and price both, steps not an integer, missing everything
        #"[{"id": "t", "kind": 1, "exercise": "european"}, {"id": "u", "kind": "call", "exercise": "european", "spot": "100", "strike": [1], "timeToExpiry": {}, "rate": true, "dividendYield": null, "volatility": 0.2}]"#,
        #"[{"id": "b", "kind": "call", "exercise": "american", "spot": 100, "strike": 100, "timeToExpiry": 1, "rate": 0.05, "dividendYield": 0, "price": 10, "volatility": 0.2, "steps": 2.5}, {}]"#,
        "[{\"id\": \"ws\"\t,\r\n\"kind\" : \"call\" } ,\n {\"id\":\"é€😀\"}]",
    ]

    /// Documents the fast path must leave to Foundation (nil), malformed or not.
    static let fallBack: [String] = [
        "", "   ", "{}", "7", "\"x\"", "[", "[1,]", "[1 2]", "[{\"id\": 1,\n \"kind\": tru }]", "[{\"id\" 1}]",
        "[{\"id\": 01}]", "[{\"id\": 1.}]", "[{\"id\": .5}]", "[{\"id\": +1}]", "[{\"id\": 1e}]", "[{\"id\": -}]",
        "[{\"id\": \"a\nb\"}]", "[{\"id\": \"\\x\"}]", "[{\"id\": \"\\ud83d\"}]", "[{\"id\": \"\\ude00\"}]",
        "[1e400]", "[{\"spot\": -1e999}]", "[{\"id\": 1e-400}]", "[] x", "[{\"id\": 1, \"id\": 2}]", "\u{FEFF}[]",
        "[{\"a\": NaN}]", "[{\"a\": Infinity}]", "[{'id': 1}]", "[{\"id\": 1},]",
        String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
    ]

    @Test func acceptedDocumentsReadAsFoundationReadsThem() throws {
        for doc in Self.accepted {
            let mine = try #require(fast(doc), "fast path refused \(doc)")
            let reference = try PriceCasesFile.parseFoundation(data: Data(doc.utf8), source: "x.json")
            #expect(describe(mine) == describe(reference), "\(doc)")
        }
    }

    @Test func everythingElseFallsBackToFoundation() throws {
        for doc in Self.fallBack {
            #expect(fast(doc) == nil, "fast path accepted \(doc.debugDescription)")
            // And the public entry point still answers as Foundation does (an error, or the same entries).
            let viaParse = Result { try PriceCasesFile.parse(data: Data(doc.utf8), source: "x.json") }
            let viaFoundation = Result { try PriceCasesFile.parseFoundation(data: Data(doc.utf8), source: "x.json") }
            switch (viaParse, viaFoundation) {
            case (.success(let a), .success(let b)): #expect(describe(a) == describe(b))
            case (.failure(let a), .failure(let b)): #expect("\(a)" == "\(b)")
            default: Issue.record("parse and parseFoundation disagree on \(doc.debugDescription)")
            }
        }
        // The malformed-JSON message still names line and column.
        let e = Result { try PriceCasesFile.parse(data: Data("[{\"id\": 1,\n \"kind\": tru }]".utf8), source: "x.json") }
        if case .failure(let err) = e { #expect("\(err)".contains("line 2")) } else { Issue.record("accepted malformed JSON") }
    }

    /// Random case files (numbers in many spellings, shuffled keys, extra keys, bad cases) read the same both ways.
    @Test func randomCaseFilesReadAsFoundationReadsThem() throws {
        var state: UInt64 = 7
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        func number() -> String {
            let v = Double(bitPattern: next() % 0x7FE0_0000_0000_0000)  // finite, positive
            let m = Double(next() % 10_000_000) / 1000
            switch next() % 5 {
            case 0: return "\(v)".replacingOccurrences(of: "e+", with: "e")
            case 1: return "\(m)"
            case 2: return "\(Int(m))"
            case 3: return String(format: "%.17g", m)
            default: return "\(m)E-\(next() % 5)"
            }
        }
        var cases: [String] = []
        for i in 0..<2_000 {
            var fields = ["\"id\": \"c\(i)\"", "\"kind\": \"\(next() % 2 == 0 ? "call" : "put")\"",
                          "\"exercise\": \"\(next() % 7 == 0 ? "american" : "european")\"", "\"spot\": \(number())",
                          "\"strike\": \(number())", "\"timeToExpiry\": \(number())", "\"rate\": -\(number())",
                          "\"dividendYield\": \(number())", next() % 3 == 0 ? "\"price\": \(number())" : "\"volatility\": \(number())"]
            if next() % 5 == 0 { fields.append("\"note\": {\"x\": [\(number()), \"y\"]}") }
            if next() % 11 == 0 { fields.remove(at: Int(next() % UInt64(fields.count))) }
            if next() % 13 == 0 { fields.append("\"steps\": \(next() % 200)") }
            for k in stride(from: fields.count - 1, to: 0, by: -1) { fields.swapAt(k, Int(next() % UInt64(k + 1))) }
            cases.append("{" + fields.joined(separator: next() % 2 == 0 ? ", " : ",\n  ") + "}")
        }
        let doc = "[\n" + cases.joined(separator: ",\n") + "\n]\n"
        let mine = try #require(fast(doc))
        let reference = try PriceCasesFile.parseFoundation(data: Data(doc.utf8), source: "x.json")
        #expect(describe(mine) == describe(reference))
        // Read by several workers at once (the split a large file gets): the same entries, case numbers in error
        // sentences counted over the whole file.
        let file = FileBytes(copying: Array(doc.utf8))
        for w in [2, 3, 7, 64] {
            let split = try #require(PriceCasesJSON.parseSplit(file, workers: w), "workers \(w)")
            #expect(describe(split) == describe(reference), "workers \(w)")
        }
    }

    /// Split guesses that land inside strings (which hold `,{`), or inside nested values, are refused by the proof
    /// (nil: one pass instead) or, when they happen to be true element starts, give the one-pass entries.
    @Test func splitGuessesInsideStringsAreNeverTrusted() throws {
        var items: [String] = []
        for i in 0..<300 {
            let trap = String(repeating: #"x\", {\"id\": \"fake\"}, {"#, count: i % 5)
            items.append(#"{"id": "c\#(i)", "note": "\#(trap)", "deep": [{"a": [{"b": 1}, {"c": 2}]}, {"d": 3}], "kind": "call"}"#)
            if i % 17 == 0 { items.append("7") }
        }
        let doc = "[" + items.joined(separator: ",") + "]"
        let file = FileBytes(copying: Array(doc.utf8))
        let one = try #require(fast(doc))
        var refused = 0
        for w in 2...40 {
            if let split = PriceCasesJSON.parseSplit(file, workers: w) {
                #expect(describe(split) == describe(one), "workers \(w)")
            } else {
                refused += 1
            }
        }
        #expect(PriceCasesJSON.parseSplit(FileBytes(copying: Array("[1,]".utf8)), workers: 2) == nil)
        #expect(PriceCasesJSON.parseSplit(FileBytes(copying: Array("[{}, {}] x".utf8)), workers: 2) == nil)
    }
}
