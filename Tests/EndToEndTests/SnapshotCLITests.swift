import Foundation
import Testing

/// `hedgebook snapshot`, quote freshness in every command (`--allow-stale`), and history windows that end early.
@Suite struct SnapshotCLITests {
    func tempFolder(_ tag: String) throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("hb-\(tag)-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    /// A workspace over the bundled book and snapshot with the given `policies.marketData`.
    func workspace(_ dir: String, _ policy: String) throws -> String {
        let p = dir + "/hedgebook.yaml"
        try """
        version: 1
        book: \(thesisBook)
        market: \(thesisMarket)
        scenarios: [\(repoRoot)/scenarios]
        policies: {marketData: \(policy)}
        """.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    @Test(.enabled(if: hasSharedData, "needs ../shared/data (the workspace's history root)"))
    func snapshotWritesOnceAndNeverOverwritesWithoutForce() throws {
        let dir = try tempFolder("snapcli")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/s.yaml"
        let a = try runCLI(["snapshot", "--as-of", "2026-08-03", "--out", out])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stderr.contains("wrote \(out) (22 instruments as of 2026-08-03)"))
        #expect(a.stderr.contains("warning: 0700.HK: last close 2025-10-30 is 197 trading days before the as-of date 2026-08-03"))
        let bundled = try String(contentsOfFile: thesisMarket, encoding: .utf8)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == bundled)
        try "my edits\n".write(toFile: out, atomically: true, encoding: .utf8)
        let b = try runCLI(["snapshot", "--out", out])
        #expect(b.status == 1 && b.stderr.contains("\(out) exists; not overwritten (give --force to replace it, or another --out)"))
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "my edits\n")
        let c = try runCLI(["snapshot", "--out", out, "--force", "--quiet"])
        #expect(c.status == 0 && c.stderr.isEmpty)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == bundled)   // the default date is the book's valuation date
        // Printed without --out; a bad date is a usage error.
        let d = try runCLI(["snapshot", "--as-of", "2024-06-28", "--quiet"])
        #expect(d.status == 0 && d.stdout.hasPrefix("version: 1\n") && d.stdout.contains("asOf: 2024-06-28\n"))
        #expect(try runCLI(["snapshot", "--as-of", "28/06/2024"]).status != 0)
    }

    /// STALE warnings on every command; beyond refuseQuoteAgeDays the run fails unless --allow-stale.
    @Test func staleWarningRefusalAndAllowStale() throws {
        let dir = try tempFolder("stale")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let warn = try workspace(dir, "{maxQuoteAgeDays: 5}")
        let e = try runCLI(["exposure", "--workspace", warn])
        #expect(e.status == 0, "\(e.stderr)")
        let staleLines = e.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: STALE ") }
        #expect(staleLines.count == 5)   // one per instrument: 4 Hong Kong closes and SK Hynix
        #expect(e.stderr.contains("warning: STALE 9660.HK: quote of 2025-10-30 is 197 trading days (277 calendar days) old"))
        let s = try runCLI(["stress", "--workspace", warn, "--no-history", "--format", "json"])
        #expect(s.status == 0 && s.stderr.contains("warning: STALE 0981.HK"))
        let chk = try runCLI(["check", "--workspace", warn])
        #expect(chk.status == 0 && chk.stderr.contains("instruments.1347.HK.asOf: STALE 1347.HK"))

        let refuse = try workspace(dir, "{maxQuoteAgeDays: 5, refuseQuoteAgeDays: 60}")
        for args in [["exposure"], ["payoff"], ["stress", "--no-history"], ["report", "--no-history", "--out", dir + "/r"]] {
            let r = try runCLI(args + ["--workspace", refuse])
            #expect(r.status == 1, "\(args)")
            #expect(r.stderr.contains("error: quotes older than policies.marketData.refuseQuoteAgeDays 60 trading days"), "\(args): \(r.stderr)")
            #expect(r.stderr.contains("0700.HK (2025-10-30, 197 trading days)") && r.stderr.contains("--allow-stale"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/r"))
        let ok = try runCLI(["exposure", "--workspace", refuse, "--allow-stale"])
        #expect(ok.status == 0 && ok.stderr.contains("warning: --allow-stale: 4 quotes older than"))
        #expect(try runCLI(["check", "--workspace", refuse]).status == 1)
        #expect(try runCLI(["check", "--workspace", refuse, "--allow-stale"]).status == 0)
    }

    /// The report's first section has the data-freshness table with the STALE rows flagged.
    @Test func reportFirstSectionShowsFreshness() throws {
        let dir = try tempFolder("fresh-report")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try runCLI(["report", "--workspace", try workspace(dir, "{maxQuoteAgeDays: 5}"), "--no-history", "--out", dir + "/r", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOfFile: dir + "/r/index.html", encoding: .utf8)
        let glance = try #require(html.range(of: "<section id=\"glance\">")).upperBound
        let end = try #require(html.range(of: "</section>", range: glance..<html.endIndex)).lowerBound
        let first = String(html[glance..<end])
        #expect(first.contains("Data freshness") && first.contains("STALE market data: 5 of 20 quotes"))
        #expect(first.contains("2025-10-30") && first.contains("hk_2009_2025/0700.HK.csv close 2025-10-30"))
        let md = try String(contentsOfFile: dir + "/r/summary.md", encoding: .utf8)
        #expect(md.contains("| 0700.HK | 2025-10-30 | 197 | hk_2009_2025/0700.HK.csv close 2025-10-30 | STALE |"))
    }

    /// Risk, pairs and backtest windows that end before the valuation date say so on their first line.
    @Test(.enabled(if: hasSharedData, "needs ../shared/data (the workspace's history root)"))
    func historyWindowEndingEarlyIsTheFirstLine() throws {
        let risk = try runCLI(["risk", "--quiet"])
        #expect(risk.status == 0, "\(risk.stderr)")
        #expect(risk.stdout.hasPrefix("Note: history window ends 2025-10-30, 197 trading days (277 calendar days) before the valuation date 2026-08-03: the histories of 9660.HK, 0700.HK, 0981.HK, 1347.HK end there"))
        let pairs = try runCLI(["pairs", "--format", "json", "--quiet"])
        let notes = try #require((try parseJSON(pairs.stdout) as? [String: Any])?["notes"] as? [String])
        #expect(notes.first?.hasPrefix("history window ends 2025-10-30") == true)
        let bt = try runCLI(["backtest", "--to", "2026-06-30", "--quiet"])
        #expect(bt.status == 0, "\(bt.stderr)")
        #expect(bt.stdout.hasPrefix("Note: backtest window ends 2026-06-30, 24 trading days (34 calendar days) before the valuation date 2026-08-03"))
        let full = try runCLI(["backtest", "--quiet"])
        #expect(!full.stdout.hasPrefix("Note:"))
    }
}
