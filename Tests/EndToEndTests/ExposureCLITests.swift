import Foundation
import Testing

@Suite struct ExposureCLITests {
    @Test func thesisExposureJSONReportsTheLedgerAndFlagsTheClaims() throws {
        let r = try runCLI(["exposure", thesisBook, "--market", thesisMarket, "--no-history", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let root = try #require(try parseJSON(r.stdout) as? [String: Any])
        let premium = try #require((root["totals"] as? [String: Any])?["premium"] as? [String: Double])
        #expect(abs(premium["longPct"]! - 60) < 1e-9)
        #expect(abs(premium["shortPct"]! - 15) < 1e-9)
        #expect(abs(premium["grossPct"]! - 75) < 1e-9)
        #expect(abs(premium["netPct"]! - 45) < 1e-9)
        let rec = try #require(root["reconciliation"] as? [[String: Any]])
        let flagged = rec.filter { $0["flagged"] as? Bool == true }.compactMap { $0["measure"] as? String }
        #expect(flagged == ["long", "short", "gross", "net", "reserve"])
        let stated = rec.compactMap { $0["statedPct"] as? Double }
        #expect(stated == [64, 21, 85, 43, 15])
        try expectGolden(r.stdout, "exposure-thesis.json")
    }

    @Test func tableAndCSVAreStableAndByteIdenticalOnRerun() throws {
        let a = try runCLI(["exposure", thesisBook, "--market", thesisMarket, "--no-history", "--by", "layer"])
        let b = try runCLI(["exposure", thesisBook, "--market", thesisMarket, "--no-history", "--by", "layer"])
        #expect(a.status == 0 && a.stdout == b.stdout)
        #expect(a.stdout.contains("MISMATCH"))
        try expectGolden(a.stdout, "exposure-thesis-by-layer.txt")
        let csv = try runCLI(["exposure", thesisBook, "--market", thesisMarket, "--no-history", "--format", "csv", "--by", "pair"])
        #expect(csv.stdout.hasPrefix("pair,long_pct,short_pct,gross_pct,net_pct,delta_net_pct,members\nP1,6,3,9,3,3,"))
    }

    @Test func outputFileIsWrittenAtomically() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hb-\(UUID().uuidString)").path
        let out = dir + "/exposure.json"
        let r = try runCLI(["exposure", thesisBook, "--market", thesisMarket, "--no-history", "--format", "json", "--output", out, "--quiet"])
        #expect(r.status == 0 && r.stdout.isEmpty)
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(written.contains("\"longPct\": 60"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test func badInputsExitNonZeroWithClearMessages() throws {
        let missing = try runCLI(["exposure", "nope.yaml", "--market", thesisMarket])
        #expect(missing.status == 1 && missing.stderr.contains("nope.yaml: file not found"))
        let badFormat = try runCLI(["exposure", thesisBook, "--market", thesisMarket, "--no-history", "--format", "xml"])
        #expect(badFormat.status != 0 && badFormat.stderr.contains("xml"))
        let check = try runCLI(["check", thesisBook, thesisMarket, "scenarios"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr.contains("warning:") && check.stderr.contains("expired on 2026-01-16"))
    }

    @Test func checkReportsEveryProblemAndFails() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let book = dir.appendingPathComponent("book.yaml").path
        try """
        version: 1
        name: broken
        baseCurrency: USD
        nav: -5
        valuationDate: 2026-02-30
        positions:
          - {id: X, kind: equty, side: long, percentOfNAV: 5, currency: USD, country: US, layer: l}

        """.write(toFile: book, atomically: true, encoding: .utf8)
        let r = try runCLI(["check", book])
        #expect(r.status == 1)
        #expect(r.stderr.contains("book.yaml:4: nav: expected a positive NAV, got -5"))
        #expect(r.stderr.contains("book.yaml:5: valuationDate: expected a date YYYY-MM-DD"))
        #expect(r.stderr.contains("unknown value 'equty' (did you mean 'equity'?)"))
    }
}
