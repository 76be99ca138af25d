import Foundation
import MarketData
import Testing
@testable import FileFormats

/// Vol files: the illustrative fixture loads; every bad grid is an error naming file, line and key.
@Suite struct VolSurfaceFileTests {
    static let fixture = repoRoot + "/fixtures/market/vols/MU-illustrative.yaml"

    func problems(_ text: String) -> [Diagnostic] {
        do { _ = try VolSurfaceFile.parse(text: text, file: "vols.yaml"); return [] } catch let e as InputErrors { return e.diagnostics } catch {
            return [Diagnostic(file: "?", line: nil, keyPath: "", message: "\(error)")]
        }
    }

    static let head = "version: 1\nunderlying: MU\nasOf: 2026-08-03\nmoneyness: [0.8, 1.0, 1.2]\nexpiries:\n"

    @Test func fixtureLoadsWithDatesAsYearsFromAsOf() throws {
        let s = try VolSurfaceFile.load(path: Self.fixture)
        #expect(s.underlying == "MU" && s.axis == .moneyness && s.strikes.count == 8)
        let years: [Double] = [74, 228, 410].map { $0 / 365 }
        #expect(s.expiries == years)
        #expect(s.vols[1][2] == 0.82 && s.source == Self.fixture)
        #expect(try VolSurfaceFile.parse(text: String(contentsOfFile: Self.fixture, encoding: .utf8), file: Self.fixture) == s)
    }

    @Test func tenorsAndStrikesAreAccepted() throws {
        let s = try VolSurfaceFile.parse(text: "version: 1\nunderlying: X\nasOf: 2026-08-03\nstrikes: [90, 100]\nexpiries:\n  - {tenor: 0.5, vols: [0.3, 0.25]}\n  - {expiry: 2027-08-03, vols: [0.3, 0.26]}\n", file: "v.yaml")
        #expect(s.axis == .strike && s.strikes == [90, 100] && s.expiries == [0.5, 1.0])
    }

    @Test func aSurfaceWithAHole() {
        // An empty cell: the cell's own line and key.
        let hole = problems(Self.head + "  - expiry: 2026-10-16\n    vols: [0.5, 0.45, 0.4]\n  - expiry: 2027-03-19\n    vols: [0.48, ~, 0.4]\n")
        #expect(hole.count == 1)
        #expect(hole.first.map { "\($0)" } == "vols.yaml:9: expiries[1].vols[1]: a hole in the grid: no vol at moneyness 1; every expiry needs a vol at every grid point")
        // A short row.
        let ragged = problems(Self.head + "  - expiry: 2026-10-16\n    vols: [0.5, 0.45]\n")
        #expect(ragged.count == 1)
        #expect(ragged.first?.line == 7 && ragged.first?.keyPath == "expiries[0].vols")
        #expect(ragged.first?.message.contains("2 vols for 3 moneyness points: a hole in the grid") == true)
        // A row without vols at all.
        let missing = problems(Self.head + "  - expiry: 2026-10-16\n")
        #expect(missing.first?.keyPath == "expiries[0].vols" && missing.first?.message == "missing required key 'vols'")
    }

