import Basics
import FileFormats
import Foundation
import Instruments
import Scenarios
import Testing

let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
let thesisBook = repoRoot + "/fixtures/books/ai-infra-thesis.yaml"
let thesisMarket = repoRoot + "/fixtures/market/snapshot-2026-08-03.yaml"

/// Writes `text` to a fresh temporary file and returns its path.
func tempFile(_ text: String, name: String = "input.yaml") -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hedgebook-tests-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try! text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

/// The diagnostics a load throws (empty when it succeeds).
func diagnostics(_ body: () throws -> Void) -> [Diagnostic] {
    do { try body(); return [] } catch let e as InputErrors { return e.diagnostics } catch { return [Diagnostic(file: "?", line: nil, keyPath: "", message: "\(error)")] }
}

let minimalBook = """
version: 1
name: t
baseCurrency: USD
nav: 1000000
valuationDate: 2026-08-03
positions:
  - {id: NVDA, kind: equity, side: long, percentOfNAV: 10, exchange: NASDAQ, currency: USD, country: US, layer: accelerators}

"""

@Suite struct FixtureLoading {
    @Test func everyFixtureAndScenarioLoadsAndCrossChecks() {
        let r = CrossCheck.run(paths: [repoRoot + "/fixtures", repoRoot + "/scenarios"])
        #expect(r.errors.isEmpty, "\(r.errors.map(\.description).joined(separator: "\n"))")
        #expect(r.books.count >= 1 && r.markets.count >= 1 && r.scenarios.count >= 10)
    }

    @Test func thesisBookHasTheLedger() throws {
        let b = try BookFile.load(path: thesisBook)
        #expect(b.positions.count == 18)  // 17 ledger rows, Pair 5's ASML 3% split into ASML 1.5 + AMAT 1.5
        #expect(b.pairs.map(\.id) == ["P1", "P2", "P3", "P4", "P5"])
        #expect(b.hedges.map(\.id) == ["T1", "T2", "T2-ALT", "T3"])
        #expect(b.claims.longPercent == 64 && b.claims.shortPercent == 21 && b.claims.grossPercent == 85 && b.claims.netPercent == 43)
        #expect(b.claims.reservePercent == 15)
        let mu = try #require(b.position("MU-P-2027-01"))
        #expect(mu.size == .percentOfNAV(3) && mu.option?.right == .put && mu.option?.expiry == LocalDate(year: 2027, month: 1, day: 15))
        let t1 = b.hedges[0]
        #expect(t1.claims.contains(.costOfNotional(min: 0.03, max: 0.04)))
    }

