#if canImport(Glibc)
import Glibc
#endif
import Basics
import Foundation
import GRDB
import RiskHistory
import Testing

/// The risk-history database: round trip, replace-not-duplicate, schema versions, corrupted and foreign files, two
/// writer processes at once, and a writer SIGKILLed inside its transaction (real child processes: `history-writer`).
@Suite struct HistoryDatabaseTests {
    static let day = LocalDate(iso: "2025-03-03")!

    func tempPath(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hb-history-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    /// A run with every table filled; `scale` changes its numbers.
    func sample(_ date: LocalDate, scale: Double = 1) -> RunRecord {
        var r = RunRecord(book: "Test book", valuationDate: date, baseCurrency: "USD", nav: 1e6, command: "test", settings: "s",
                          scenarioModel: "bjerksund-stensland", treeSteps: 500)
        r.betaAdjustedNetPctNAV = 12.5 * scale
        r.inputs = [.init(role: "book", path: "b.yaml", sha256: "ab"), .init(role: "market", path: "in memory", sha256: "")]
        r.positions = [
            PositionRecord(id: "A", instrument: "AAA", kind: "stock", quantity: 100 * scale, multiplier: 1, spot: 50, fx: 1, unitPrice: 50,
                           marketValue: 5000 * scale, deltaNotional: 5000 * scale, weightPctNAV: 0.5 * scale, beta: 1.2, option: nil),
            PositionRecord(id: "P", instrument: "AAA", kind: "option", quantity: -3, multiplier: 100, spot: 50, fx: 0.5, unitPrice: 2.5,
                           marketValue: -375, deltaNotional: 600, weightPctNAV: -0.0375, beta: nil,
                           option: OptionRecord(right: "put", exercise: "american", strike: 45, expiry: date.adding(days: 200),
                                                timeToExpiry: 200.0 / 365, rate: 0.04, dividendYield: 0.01, volatility: 0.3)),
        ]
        r.exposures = [ExposureRecord(grouping: "total", key: "book", view: "premium", longPctNAV: 60 * scale, shortPctNAV: 15)]
        r.limits = [LimitRecord(id: "L1", measure: "gross", value: 75, utilisation: 0.75, status: "ok", detail: "d"),
                    LimitRecord(id: "L2", measure: "var@0.99", value: nil, utilisation: nil, status: "not measured", detail: "no history")]
        r.risk = [RiskRecord(method: "parametric", confidence: 0.99, horizonDays: 1, valueAtRisk: 0.02 * scale, expectedShortfall: 0.025)]
        r.scenarios = [ScenarioRecord(id: "crash", caseSet: nil, pnl: -1000, pctNAV: -0.1), ScenarioRecord(id: "bull", caseSet: "cases", pnl: 5, pctNAV: 0.0005)]
        r.notes = ["n1", "n2"]
        return r
    }

    @Test func roundTripAndReplace() throws {
        let path = tempPath("h.sqlite")
        let db = try HistoryDatabase(path: path, create: true)
        #expect(try db.fileSchemaVersion() == HistoryDatabase.schemaVersion)
        #expect(try db.record(sample(Self.day)) == false)
        #expect(try db.record(sample(Self.day.adding(days: 1))) == false)
        #expect(try db.run(book: "Test book", date: Self.day) == sample(Self.day))
        // The same book and date again: replaced, never duplicated.
        #expect(try db.record(sample(Self.day, scale: 2)) == true)
        #expect(try db.dates(book: "Test book") == [Self.day, Self.day.adding(days: 1)])
        #expect(try db.run(book: "Test book", date: Self.day) == sample(Self.day, scale: 2))
        #expect(try db.runs(book: "Test book").map(\.positions.count) == [2, 2])
        #expect(try db.books() == ["Test book"])
        #expect(try db.runs(book: "Other").isEmpty)
        // WAL journal.
        let q = try DatabaseQueue(path: path)
        #expect(try q.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
        #expect(try q.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM position") } == 4)
    }

    @Test func absentFileIsAClearError() {
        let path = tempPath("none.sqlite")
        #expect { try HistoryDatabase(path: path, create: false) } throws: { e in
            "\(e)".contains("no risk history at \(path)") && "\(e)".contains("hedgebook record")
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    /// A database whose schema version is above this build's: refused, and the file's bytes are unchanged.
    @Test func newerSchemaIsRefusedAndNothingWritten() throws {
        let path = tempPath("newer.sqlite")
        do {
            let db = try HistoryDatabase(path: path, create: true)
            try db.record(sample(Self.day))
        }
        do {
            let q = try DatabaseQueue(path: path)
            try q.write { try $0.execute(sql: "PRAGMA user_version = \(HistoryDatabase.schemaVersion + 1)") }
            try q.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let wal = path + "-wal"
        #expect(((try? Data(contentsOf: URL(fileURLWithPath: wal))) ?? Data()).isEmpty)
        #expect { try HistoryDatabase(path: path, create: true) } throws: { e in
            let s = "\(e)"
            return s.contains(path) && s.contains("schema version \(HistoryDatabase.schemaVersion + 1)") && s.contains("newer") && s.contains("Nothing was written")
        }
        let after = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(after == before, "differs at \((0..<min(after.count, before.count)).filter { after[$0] != before[$0] }.prefix(20)) sizes \(before.count) \(after.count)")
        #expect(((try? Data(contentsOf: URL(fileURLWithPath: wal))) ?? Data()).isEmpty)
    }

    @Test func garbageFileIsNotADatabase() throws {
        let path = tempPath("garbage.sqlite")
        try Data("date,close\n2025-01-01,3\n".utf8).write(to: URL(fileURLWithPath: path))
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect { try HistoryDatabase(path: path, create: true) } throws: { e in
            "\(e)".contains(path) && "\(e)".contains("not a risk-history database")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    /// A valid database with its later pages overwritten: a clear "corrupted" error, never a crash.
    @Test func corruptedPagesAreAClearError() throws {
        let path = tempPath("corrupt.sqlite")
        do {
            let db = try HistoryDatabase(path: path, create: true)
            for k in 0..<40 { try db.record(sample(Self.day.adding(days: k))) }
        }
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.count > 8 * 4096)
        for i in 4096..<bytes.count where i % 4096 < 2048 { bytes[i] = UInt8(truncatingIfNeeded: i &* 2_654_435_761 >> 7) }
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect { try HistoryDatabase(path: path, create: true) } throws: { e in
            e is HistoryError && "\(e)".contains(path) && "\(e)".contains("corrupted")
        }
    }

    @Test func anotherApplicationsDatabaseIsRefused() throws {
        let path = tempPath("other.sqlite")
        do {
            let q = try DatabaseQueue(path: path)
            try q.write { try $0.execute(sql: "CREATE TABLE t (x INTEGER)") }
        }
        #expect { try HistoryDatabase(path: path, create: true) } throws: { e in
            "\(e)".contains("another application")
        }
    }

    // MARK: Child processes

    static func writerExecutable() -> String? {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<3 {
            let c = dir.appendingPathComponent("history-writer").path
            if FileManager.default.isExecutableFile(atPath: c) { return c }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    func writer(_ args: [String]) throws -> (Process, Pipe) {
        guard let exe = Self.writerExecutable() else { throw HistoryError("history-writer not found next to \(CommandLine.arguments[0]); run `swift build --build-tests`") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.standardError
        try p.run()
        return (p, out)
    }

    /// Two processes recording into one new file at once, with overlapping dates of the same book: both exit 0 and the
    /// union of their dates is recorded once each.
    @Test func twoProcessesRecordingAtOnceBothSucceed() throws {
        let path = tempPath("concurrent.sqlite")
        let (a, _) = try writer([path, "Book", "2025-01-01", "60"])
        let (b, _) = try writer([path, "Book", "2025-01-31", "60"])
        a.waitUntilExit(); b.waitUntilExit()
        #expect(a.terminationStatus == 0 && b.terminationStatus == 0)
        let db = try HistoryDatabase(path: path, create: false)
        let dates = try db.dates(book: "Book")
        #expect(dates.count == 90)
        #expect(dates.first == LocalDate(iso: "2025-01-01") && dates.last == LocalDate(iso: "2025-03-31"))
        #expect(try db.runs(book: "Book").allSatisfy { $0.positions.count == 40 && $0.scenarios.count == 60 })
    }

    /// A writer SIGKILLed inside its transaction (it was replacing an existing run): the database opens, passes the
    /// integrity check, still holds the old run intact, and takes new writes.
    @Test func writerKilledMidTransactionLeavesTheDatabaseValid() throws {
        let path = tempPath("killed.sqlite")
        let (seed, _) = try writer([path, "Book", "2025-01-01", "3"])
        seed.waitUntilExit()
        #expect(seed.terminationStatus == 0)
        let before = try HistoryDatabase(path: path, create: false).runs(book: "Book")
        let (p, out) = try writer([path, "Book", "2025-01-02", "hang"])
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("in-transaction") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += chunk
        }
        #expect(String(decoding: seen, as: UTF8.self).contains("in-transaction"))
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGKILL)
        let db = try HistoryDatabase(path: path, create: false)
        let q = try DatabaseQueue(path: path)
        #expect(try q.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") } == ["ok"])
        #expect(try db.runs(book: "Book") == before)
        try db.record(sample(LocalDate(iso: "2025-01-02")!))
        #expect(try db.dates(book: "Book").count == 3)
        #expect(try db.dates(book: "Test book").count == 1)
    }
}