    @Test func badValuesNameFileLineAndKey() {
        func one(_ body: String, line: Int, key: String, _ text: String, head: String = Self.head) {
            let p = problems(head + body)
            #expect(p.count == 1, "\(p)")
            #expect(p.first?.line == line && p.first?.keyPath == key && p.first?.message.contains(text) == true, "\(p)")
        }
        one("  - {expiry: 2026-10-16, vols: [0.5, 0, 0.4]}\n", line: 6, key: "expiries[0].vols[1]", "expected an annualised implied vol in (0, 5]")
        one("  - {expiry: 2026-10-16, vols: [0.5, 6, 0.4]}\n", line: 6, key: "expiries[0].vols[1]", "got 6")
        one("  - {expiry: 2026-10-16, vols: [0.5, abc, 0.4]}\n", line: 6, key: "expiries[0].vols[1]", "expected a number")
        one("  - {expiry: 2026-10-16, vols: [0.5, 0.4, 0.4]}\n  - {tenor: 0.20273972602739726, vols: [0.5, 0.4, 0.4]}\n", line: 7,
            key: "expiries[1]", "duplicate expiry 0.20273972602739726 years")
        one("  - {expiry: 2027-10-16, vols: [0.5, 0.4, 0.4]}\n  - {expiry: 2026-10-16, vols: [0.5, 0.4, 0.4]}\n", line: 7,
            key: "expiries[1]", "expected increasing order")
        one("  - {expiry: 2026-08-03, vols: [0.5, 0.4, 0.4]}\n", line: 6, key: "expiries[0].expiry", "is not after the surface's asOf")
        one("  - {expiry: 2026-10-16, tenor: 1, vols: [0.5, 0.4, 0.4]}\n", line: 6, key: "expiries[0].tenor", "not both")
        one("  - {expiry: 2026-10-16, vols: [0.5, 0.4, 0.4]}\n", line: 4, key: "moneyness[1]", "duplicate moneyness 0.8",
            head: Self.head.replacingOccurrences(of: "[0.8, 1.0, 1.2]", with: "[0.8, 0.8, 1.2]"))
        one("  - {expiry: 2026-10-16, vols: [0.5, 0.4, 0.4]}\n", line: 4, key: "moneyness[0]", "expected a positive moneyness K/S",
            head: Self.head.replacingOccurrences(of: "[0.8, 1.0, 1.2]", with: "[-0.8, 1.0, 1.2]"))
        // Calendar arbitrage is an error at the later cell: σ²T falls from 0.5² × 74/365 to 0.2² × 228/365 at K/S 1.0.
        one("  - expiry: 2026-10-16\n    vols: [0.5, 0.5, 0.4]\n  - expiry: 2027-03-19\n    vols: [0.5, 0.2, 0.4]\n", line: 9,
            key: "expiries[1].vols[1]", "calendar arbitrage: total variance σ²T = 0.024986 at this expiry is below 0.050685")
        one("  - {expiry: 2026-10-16, vols: [0.5, 0.4, 0.4]}\n", line: 1, key: "", "missing the strike axis",
            head: Self.head.replacingOccurrences(of: "moneyness: [0.8, 1.0, 1.2]\n", with: ""))
        let typo = problems(Self.head + "  - {expiry: 2026-10-16, vol: [0.5, 0.4, 0.4]}\n")
        #expect(typo.map(\.description) == ["vols.yaml:6: expiries[0].vol: unknown key 'vol' (did you mean 'vols'?); expected one of: expiry, tenor, vols",
                                            "vols.yaml:6: expiries[0].vols: missing required key 'vols'"])
    }

    @Test func workspaceFilesMustMatchTheirUnderlyingAndTheSnapshot() throws {
        let market = try MarketFile.load(path: thesisMarket)
        let ok = try VolSurfaceFile.loadAll(files: [("MU", Self.fixture)], folder: nil, market: market, workspace: "w.yaml")
        #expect(ok.keys.sorted() == ["MU"])
        #expect(throws: InputErrors.self) { try VolSurfaceFile.loadAll(files: [("NVDA", Self.fixture)], folder: nil, market: market, workspace: "w.yaml") }
        do { _ = try VolSurfaceFile.loadAll(files: [("NVDA", Self.fixture)], folder: nil, market: market, workspace: "w.yaml") } catch let e as InputErrors {
            #expect(e.description == "\(Self.fixture): underlying: the file is for 'MU' but the workspace names it for 'NVDA'")
        }
        let folder = (Self.fixture as NSString).deletingLastPathComponent
        #expect(try VolSurfaceFile.loadAll(files: [], folder: folder, market: market, workspace: "w.yaml").keys.sorted() == ["MU"])
        do { _ = try VolSurfaceFile.loadAll(files: [("MU", Self.fixture)], folder: folder, market: market, workspace: "w.yaml"); Issue.record("two MU surfaces accepted") } catch let e as InputErrors {
            #expect(e.description.contains("a second surface for 'MU'"))
        }
        do { _ = try VolSurfaceFile.loadAll(files: [], folder: "/nonexistent/vols", market: market, workspace: "w.yaml"); Issue.record("missing folder accepted") } catch let e as InputErrors {
            #expect(e.description == "w.yaml: volSurfaces: folder /nonexistent/vols not found (expected a folder of <UNDERLYING>.yaml vol files)")
        }
    }
}

/// `hedgebook check` recognises a vol file by its `expiries:` key and validates it; a book given where a vol file is
/// expected is one clear error.
@Test func checkRecognisesVolSurfaceFiles() throws {
    let r = CrossCheck.run(paths: [VolSurfaceFileTests.fixture])
    #expect(r.errors.isEmpty && r.volSurfaces.map(\.underlying) == ["MU"] && r.scenarios.isEmpty)
    let bad = tempFile("version: 1\nunderlying: MU\nasOf: 2026-08-03\nmoneyness: [1]\nexpiries:\n  - {tenor: 0.5, vols: [~]}\n", name: "hole.yaml")
    #expect(CrossCheck.run(paths: [bad]).errors.map(\.keyPath) == ["expiries[0].vols[0]"])
    do { _ = try VolSurfaceFile.load(path: thesisMarket); Issue.record("a snapshot read as a vol surface") } catch let e as InputErrors {
        #expect(e.description == "\(thesisMarket): this looks like a market file, but a vol surface file was expected (a vol surface has 'expiries:')")
    }
}
