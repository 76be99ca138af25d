import Foundation
import Testing

/// `record`, `history`, `explain` and `replay` from the command line, and their bad inputs: no database, a corrupted
/// file, explain between dates not recorded, replay over a range with no data.
@Suite struct RiskHistoryCLITests {
    /// A workspace in a temporary folder: the bundled book and snapshot, no history, the database beside it.
    func workspace() throws -> (yaml: String, db: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hb-rh-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let yaml = dir + "/hedgebook.yaml"
        try "version: 1\nbook: \(thesisBook)\nmarket: \(thesisMarket)\n".write(toFile: yaml, atomically: true, encoding: .utf8)
        return (yaml, dir + "/hedgebook-history.sqlite")
    }

    @Test func recordTwiceReplacesAndHistoryReadsIt() throws {
        let (ws, db) = try workspace()
        let a = try runCLI(["record", "--workspace", ws, "--allow-stale"])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout.contains("recorded AI infrastructure") && a.stdout.contains("gross 75.00% NAV"))
        #expect(FileManager.default.fileExists(atPath: db))
        let b = try runCLI(["record", "--workspace", ws, "--allow-stale"])
        #expect(b.status == 0 && b.stdout.hasPrefix("replaced"))
        let h = try runCLI(["history", "gross", "net", "weight:NVDA", "--workspace", ws, "--format", "csv"])
        #expect(h.status == 0)
        #expect(h.stdout == "date,gross % NAV,net % NAV,NVDA weight % NAV\n2026-08-03,75,45,12\n")
        let e = try runCLI(["explain", "2026-07-31", "2026-08-03", "--workspace", ws])
        #expect(e.status == 1)
        #expect(e.stderr.contains("no run of book 'AI infrastructure long/short (thesis ledger)' recorded on 2026-07-31; nearest recorded: 2026-08-03"))
        let bt = try runCLI(["history", "--backtest", "--workspace", ws])
        #expect(bt.status == 1 && bt.stderr.contains("needs at least two recorded runs"))
    }

    @Test func noDatabaseAndCorruptedFileAreClearErrors() throws {
        let (ws, db) = try workspace()
        let h = try runCLI(["history", "--workspace", ws])
        #expect(h.status == 1 && h.stderr.contains("no risk history at \(db)"))
        #expect(!FileManager.default.fileExists(atPath: db))
        try Data(repeating: 0x41, count: 5000).write(to: URL(fileURLWithPath: db))
        let r = try runCLI(["record", "--workspace", ws, "--allow-stale"])
        #expect(r.status == 1 && r.stderr.contains("\(db): not a risk-history database"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == Data(repeating: 0x41, count: 5000))
    }

    @Test(.enabled(if: hasSharedData, "needs ../shared/data (the workspace's history root)"))
    func replayOverARangeWithNoDataIsAClearError() throws {
        let (_, db) = try workspace()
        let ws = URL(fileURLWithPath: db).deletingLastPathComponent().path + "/replay.yaml"
        let text = try String(contentsOfFile: repoRoot + "/hedgebook.yaml", encoding: .utf8)
            .replacingOccurrences(of: "book: fixtures/", with: "book: \(repoRoot)/fixtures/")
            .replacingOccurrences(of: "market: fixtures/", with: "market: \(repoRoot)/fixtures/")
            .replacingOccurrences(of: "scenarios: [scenarios]", with: "scenarios: []")
            .replacingOccurrences(of: "root: ../shared/data", with: "root: \(sharedDataRoot)")
        try text.write(toFile: ws, atomically: true, encoding: .utf8)
        let r = try runCLI(["replay", "--workspace", ws, "--from", "1990-01-01", "--to", "1990-01-31"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("no trading day between 1990-01-01 and 1990-01-31: the history of SPY"))
        #expect(!FileManager.default.fileExists(atPath: db))
    }
}
