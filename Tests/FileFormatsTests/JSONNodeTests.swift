import Basics
import FileFormats
import QuantMath
import Testing

/// The JSON reader of job and result lines.
@Suite struct JSONNodeTests {
    /// Every number written by the project's formatter (shortest round-trip digits) reads back to the same bits:
    /// 100,000 random bit patterns plus the edge cases.
    @Test func shortestDigitsReadBackToTheSameBits() throws {
        var rng = Xoshiro256(seed: 42)
        var values: [Double] = [0, 1, -1, 0.1, 1e-300, 5e-324, -2.2250738585072014e-308, 1.7976931348623157e308, 123456789012345680]
        while values.count < 100_000 {
            let d = Double(bitPattern: rng.next())
            if d.isFinite { values.append(d) }
        }
        let text = "[" + values.map { NumberFormat.shortest($0) }.joined(separator: ",") + "]"
        guard case .array(let a) = try JSONNode.parse(text) else { Issue.record("not an array"); return }
        #expect(a.count == values.count)
        for (n, v) in zip(a, values) {
            guard case .number(let d) = n else { Issue.record("not a number"); return }
            #expect(d.bitPattern == v.bitPattern || (d == 0 && v == 0))
        }
    }

    @Test func objectsKeepKeyOrderAndStringsTheirEscapes() throws {
        let n = try JSONNode.parse(#" {"z": [true, false, null], "a": "q\"\\\/\n\u00e9\ud83d\ude00", "n": -0.5e2} "#)
        let f = try JSONFields(n, context: "test")
        #expect(f.fields.map(\.0) == ["z", "a", "n"])
        #expect(try f.string("a") == "q\"\\/\né😀")
        #expect(try f.number("n") == -50)
        #expect(try f.array("z").count == 3)
    }

    /// Syntax errors name the column; field errors the context, the key and what was expected.
    @Test func errorsNameTheColumnOrTheKey() throws {
        #expect(throws: JSONSyntaxError.self) { _ = try JSONNode.parse("{\"a\": 01}") }
        do { _ = try JSONNode.parse("{\"a\": [1, 2,]}"); Issue.record("accepted a trailing comma") } catch {
            #expect(error.column == 13)
        }
        do { _ = try JSONNode.parse("[1] x"); Issue.record("accepted trailing text") } catch {
            #expect(error.message.contains("after the JSON value"))
        }
        let f = try JSONFields(try JSONNode.parse(#"{"chunks": [3, 2], "paths": 1.5, "k": "x"}"#), context: "job line 4")
        do { _ = try f.range("chunks"); Issue.record("accepted an empty range") } catch {
            #expect(error.description.hasPrefix("job line 4, key 'chunks': expected [first, end]"))
        }
        do { _ = try f.int("paths"); Issue.record("accepted 1.5 as an integer") } catch {
            #expect(error.description.contains("key 'paths': expected an integer"))
        }
        do { _ = try f.string("missing"); Issue.record("accepted a missing key") } catch {
            #expect(error.description == "job line 4, key 'missing': expected a string, missing")
        }
        #expect(throws: JSONFieldError.self) { try f.onlyKeys(["chunks", "paths"]) }
    }
}
