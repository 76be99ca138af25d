import FileFormats
import Foundation
import QuantMath
import Testing

/// Every row of `text` as (line, fields).
func csvRows(_ text: String, options: CSVOptions = .standard) throws -> [(line: Int, fields: [String])] {
    var r = try CSVReader(text: text, path: "t.csv", options: options)
    return try r.readAll().map { ($0.line, $0.strings) }
}

func csvRows(bytes: [UInt8], options: CSVOptions = .standard) throws -> [(line: Int, fields: [String])] {
    var r = try CSVReader(data: bytes, path: "t.csv", options: options)
    return try r.readAll().map { ($0.line, $0.strings) }
}

/// The error reading all of `text` throws (nil when none).
func csvError(_ text: String, options: CSVOptions = .standard) -> CSVError? {
    do { _ = try csvRows(text, options: options); return nil } catch let e as CSVError { return e } catch { return nil }
}

@Suite struct CSVReaderTests {
    @Test func byteOrderMarkIsSkipped() throws {
        let rows = try csvRows(bytes: [0xEF, 0xBB, 0xBF] + Array("Date,A\n2024-01-02,1\n".utf8))
        #expect(rows.map(\.fields) == [["Date", "A"], ["2024-01-02", "1"]])
        #expect(rows.map(\.line) == [1, 2])
        // A BOM and nothing else is an empty file.
        #expect(try csvRows(bytes: [0xEF, 0xBB, 0xBF]).isEmpty)
    }

    @Test func crlfLfAndLoneCR() throws {
        let expected = [["a", "b"], ["1", "2"], ["3", "4"]]
        for text in ["a,b\r\n1,2\r\n3,4\r\n", "a,b\n1,2\n3,4\n", "a,b\r\n1,2\n3,4", "a,b\r1,2\r3,4\r"] {
            let rows = try csvRows(text)
            #expect(rows.map(\.fields) == expected, "\(text.debugDescription)")
            #expect(rows.map(\.line) == [1, 2, 3], "\(text.debugDescription)")
        }
    }

    @Test func trailingNewlineOrNot() throws {
        #expect(try csvRows("a,b\n1,2").map(\.fields) == [["a", "b"], ["1", "2"]])
        #expect(try csvRows("a,b\n1,2\n").map(\.fields) == [["a", "b"], ["1", "2"]])
        #expect(try csvRows("a,b\n1,2\n\n\n").map(\.fields) == [["a", "b"], ["1", "2"]])
        #expect(try csvRows("a,\"b\"").map(\.fields) == [["a", "b"]])
    }

    @Test func emptyFields() throws {
        let rows = try csvRows("a,,b,\n,\n\"\",x\n")
        #expect(rows.map(\.fields) == [["a", "", "b", ""], ["", ""], ["", "x"]])
        var r = try CSVReader(text: "1,,\"\"\n")
        let row = try #require(try r.next())
        #expect(row.count == 3)
        #expect(!row.isEmpty(at: 0) && row.isEmpty(at: 1) && row.isEmpty(at: 2))
        #expect(row.double(at: 1) == nil && row.isQuoted(at: 2))
    }