    @Test func marketSnapshotHasEveryBookInstrument() throws {
        let b = try BookFile.load(path: thesisBook)
        let m = try MarketFile.load(path: thesisMarket)
        for p in b.positions { #expect(m.quote(p.marketKey) != nil, "missing \(p.marketKey)") }
        for h in b.hedges { for l in h.legs { #expect(m.quote(l.underlying) != nil, "missing \(l.underlying)") } }
        #expect(m.fxRate(Currency("HKD")) != nil && m.fxRate(Currency("CNY")) != nil && m.fxRate(Currency("KRW")) != nil)
    }
}

@Suite struct BadInput {
    @Test func missingFile() {
        let d = diagnostics { _ = try BookFile.load(path: "/nonexistent/book.yaml") }
        #expect(d.count == 1 && d[0].message == "file not found")
    }

    @Test func malformedYAMLNamesTheLine() {
        let path = tempFile("version: 1\nname: x\npositions:\n  - {id: A, kind: equity\n  side: long\n")
        let d = diagnostics { _ = try BookFile.load(path: path) }
        #expect(d.count == 1)
        #expect(d.first?.message.hasPrefix("malformed YAML") == true)
        #expect(d.first?.line != nil)
    }

    @Test func missingVersionAndEmptyFile() {
        let d1 = diagnostics { _ = try BookFile.load(path: tempFile("name: x\n")) }
        #expect(d1.first?.keyPath == "version")
        let d2 = diagnostics { _ = try BookFile.load(path: tempFile("")) }
        #expect(d2.first?.message.contains("empty") == true)
        let d3 = diagnostics { _ = try BookFile.load(path: tempFile("version: 2\n")) }
        #expect(d3.first?.message.contains("unsupported version") == true)
    }

    @Test func unknownKeySuggestsTheRightOne() {
        let text = minimalBook.replacingOccurrences(of: "percentOfNAV: 10", with: "precentOfNAV: 10")
        let d = diagnostics { _ = try BookFile.load(path: tempFile(text)) }
        let m = d.first { $0.message.contains("unknown key 'precentOfNAV'") }
        #expect(m != nil)
        #expect(m?.message.contains("did you mean 'percentOfNAV'") == true)
        #expect(m?.line == 7)
        #expect(m?.keyPath == "positions[0].precentOfNAV")
    }

    @Test func wrongTypesAndUnknownEnumValues() {
        let text = minimalBook.replacingOccurrences(of: "nav: 1000000", with: "nav: lots")
            .replacingOccurrences(of: "side: long", with: "side: lnog")
        let d = diagnostics { _ = try BookFile.load(path: tempFile(text)) }
        #expect(d.contains { $0.keyPath == "nav" && $0.message.contains("expected a number") && $0.line == 4 })
        #expect(d.contains { $0.message.contains("unknown value 'lnog'") && $0.message.contains("did you mean 'long'") })
        #expect(d.count == 2)  // both problems reported in one run
    }

    @Test func emptyBookAndDuplicateIDs() {
        let empty = minimalBook.components(separatedBy: "positions:")[0] + "positions: []\n"
        #expect(diagnostics { _ = try BookFile.load(path: tempFile(empty)) }.contains { $0.message.contains("no positions") })
        let dup = minimalBook + "  - {id: NVDA, kind: equity, side: long, percentOfNAV: 1, exchange: NASDAQ, currency: USD, country: US, layer: x}\n"
        #expect(diagnostics { _ = try BookFile.load(path: tempFile(dup)) }.contains { $0.message.contains("duplicate position id 'NVDA'") })
    }

    @Test func duplicateYAMLKey() {
        let text = minimalBook.replacingOccurrences(of: "name: t\n", with: "name: t\nname: u\n")
        #expect(diagnostics { _ = try BookFile.load(path: tempFile(text)) }.contains { $0.message == "duplicate key 'name'" })
    }

    @Test func pairLegMustBeAPosition() {
        let text = minimalBook + "pairs:\n  - {id: P, long: [NVDA], short: [NVDX]}\n"
        let d = diagnostics { _ = try BookFile.load(path: tempFile(text)) }
        #expect(d.contains { $0.message.contains("'NVDX' is not a position") && $0.message.contains("did you mean 'NVDA'") })
    }

    @Test func optionPositionsNeedTermsAndPremiumSizing() {
        let text = minimalBook + "  - {id: P, kind: option, side: long, percentOfNAV: 3, currency: USD, country: US, layer: x}\n"
        let d = diagnostics { _ = try BookFile.load(path: tempFile(text)) }
        #expect(d.contains { $0.message.contains("needs an 'option:' block") })
        #expect(d.contains { $0.message.contains("option positions are sized by premiumBudgetPercentOfNAV or contracts") })
    }

    @Test func negativePricesAndVolatilitiesInMarket() {
        let text = """
        version: 1
        asOf: 2026-08-03
        baseCurrency: USD
        instruments:
          NVDA: {spot: -5, currency: USD, volatility: 0.3}
          AVGO: {spot: 100, currency: USD, volatility: -0.2}
          AMD: {spot: 100, currency: USD, volatility: 0.3, vol: 0.2}

        """
        let d = diagnostics { _ = try MarketFile.load(path: tempFile(text)) }
        #expect(d.contains { $0.keyPath == "instruments.NVDA.spot" && $0.message.contains("positive spot") && $0.line == 5 })
        #expect(d.contains { $0.keyPath == "instruments.AVGO.volatility" && $0.line == 6 })
        #expect(d.contains { $0.message.contains("unknown key 'vol'") && $0.message.contains("did you mean 'volatility'") })
    }

    @Test func scenarioProbabilitiesMustSumToOne() {
        let text = """
        version: 1
        caseSet: c
        scenarios:
          - {id: up, probability: 0.6, spot: [{instrument: NVDA, relative: 0.2}]}
          - {id: down, probability: 0.3, spot: [{instrument: NVDA, relative: -0.2}]}

        """
        let d = diagnostics { _ = try ScenarioFile.loadAll(paths: [tempFile(text)]) }
        #expect(d.contains { $0.message.contains("probabilities sum to 0.9") })
    }

    @Test func scenarioShockErrors() {
        let text = """
        version: 1
        id: s
        propagation: conditional-maen
        spot:
          - {instrument: NVDA, relative: -1.5}
          - {sector: chips, relative: 0.1}
          - {instrument: NVDA, layer: x, relative: 0.1}

        """
        let d = diagnostics { _ = try ScenarioFile.load(path: tempFile(text)) }
        #expect(d.contains { $0.message.contains("did you mean 'conditional-mean'") })
        #expect(d.contains { $0.message.contains("not below −1") && $0.line == 5 })
        #expect(d.contains { $0.message.contains("unknown key 'sector'") })
        #expect(d.contains { $0.message.contains("exactly one target") && $0.line == 7 })
    }

    @Test func crossCheckFindsMissingQuotesFXAndExpiredOptions() {
        let book = minimalBook.replacingOccurrences(of: "currency: USD", with: "currency: JPY") + """
          - {id: TEL, instrument: 8035.T, kind: equity, side: long, percentOfNAV: 1, exchange: TSE, currency: JPY, country: JP, layer: equipment}
          - id: OLD
            kind: option
            side: long
            contracts: 10
            currency: USD
            country: US
            layer: x
            option: {underlying: NVDA, right: put, strike: 90, expiry: 2026-01-16}

        """
        let market = """
        version: 1
        asOf: 2026-08-03
        baseCurrency: USD
        instruments:
          NVDA: {spot: 180, currency: JPY, volatility: 0.4}

        """
        let r = CrossCheck.run(paths: [tempFile(book, name: "b.yaml"), tempFile(market, name: "m.yaml")])
        #expect(r.errors.contains { $0.message.contains("'8035.T' has no quote") })
        #expect(r.errors.contains { $0.keyPath == "fx.JPY" })
        #expect(r.errors.contains { $0.message.contains("expired on 2026-01-16") })
    }

    @Test func scenarioNamingUnknownInstrumentOrGroupAgainstABook() throws {
        let book = try BookFile.load(path: thesisBook)
        let s = Scenario(id: "x", description: "", spotShocks: [
            Shock(target: .instrument("NVDX"), mode: .relative, value: -0.1),
            Shock(target: .group(attribute: "layer", value: "acelerators"), mode: .relative, value: -0.1),
        ], fxShocks: [Currency("JPY"): 0.1])
        let d = CrossCheck.scenarioProblems(s, book: book)
        #expect(d.contains { $0.message.contains("unknown instrument 'NVDX'") && $0.message.contains("did you mean 'NVDA'") })
        #expect(d.contains { $0.message.contains("did you mean 'accelerators'") })
        #expect(d.contains { $0.message.contains("FX shock for JPY") })
    }
}

@Suite struct WrongKindOfFile {
    @Test func aScenarioGivenAsABookGetsOneClearError() {
        let d = diagnostics { _ = try BookFile.load(path: repoRoot + "/scenarios/tail/t1-asic-substitution.yaml") }
        #expect(d.count == 1)
        #expect(d.first?.message == "this looks like a scenario file, but a book file was expected (a book has 'positions:')")
        let m = diagnostics { _ = try MarketFile.load(path: thesisBook) }
        #expect(m.count == 1 && m[0].message.hasPrefix("this looks like a book file"))
    }
}
