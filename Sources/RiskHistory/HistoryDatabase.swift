import Basics
import Foundation
import GRDB

/// The risk-history database: an embedded SQLite file (through GRDB, over the system SQLite), the only place in
/// Hedgebook that writes or reads SQL.
///
/// - WAL journal, foreign keys on, a 60-second busy timeout: two processes recording at once both succeed (one waits
///   for the other's write lock); readers never block the writer.
/// - Every run is written in one `BEGIN IMMEDIATE` transaction that first deletes the run of the same book and
///   valuation date: recording twice replaces, never duplicates, and a process killed mid-write leaves the previous
///   state (SQLite's journal rolls the torn transaction back on the next open).
/// - On opening: the file must start with SQLite's header, pass `PRAGMA quick_check`, carry Hedgebook's
///   application id, and have a schema version this build knows (``HistorySchema``); otherwise a ``HistoryError``
///   names the file and what is wrong, and nothing is written.
public final class HistoryDatabase: @unchecked Sendable {
    public let path: String
    let queue: DatabaseQueue

    /// The schema version this build writes.
    public static var schemaVersion: Int { HistorySchema.current }

    /// Opens (`create`: creates when absent) the database at `path`, migrating an older schema.
    /// - Throws: ``HistoryError`` when the file is absent (and `create` is false), not a SQLite database, corrupted,
    ///   another application's database, or written by a newer Hedgebook.
    public init(path: String, create: Bool) throws(HistoryError) {
        self.path = path
        let fm = FileManager.default
        let exists = fm.fileExists(atPath: path)
        if !exists && !create {
            throw HistoryError("no risk history at \(path): record runs first (`hedgebook record`, or `hedgebook replay --from D1 --to D2`)")
        }
        if exists {
            try HistoryDatabase.checkHeader(path)
            try HistoryDatabase.inspectReadOnly(path)
        }
        var config = Configuration()
        config.busyMode = .timeout(60)
        config.journalMode = .wal
        config.foreignKeysEnabled = true
        config.label = "hedgebook.history"
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
        } catch {
            throw HistoryDatabase.wrap(error, path, "opening")
        }
        try prepare()
    }

    /// A SQLite file starts with the 16 bytes "SQLite format 3\0" (an empty file is a new database).
    static func checkHeader(_ path: String) throws(HistoryError) {
        guard let h = FileHandle(forReadingAtPath: path) else { throw HistoryError("\(path): cannot be read") }
        defer { try? h.close() }
        let head = (try? h.read(upToCount: 16)) ?? Data()
        if head.isEmpty { return }
        if head != Data("SQLite format 3\0".utf8) {
            throw HistoryError("\(path): not a risk-history database (the file does not start with SQLite's header: corrupted, or another kind of file); expected a SQLite file written by `hedgebook record`. Move it aside or name another file (record.database in the workspace)")
        }
    }

    /// Integrity, ownership and version checks through a read-only connection, before any connection that could write
    /// is opened: a refused file is never modified.
    static func inspectReadOnly(_ path: String) throws(HistoryError) {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(60)
        do {
            let q = try DatabaseQueue(path: path, configuration: config)
            try q.read { db in
                let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
                if check != ["ok"] {
                    throw HistoryError("\(path): corrupted risk-history database (SQLite quick_check: \(check.prefix(3).joined(separator: "; "))); move it aside and record again")
                }
                try HistorySchema.check(db, path: path)
            }
            try q.close()
        } catch {
            throw wrap(error, path, "opening")
        }
    }

    static func wrap(_ error: any Error, _ path: String, _ doing: String) -> HistoryError {
        if let e = error as? HistoryError { return e }
        if let d = error as? DatabaseError {
            let code = d.resultCode
            if code == .SQLITE_NOTADB || code == .SQLITE_CORRUPT {
                return HistoryError("\(path): corrupted risk-history database (SQLite: \(d.message ?? "\(code)")) while \(doing); move it aside and record again")
            }
            return HistoryError("\(path): SQLite error while \(doing): \(d.message ?? "\(code)") (code \(d.extendedResultCode.rawValue))")
        }
        return HistoryError("\(path): \(doing) failed: \(error)")
    }

    /// Integrity, ownership and version checks, then migrations (all in one immediate transaction).
    private func prepare() throws(HistoryError) {
        let path = self.path
        do {
            try queue.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    let version = try HistorySchema.check(db, path: path)
                    if version == HistorySchema.current { return .commit }
                    for m in HistorySchema.migrations[version...] { try m.apply(db) }
                    try db.execute(sql: "PRAGMA application_id = \(HistorySchema.applicationID)")
                    try db.execute(sql: "PRAGMA user_version = \(HistorySchema.current)")
                    return .commit
                }
            }
        } catch {
            throw HistoryDatabase.wrap(error, path, "opening")
        }
    }

    /// The schema version of the file.
    public func fileSchemaVersion() throws(HistoryError) -> Int {
        do { return try queue.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 } }
        catch { throw HistoryDatabase.wrap(error, path, "reading the schema version") }
    }

    // MARK: Writing

    /// Records a run, replacing the run of the same book and valuation date, in one transaction.
    /// - Parameter beforeCommit: called inside the transaction after every row is written (the kill test stops a
    ///   writer there); nil in every command.
    /// - Returns: true when a run of that book and date was replaced.
    @discardableResult
    public func record(_ run: RunRecord, beforeCommit: (() -> Void)? = nil) throws(HistoryError) -> Bool {
        var replaced = false
        do {
            try queue.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    let date = run.valuationDate.description
                    try db.execute(sql: "DELETE FROM run WHERE book = ? AND valuation_date = ?", arguments: [run.book, date])
                    replaced = db.changesCount > 0
                    try db.execute(sql: """
                        INSERT INTO run (book, valuation_date, base_currency, nav, beta_adjusted_net_pct_nav, command, settings, scenario_model, tree_steps)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [run.book, date, run.baseCurrency, run.nav, run.betaAdjustedNetPctNAV, run.command, run.settings,
                                         run.scenarioModel, run.treeSteps])
                    let id = db.lastInsertedRowID
                    try HistoryDatabase.insertChildren(db, id: id, run)
                    beforeCommit?()
                    return .commit
                }
            }
        } catch {
            throw HistoryDatabase.wrap(error, path, "recording \(run.book) \(run.valuationDate)")
        }
        return replaced
    }

    private static func insertChildren(_ db: Database, id: Int64, _ run: RunRecord) throws {
        for (i, x) in run.inputs.enumerated() {
            try db.execute(sql: "INSERT INTO input VALUES (?, ?, ?, ?, ?)", arguments: [id, i, x.role, x.path, x.sha256])
        }
        for (i, p) in run.positions.enumerated() {
            let o = p.option
            try db.execute(sql: "INSERT INTO position VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [id, i, p.id, p.instrument, p.kind, p.quantity, p.multiplier, p.spot, p.fx, p.unitPrice,
                                       p.marketValue, p.deltaNotional, p.weightPctNAV, p.beta, o?.right, o?.exercise, o?.strike,
                                       o?.expiry.description, o?.timeToExpiry, o?.rate, o?.dividendYield, o?.volatility])
        }
        for (i, e) in run.exposures.enumerated() {
            try db.execute(sql: "INSERT INTO exposure VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [id, i, e.grouping, e.key, e.view, e.longPctNAV, e.shortPctNAV])
        }
        for (i, l) in run.limits.enumerated() {
            try db.execute(sql: "INSERT INTO limit_status VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [id, i, l.id, l.measure, l.value, l.utilisation, l.status, l.detail])
        }
        for (i, r) in run.risk.enumerated() {
            try db.execute(sql: "INSERT INTO risk VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [id, i, r.method, r.confidence, r.horizonDays, r.valueAtRisk, r.expectedShortfall])
        }
        for (i, s) in run.scenarios.enumerated() {
            try db.execute(sql: "INSERT INTO scenario VALUES (?, ?, ?, ?, ?, ?)", arguments: [id, i, s.id, s.caseSet, s.pnl, s.pctNAV])
        }
        for (i, n) in run.notes.enumerated() {
            try db.execute(sql: "INSERT INTO note VALUES (?, ?, ?)", arguments: [id, i, n])
        }
    }

    // MARK: Reading

    /// The books recorded, sorted.
    public func books() throws(HistoryError) -> [String] {
        do { return try queue.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT book FROM run ORDER BY book") } }
        catch { throw HistoryDatabase.wrap(error, path, "listing books") }
    }

    /// The valuation dates recorded for a book, ascending.
    public func dates(book: String) throws(HistoryError) -> [LocalDate] {
        do {
            return try queue.read { db in
                try String.fetchAll(db, sql: "SELECT valuation_date FROM run WHERE book = ? ORDER BY valuation_date", arguments: [book])
            }.compactMap { LocalDate(iso: $0) }
        } catch { throw HistoryDatabase.wrap(error, path, "listing dates of \(book)") }
    }

    /// The runs of a book with `from ≤ date ≤ to` (either bound optional), ascending by date, every table read.
    public func runs(book: String, from: LocalDate? = nil, to: LocalDate? = nil) throws(HistoryError) -> [RunRecord] {
        do {
            return try queue.read { db in try HistoryDatabase.load(db, book: book, from: from?.description ?? "", to: to?.description ?? "9999") }
        } catch { throw HistoryDatabase.wrap(error, path, "reading runs of \(book)") }
    }

    /// One run, or nil when that book and date were not recorded.
    public func run(book: String, date: LocalDate) throws(HistoryError) -> RunRecord? {
        try runs(book: book, from: date, to: date).first
    }

    private static func load(_ db: Database, book: String, from: String, to: String) throws -> [RunRecord] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT * FROM run WHERE book = ? AND valuation_date >= ? AND valuation_date <= ? ORDER BY valuation_date
            """, arguments: [book, from, to])
        var runs: [RunRecord] = []
        var index: [Int64: Int] = [:]
        for r in rows {
            index[r["id"]] = runs.count
            let date: String = r["valuation_date"]
            runs.append(RunRecord(book: r["book"], valuationDate: LocalDate(iso: date) ?? LocalDate(daysSinceEpoch: 0),
                                  baseCurrency: r["base_currency"], nav: r["nav"], command: r["command"], settings: r["settings"],
                                  scenarioModel: r["scenario_model"], treeSteps: r["tree_steps"]))
            runs[runs.count - 1].betaAdjustedNetPctNAV = r["beta_adjusted_net_pct_nav"]
        }
        guard !runs.isEmpty else { return [] }
        func children(_ table: String, _ body: (Int, Row) -> Void) throws {
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT c.* FROM \(table) c JOIN run r ON r.id = c.run_id
                WHERE r.book = ? AND r.valuation_date >= ? AND r.valuation_date <= ? ORDER BY c.run_id, c.ord
                """, arguments: [book, from, to])
            while let row = try cursor.next() {
                let runID: Int64 = row["run_id"]
                if let i = index[runID] { body(i, row) }
            }
        }
        try children("input") { i, r in runs[i].inputs.append(.init(role: r["role"], path: r["path"], sha256: r["sha256"])) }
        try children("position") { i, r in
            var option: OptionRecord?
            if let right: String = r["option_right"] {
                let expiry: String = r["expiry"]
                option = OptionRecord(right: right, exercise: r["exercise"], strike: r["strike"],
                                      expiry: LocalDate(iso: expiry) ?? LocalDate(daysSinceEpoch: 0), timeToExpiry: r["time_to_expiry"],
                                      rate: r["rate"], dividendYield: r["dividend_yield"], volatility: r["volatility"])
            }
            runs[i].positions.append(PositionRecord(id: r["id"], instrument: r["instrument"], kind: r["kind"], quantity: r["quantity"],
                                                    multiplier: r["multiplier"], spot: r["spot"], fx: r["fx"], unitPrice: r["unit_price"],
                                                    marketValue: r["market_value"], deltaNotional: r["delta_notional"],
                                                    weightPctNAV: r["weight_pct_nav"], beta: r["beta"], option: option))
        }
        try children("exposure") { i, r in
            runs[i].exposures.append(ExposureRecord(grouping: r["grouping"], key: r["key"], view: r["view"],
                                                    longPctNAV: r["long_pct_nav"], shortPctNAV: r["short_pct_nav"]))
        }
        try children("limit_status") { i, r in
            runs[i].limits.append(LimitRecord(id: r["id"], measure: r["measure"], value: r["value"], utilisation: r["utilisation"],
                                              status: r["status"], detail: r["detail"]))
        }
        try children("risk") { i, r in
            runs[i].risk.append(RiskRecord(method: r["method"], confidence: r["confidence"], horizonDays: r["horizon_days"],
                                           valueAtRisk: r["var"], expectedShortfall: r["es"]))
        }
        try children("scenario") { i, r in
            runs[i].scenarios.append(ScenarioRecord(id: r["id"], caseSet: r["case_set"], pnl: r["pnl"], pctNAV: r["pct_nav"]))
        }
        try children("note") { i, r in runs[i].notes.append(r["text"]) }
        return runs
    }
}