    @Test func quotedFieldsWithEscapesAndCommas() throws {
        let rows = try csvRows(#"name,"x, y","he said ""hi""","""",  "padded" ,plain "inner" quote"# + "\n")
        #expect(rows[0].fields == ["name", "x, y", #"he said "hi""#, #"""#, "padded", #"plain "inner" quote"#])
        // Whitespace inside quotes is kept; outside is trimmed.
        #expect(try csvRows("\" a \", b \n").first?.fields == [" a ", "b"])
        #expect(try csvRows("\" a \", b \n", options: CSVOptions(trimsWhitespace: false)).first?.fields == [" a ", " b "])
    }

    @Test func embeddedNewlinesKeepLinesRight() throws {
        let text = "id,note,x\n1,\"two\nlines\",a\n2,\"three\r\nline\nnote\",b\n3,plain,c\n"
        var r = try CSVReader(text: text)
        let rows = try r.readAll()
        #expect(rows.map(\.line) == [1, 2, 4, 7])
        #expect(rows[1].string(at: 1) == "two\nlines")
        #expect(rows[2].string(at: 1) == "three\r\nline\nnote")
        // Field lines: a field after a quoted line break starts on a later line than its row.
        #expect(rows[1].line(at: 0) == 2 && rows[1].line(at: 2) == 3)
        #expect(rows[2].line(at: 2) == 6)
        let e = try #require(csvError("a\n\"x\ny\",\"open\nstill open\n"))
        #expect(e.kind == .unclosedQuote && e.line == 3 && e.column == 2, "\(e)")
    }

    @Test func blankAndCommentLinesAreSkippedButCounted() throws {
        let text = "# header comment\nDate,A\n\n   \n  # indented comment\n2024-01-02,1\n"
        let rows = try csvRows(text, options: .commented)
        #expect(rows.map(\.line) == [2, 6])
        #expect(rows.map(\.fields) == [["Date", "A"], ["2024-01-02", "1"]])
        // Without a comment prefix, `#` is data; with blank lines kept, a blank line is one empty field.
        #expect(try csvRows("#x\n").first?.fields == ["#x"])
        #expect(try csvRows("a\n\nb\n", options: CSVOptions(skipsBlankLines: false)).map(\.fields) == [["a"], [""], ["b"]])
    }

    @Test func emptyAndHeaderOnlyFiles() throws {
        #expect(try csvRows("").isEmpty)
        #expect(try csvRows("\n\n").isEmpty)
        let header = try csvRows("Date,A,B\n")
        #expect(header.count == 1 && header[0].fields == ["Date", "A", "B"])
        let p = tempFile("", name: "empty.csv")
        var r = try CSVReader(path: p)
        #expect(try r.next() == nil)
        #expect(r.byteCount == 0)
    }

    @Test func raggedRowsAreReportedWithTheirLine() throws {
        var r = try CSVReader(text: "a,b,c\n1,2,3\n\n4,5\n", path: "m.csv")
        let header = try #require(try r.next())
        var caught: CSVError?
        while let row = try r.next() {
            do { try row.requireCount(header.count) } catch { caught = error; break }
        }
        let e = try #require(caught)
        #expect(e.kind == .fieldCount && e.line == 4)
        #expect(e.description == "m.csv:4: expected 3 comma-separated fields, found 2")
    }

    @Test func malformedQuotingAndEncodingAreErrors() throws {
        let after = try #require(csvError("a,\"b\"x,c\n"))
        #expect(after.kind == .textAfterQuote && after.line == 1 && after.column == 2, "\(after)")
        let unclosed = try #require(csvError("a,b\n1,\"2\n"))
        #expect(unclosed.kind == .unclosedQuote && unclosed.line == 2 && unclosed.column == 2)
        #expect(unclosed.description.hasPrefix("t.csv:2: column 2: "))
        do {
            _ = try csvRows(bytes: Array("a,b\n1,".utf8) + [0xE9] + Array("\n".utf8))
            Issue.record("expected a UTF-8 error")
        } catch let e as CSVError {
            #expect(e.kind == .notUTF8 && e.line == 2, "\(e)")
        }
        #expect(try csvRows(bytes: Array("é,ü,€,𝄞\n".utf8)).first?.fields == ["é", "ü", "€", "𝄞"])
    }

    @Test func fileErrors() throws {
        do {
            _ = try CSVReader(path: "/nonexistent/x.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .fileNotFound && error.description == "/nonexistent/x.csv: file not found")
        }
        do {
            _ = try CSVReader(path: NSTemporaryDirectory())
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .unreadable)
        }
    }

    @Test func numberErrorsNameLineColumnAndTicker() throws {
        var r = try CSVReader(text: "Date,AAPL,NVDA\n2024-01-02,1,abc\n", path: "prices.csv")
        _ = try r.next()
        let row = try #require(try r.next())
        #expect(try row.number(at: 1, name: "AAPL") == 1)
        #expect(throws: CSVError.self) { try row.number(at: 2, name: "NVDA") }
        do { _ = try row.number(at: 2, name: "NVDA") } catch {
            #expect(error.description.hasPrefix("prices.csv:2: column 3 (NVDA): 'abc' is not a number"))
            #expect(error.kind == .notANumber && error.line == 2 && error.column == 3 && error.columnName == "NVDA")
        }
    }

    // MARK: - Numbers

    /// Parses every string through the reader (one field per string) and compares with `Double(String)` bit by bit.
    /// Returns how many went through the fast path.
    @discardableResult
    func expectBitIdentical(_ texts: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        var r = try CSVReader(text: texts.joined(separator: "\n") + "\n")
        var fast = 0
        var k = 0
        while let row = try r.next() {
            let t = texts[k]
            let got = row.double(at: 0)
            let want = Double(t)
            if let g = got, let w = want {
                #expect(g.bitPattern == w.bitPattern || (g.isNaN && w.isNaN), "'\(t)': \(g) vs \(w)", sourceLocation: sourceLocation)
            } else {
                #expect(got == nil && want == nil, "'\(t)': \(String(describing: got)) vs \(String(describing: want))",
                        sourceLocation: sourceLocation)
            }
            if let p = row.plainDouble(at: 0) {
                fast += 1
                #expect(p.bitPattern == want?.bitPattern, "fast path '\(t)'", sourceLocation: sourceLocation)
            }
            k += 1
        }
        #expect(k == texts.count, sourceLocation: sourceLocation)
        return fast
    }

