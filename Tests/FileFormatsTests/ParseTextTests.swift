import Foundation
import Testing
@testable import FileFormats

/// The loaders' `parse(text:file:)` entries (used by the fuzz targets) are what `load(path:)` does after reading the
/// file: the same values for the bundled files, the same diagnostics (file, line, key path, message) for bad ones.
@Test func parseTextMatchesLoadPath() throws {
    func text(_ p: String) throws -> String { try String(contentsOfFile: p, encoding: .utf8) }
    #expect(try BookFile.parse(text: text(thesisBook), file: thesisBook) == BookFile.load(path: thesisBook))
    #expect(try MarketFile.parse(text: text(thesisMarket), file: thesisMarket) == MarketFile.load(path: thesisMarket))
    let workspace = repoRoot + "/hedgebook.yaml"
    #expect(try WorkspaceFile.parse(text: text(workspace), file: workspace) == WorkspaceFile.load(path: workspace))
    let scenario = repoRoot + "/scenarios/tail/t2-hbm-sanctions.yaml"
    #expect(try ScenarioFile.parse(text: text(scenario), file: scenario) == ScenarioFile.load(path: scenario))

    func diagnostics(_ f: () throws -> Void) -> [Diagnostic] {
        do { try f(); return [] } catch let e as InputErrors { return e.diagnostics } catch { return [] }
    }
    for bad in ["version: 1\nid: s\nspot: [{instrument: X, relative: -2}]\n",          // a scenario out of range
                "version: 1\npositions: []\nname: x\n",                                 // a book (kind sniffed from text)
                "version: 2\n", "[1, 2]\n", "", "a: [\n"] {
        let path = tempFile(bad)
        for (load, parse) in [({ _ = try ScenarioFile.load(path: path) }, { _ = try ScenarioFile.parse(text: bad, file: path) }),
                              ({ _ = try BookFile.load(path: path) }, { _ = try BookFile.parse(text: bad, file: path) }),
                              ({ _ = try MarketFile.load(path: path) }, { _ = try MarketFile.parse(text: bad, file: path) }),
                              ({ _ = try WorkspaceFile.load(path: path) }, { _ = try WorkspaceFile.parse(text: bad, file: path) })]
            as [(() throws -> Void, () throws -> Void)] {
            let a = diagnostics(load), b = diagnostics(parse)
            #expect(!a.isEmpty && a == b, "\(bad.debugDescription): load \(a) vs parse \(b)")
        }
    }
}

/// Regression (issue 12, found by a probe input run through the `scenario` fuzz target): YAML aliases let a 64 KB
/// file stand for 64 million shocks (8,000 aliases of a scenario holding 8,000 aliased shocks); the loader walked them
/// all (over 5 s per file in the fuzz build, and gigabytes). A file now expands to at most max(20,000, its length in
/// bytes) nodes, else one diagnostic; ordinary use of anchors still reads.
@Test func aliasExpansionIsBounded() throws {
    let n = 8_000
    let bomb = "version: 1\nscenarios: [&S {id: a, spot: [&X {all: true, relative: 0.1}" + String(repeating: ", *X", count: n) + "]}"
        + String(repeating: ", *S", count: n) + "]\n"
    let start = Date()
    var message = ""
    do { _ = try ScenarioFile.load(path: tempFile(bomb)) } catch let e as InputErrors { message = e.diagnostics.map(\.message).joined() }
    #expect(message.contains("anchors and aliases"), "\(message)")
    #expect(Date().timeIntervalSince(start) < 2)

    let anchored = """
    version: 1
    scenarios:
      - {id: a, spot: &crash [{all: true, relative: -0.3}, {instrument: NVDA, relative: -0.5}]}
      - {id: b, spot: *crash, horizonDays: 30}
    """
    let s = try ScenarioFile.load(path: tempFile(anchored))
    #expect(s.count == 2 && s[1].spotShocks == s[0].spotShocks && s[1].spotShocks.count == 2)
}

/// `hedgebook check` tells a book, a snapshot and a scenario file apart by their top-level keys, whatever the line
/// endings: a CRLF book was sniffed as a scenario (60 misleading errors, issue 12), since "\r\n" is one Swift Character.
@Test func fileKindIsSniffedWithCRLFLineEndings() throws {
    for (text, kind) in [("version: 1\nname: x\npositions: []\n", HedgebookFileKind.book),
                         ("version: 1\nasOf: 2026-08-03\ninstruments: {}\n", .market),
                         ("version: 1\nscenarios: []\n", .scenario)] {
        #expect(HedgebookFileKind.sniff(text: text) == kind)
        #expect(HedgebookFileKind.sniff(text: text.replacingOccurrences(of: "\n", with: "\r\n")) == kind)
        #expect(HedgebookFileKind.detect(path: tempFile("\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n"))) == kind)
    }
    let crlfThesis = try String(contentsOfFile: thesisBook, encoding: .utf8).replacingOccurrences(of: "\n", with: "\r\n")
    let r = CrossCheck.run(paths: [tempFile(crlfThesis, name: "crlf-book.yaml")])
    #expect(r.books.count == 1 && r.errors.isEmpty, "\(r.errors.prefix(3))")
}

/// Nesting hidden from a text scan (a `"` in a comment made the earlier scanner treat 3,700 brackets as quoted text, and
/// Yams's recursive composer overflowed the stack: vol-surface fuzz target, one-hour run) is measured on libyaml's
/// event stream and refused before composing.
@Test func nestingHiddenBehindACommentQuoteIsRefused() throws {
    let text = "# a comment with a \" quote\nversion: 1\nmoneyness: [0.8, " + String(repeating: "[", count: 3_700) + "\n"
    #expect(excessiveNesting(text, limit: 64) == nil, "the text scan alone misses it")
    #expect(yamlNestingBeyond(text, limit: 64) == 3)
    #expect(yamlNestingBeyond("version: 1\na: [[1, 2], {b: [3]}]\n", limit: 64) == nil)
    #expect(throws: InputErrors.self) { try VolSurfaceFile.parse(text: text, file: "deep.yaml") }
    #expect(throws: InputErrors.self) { try BookFile.parse(text: text, file: "deep.yaml") }
}
