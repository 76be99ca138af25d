import Basics
import FileFormats
import Foundation
import Instruments
import MarketData
import Risk
import RiskHistory
import Scenarios

/// `hedgebook replay --from D1 --to D2`: for every trading day in the range, the market snapshot built as of that day
/// (``MarketSnapshotJob``: the `snapshot` command's rules, in memory — no snapshot file is written), the book valued on
/// it, and the run recorded (``Session/runRecord(_:hash:marketLabel:)``). The book's sizes (% of NAV, premium budgets)
/// are resolved on each day's prices, so the replayed book is rebalanced to its stated weights every day; a position
/// whose instrument has no close yet on a day (listed later) is left out that day, with a note in the run.
///
/// Trading days are the dates of the workspace's market index (`policies.marketData.index`, SPY) in the range. The risk
/// window of each day ends on that day (no later price is read). One history store serves every day (each file read
/// once). Monte Carlo runs `paths` paths a day (default 10,000 instead of the workspace's 100,000: the Monte Carlo
/// VaR's sampling error at 99% is then about 3% of VaR, measured in the replay note); every other method is exact.
public enum RiskReplay {
    public struct Options: Sendable {
        public var from: LocalDate
        public var to: LocalDate
        public var paths: Int
        public var stress: Bool
        public var allowStale: Bool
        public init(from: LocalDate, to: LocalDate, paths: Int = 10_000, stress: Bool = true, allowStale: Bool = false) {
            self.from = from; self.to = to; self.paths = paths; self.stress = stress; self.allowStale = allowStale
        }
    }

    public struct Summary: Sendable {
        public var recorded: [LocalDate]
        public var replaced: Int
        /// Days not recorded, with the reason (a snapshot that cannot be built, a quote refused as stale, …).
        public var skipped: [(date: LocalDate, reason: String)]
        public var warnings: [String]
        public var database: String
    }

    /// The trading days of the index in [from, to].
    public static func tradingDays(store: HistoryStore, index: String, from: LocalDate, to: LocalDate) throws -> [LocalDate] {
        guard let s = try store.series(index, field: .adjustedClose) else {
            throw SessionError("replay: no history of the market index \(index) (policies.marketData.index) in \(store.summary): it gives the trading days")
        }
        let days = s.dates.filter { $0 >= from && $0 <= to }
        if days.isEmpty {
            throw SessionError("replay: no trading day between \(from) and \(to): the history of \(index) (\(s.file ?? index)) covers \(s.dates.first.map { "\($0)" } ?? "-") … \(s.dates.last.map { "\($0)" } ?? "-")")
        }
        return days
    }

    /// The scenarios without their shocks on instruments not listed on a day, nor on groups (layer, country, …) that
    /// no remaining position belongs to: before its listing a name is not held, and a shock on it moves nothing.
    public static func withoutShocks(on unlisted: Set<String>, _ scenarios: [Scenario], kept: [Position]) -> [Scenario] {
        func keep(_ s: Shock) -> Bool {
            switch s.target {
            case .instrument(let i): return !unlisted.contains(i)
            case .group(let a, let v):
                return kept.contains { p in
                    switch a {
                    case "layer": return p.layer == v
                    case "country": return p.country == v
                    case "currency": return p.currency.code == v
                    case "exchange": return p.exchange == v
                    case "tag": return p.tags.contains(v)
                    default: return true
                    }
                }
            case .all, .factor: return true   // a factor moves every name by its exposure; none is listed by name
            }
        }
        return scenarios.map { sc in
            var c = sc
            c.spotShocks = sc.spotShocks.filter(keep)
            c.volShocks = sc.volShocks.filter(keep)
            return c
        }
    }

    public static func run(workspace path: String?, overrides: InputOverrides, options o: Options, hash: @escaping (String) -> String,
                           progress: ((Int, Int, LocalDate) -> Void)? = nil) throws -> Summary {
        guard o.from <= o.to else { throw SessionError("replay: --from \(o.from) is after --to \(o.to)") }
        let (spec, layout, summary) = try Session.resolve(workspace: path, overrides: overrides)
        guard !layout.locations.isEmpty else {
            throw SessionError("replay: no price history (a workspace whose history.root exists, or --prices)\(spec.historyRoot.map { "; \($0) was not found" } ?? "")")
        }
        guard let bookPath = spec.book else { throw SessionError("replay: no book (a workspace naming one, or BOOK)") }
        let store = HistoryStore(layout: layout, summary: summary)
        let days = try tradingDays(store: store, index: spec.policies.snapshotMethod.index, from: o.from, to: o.to)
        let book = try BookFile.load(path: bookPath)
        let db = try HistoryDatabase(path: spec.riskHistoryDatabase, create: true)
        var memo: [String: String] = [:]
        let memoHash: (String) -> String = { p in
            if let h = memo[p] { return h }
            let h = hash(p)
            memo[p] = h
            return h
        }
        var scenarios: [Scenario]?
        var out = Summary(recorded: [], replaced: 0, skipped: [], warnings: [], database: db.path)
        let command = "hedgebook replay --from \(o.from) --to \(o.to)"
        for (i, d) in days.enumerated() {
            progress?(i, days.count, d)
            do {
                let snap = try MarketSnapshotJob.run(workspace: path, overrides: overrides, asOf: d, store: store)
                // A position whose instrument was not yet listed on that day is left out (held as cash), with a note.
                let unlisted = Set(snap.built.omitted.map(\.id))
                var day = book
                day.valuationDate = d
                day.positions.removeAll { unlisted.contains($0.marketKey) }
                let session = try Session(spec: spec, book: day, market: snap.built.snapshot, history: store, allowStale: o.allowStale)
                if o.stress, !spec.scenarios.isEmpty {
                    if scenarios == nil { scenarios = try ScenarioFile.loadAll(paths: spec.scenarios) }
                    session.useScenarios(unlisted.isEmpty ? scenarios! : withoutShocks(on: unlisted, scenarios!, kept: day.positions))
                }
                var risk = try session.riskOptions()
                risk.paths = o.paths
                var (record, warnings) = try session.runRecord(RecordOptions(risk: risk, windowEnd: d, stress: o.stress, command: command),
                                                               hash: memoHash, marketLabel: "snapshot as of \(d), built in memory by replay")
                let left = book.positions.filter { unlisted.contains($0.marketKey) }.map(\.id)
                if !left.isEmpty {
                    record.notes.insert("not yet listed on \(d), left out of the book (held as cash): \(left.joined(separator: ", "))", at: 0)
                }
                if try db.record(record) { out.replaced += 1 }
                out.recorded.append(d)
                out.warnings += warnings.map { "\(d): \($0)" }
            } catch let e as HistoryError {
                throw e
            } catch {
                out.skipped.append((d, "\(error)"))
            }
        }
        if out.recorded.isEmpty {
            throw SessionError("replay: no day between \(o.from) and \(o.to) could be recorded; first reason (\(out.skipped.first.map { "\($0.date)" } ?? "-")): \(out.skipped.first?.reason ?? "-")")
        }
        return out
    }
}