    @Test func numbersMatchDoubleStringOnEdgeCases() throws {
        try expectBitIdentical([
            "0", "-0", "+0", "0.0", "-0.0", "00", "007", "1.", ".5", "+.5", "-.5", "1e5", "1E+05", "1.e5", "1.5E-3",
            "9007199254740992", "9007199254740993", "9007199254740991", "1e22", "1e23", "123456789e22", "1e37",
            "4.9406564584124654e-324", "2.2250738585072014e-308", "1.7976931348623157e308", "1e309", "1e-400",
            "0.1", "0.2", "0.3", "2.675", "1.0000000000000002", "0.30000000000000004", "123456.789012",
            "0.000001", "1e-22", "1e-23", "3.14159265358979323846", "100000000000000000000000",
            "nan", "NaN", "-nan", "inf", "-inf", "Infinity", "0x1p-2", "0x10", "1_000", "1e", "1e+", ".", "+", "-",
            "--1", "1.2.3", "e5", ".e5", "1d", "abc", "١٢",
        ])
    }

    @Test func randomDoublesPrintedByDescriptionRoundTripBitIdentical() throws {
        var g = SplitMix64(seed: 20_240_102)
        var texts: [String] = []
        for _ in 0..<60_000 {
            let bits = g.next()
            let x = Double(bitPattern: bits)
            if x.isFinite { texts.append("\(x)") }
        }
        // Typical magnitudes: uniform in [-1e6, 1e6], [0, 1), and prices.
        for _ in 0..<60_000 {
            let u = Double(g.next() >> 11) * 0x1p-53
            texts.append("\(u)")
            texts.append("\((u - 0.5) * 2e6)")
            texts.append("\(u * 1000)")
        }
        let fast = try expectBitIdentical(texts)
        #expect(fast > texts.count / 10, "fast path used for \(fast) of \(texts.count)")
    }

    @Test func randomFixedDecimalsAndExponentsBitIdentical() throws {
        var g = SplitMix64(seed: 77)
        var texts: [String] = []
        for _ in 0..<120_000 {
            let digits = Int(g.next() % 19) + 1
            var s = ""
            for k in 0..<digits { s += String(k == 0 ? g.next() % 9 + 1 : g.next() % 10) }
            let point = Int(g.next() % UInt64(digits + 2))
            if point <= digits, g.next() % 4 != 0 {
                let i = s.index(s.startIndex, offsetBy: point)
                s.insert(".", at: i)
            }
            switch g.next() % 6 {
            case 0: s = "-" + s
            case 1: s += "e\(Int(g.next() % 60) - 30)"
            case 2: s += "E+\(g.next() % 40)"
            default: break
            }
            texts.append(s)
        }
        // Six significant digits at fixed decimals, as in the price panels.
        for _ in 0..<60_000 {
            let d = Int(g.next() % 7)
            let v = Double(g.next() % 1_000_000) / 100
            texts.append(String(format: "%.\(d)f", v))
        }
        let fast = try expectBitIdentical(texts)
        #expect(fast > texts.count / 2, "fast path used for \(fast) of \(texts.count)")
    }

    /// Every string of up to four characters over digits, signs, `.`, `e` and the bytes next to the digits in ASCII
    /// (`/`, `:`), plus random ones of five to seventeen characters: the 8- and 16-byte paths and their edges (8, 9, 16, 17,
    /// two dots, a dot alone) against `Double(String)`, unquoted and quoted.
    @Test func shortStringsOverANumberAlphabetBitIdentical() throws {
        let alphabet = Array("0159.-+e/:x")
        var texts: [String] = []
        func all(_ prefix: String, _ depth: Int) {
            if !prefix.isEmpty { texts.append(prefix) }
            guard depth > 0 else { return }
            for c in alphabet { all(prefix + String(c), depth - 1) }
        }
        all("", 4)
        var g = SplitMix64(seed: 5)
        let likely = Array("0123456789.")
        for _ in 0..<100_000 {
            let n = Int(g.next() % 13) + 5
            var s = ""
            for _ in 0..<n {
                s.append(g.next() % 16 == 0 ? alphabet[Int(g.next() % UInt64(alphabet.count))] : likely[Int(g.next() % UInt64(likely.count))])
            }
            texts.append(s)
        }
        try expectBitIdentical(texts)
        // Quoted: the byte after the field is the closing quote.
        var r = try CSVReader(text: texts.map { "\"\($0)\"" }.joined(separator: "\n") + "\n")
        var k = 0
        while let row = try r.next() {
            #expect(row.double(at: 0)?.bitPattern == Double(texts[k])?.bitPattern, "quoted '\(texts[k])'")
            k += 1
        }
        #expect(k == texts.count)
    }

    @Test func quotedNumbersParse() throws {
        var r = try CSVReader(text: "\"12.5\",\" 3 \",\"1\"\"\"\n")
        let row = try #require(try r.next())
        #expect(row.double(at: 0) == 12.5)
        #expect(row.double(at: 1) == nil)  // spaces inside quotes are data, as for Double(" 3 ")
        #expect(row.double(at: 2) == nil)
    }
}
