import GRDB

/// The versioned schema of the risk-history database.
///
/// The version is SQLite's `PRAGMA user_version`; `PRAGMA application_id` marks the file as Hedgebook's. Migrations run
/// in order, each from version n − 1 to n, all inside one `BEGIN IMMEDIATE` transaction together with the version
/// check: two processes opening a new file at once serialise on the write lock (the busy timeout waits) instead of
/// racing, and a database written by a newer Hedgebook (version above ``current``) is refused before anything is
/// written. (GRDB's `DatabaseMigrator` runs each migration in a deferred transaction, which two processes creating
/// the file at once can make fail with SQLITE_BUSY; hence this small migrator.)
enum HistorySchema {
    /// 'HBKH'.
    static let applicationID: Int32 = 0x4842_4B48

    /// The migrations, in version order: index i migrates from version i to version i + 1.
    static let migrations: [(name: String, apply: @Sendable (Database) throws -> Void)] = [
        ("v1: runs, inputs, positions, exposures, limits, risk, scenarios, notes", v1),
    ]

    /// The schema version this build writes and reads.
    static var current: Int { migrations.count }

    /// The file's schema version after checking it is Hedgebook's (or empty) and not newer than this build's.
    @discardableResult
    static func check(_ db: Database, path: String) throws -> Int {
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        let app = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
        if app != applicationID && (app != 0 || version != 0 || tables > 0) {
            throw HistoryError("\(path): a SQLite database of another application (application_id \(app), \(tables) tables), not a Hedgebook risk history; name another file (record.database in the workspace)")
        }
        if version > current {
            throw HistoryError("\(path): risk-history schema version \(version) was written by a newer Hedgebook; this build reads versions up to \(current). Nothing was written; use a newer hedgebook, or name another file")
        }
        return version
    }

    static func v1(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE run (
                id INTEGER PRIMARY KEY,
                book TEXT NOT NULL,
                valuation_date TEXT NOT NULL,
                base_currency TEXT NOT NULL,
                nav REAL NOT NULL,
                beta_adjusted_net_pct_nav REAL NOT NULL,
                command TEXT NOT NULL,
                settings TEXT NOT NULL,
                scenario_model TEXT NOT NULL,
                tree_steps INTEGER NOT NULL,
                UNIQUE (book, valuation_date)
            );
            CREATE TABLE input (
                run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                ord INTEGER NOT NULL, role TEXT NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL,
                PRIMARY KEY (run_id, ord)
            );
            CREATE TABLE position (
                run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                ord INTEGER NOT NULL, id TEXT NOT NULL, instrument TEXT NOT NULL, kind TEXT NOT NULL,
                quantity REAL NOT NULL, multiplier REAL NOT NULL, spot REAL NOT NULL, fx REAL NOT NULL,
                unit_price REAL NOT NULL, market_value REAL NOT NULL, delta_notional REAL NOT NULL,
                weight_pct_nav REAL NOT NULL, beta REAL,
                option_right TEXT, exercise TEXT, strike REAL, expiry TEXT, time_to_expiry REAL, rate REAL,
                dividend_yield REAL, volatility REAL,
                PRIMARY KEY (run_id, ord)
            );
            CREATE TABLE exposure (
                run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                ord INTEGER NOT NULL, grouping TEXT NOT NULL, key TEXT NOT NULL, view TEXT NOT NULL,
                long_pct_nav REAL NOT NULL, short_pct_nav REAL NOT NULL,
                PRIMARY KEY (run_id, ord)
            );
            CREATE TABLE limit_status (
                run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                ord INTEGER NOT NULL, id TEXT NOT NULL, measure TEXT NOT NULL, value REAL, utilisation REAL,
                status TEXT NOT NULL, detail TEXT NOT NULL,
                PRIMARY KEY (run_id, ord)
            );
            CREATE TABLE risk (
                run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                ord INTEGER NOT NULL, method TEXT NOT NULL, confidence REAL NOT NULL, horizon_days INTEGER NOT NULL,
                var REAL NOT NULL, es REAL NOT NULL,
                PRIMARY KEY (run_id, ord)
            );
            CREATE TABLE scenario (
                run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                ord INTEGER NOT NULL, id TEXT NOT NULL, case_set TEXT, pnl REAL NOT NULL, pct_nav REAL NOT NULL,
                PRIMARY KEY (run_id, ord)
            );
            CREATE TABLE note (
                run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                ord INTEGER NOT NULL, text TEXT NOT NULL,
                PRIMARY KEY (run_id, ord)
            );
            """)
    }
}
