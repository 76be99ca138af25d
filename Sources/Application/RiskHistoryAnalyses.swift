import Basics
import Risk
import RiskHistory

/// A measure read back from the risk history (`hedgebook history`, the report's "risk history" section).
///
/// Units: exposures and weights % of NAV (premium view; beta-adjusted net = Σ delta notional × beta); VaR and ES %
/// of NAV as positive losses; the worst scenario's P&L % of NAV (signed: a loss is negative); a limit's utilisation as
/// value ÷ bound (1 = at the limit).
public enum HistoryMeasure: Sendable, Equatable, CustomStringConvertible {
    case gross, net, betaAdjustedNet
    case valueAtRisk(method: String, confidence: Double)
    case expectedShortfall(method: String, confidence: Double)
    case worstScenario
    case limitUtilisation(String)
    case positionWeight(String)

    /// Names accepted on the command line: gross, net, beta-net, var, es, worst-scenario, limit:ID, weight:ID (VaR and ES
    /// read `method` and `confidence`).
    public static let syntax = "gross | net | beta-net | var | es | worst-scenario | limit:ID | weight:POSITION"

    public init?(parsing text: String, method: String, confidence: Double) {
        switch text {
        case "gross": self = .gross
        case "net": self = .net
        case "beta-net": self = .betaAdjustedNet
        case "var": self = .valueAtRisk(method: method, confidence: confidence)
        case "es": self = .expectedShortfall(method: method, confidence: confidence)
        case "worst-scenario": self = .worstScenario
        default:
            if text.hasPrefix("limit:"), text.count > 6 { self = .limitUtilisation(String(text.dropFirst(6))) }
            else if text.hasPrefix("weight:"), text.count > 7 { self = .positionWeight(String(text.dropFirst(7))) }
            else { return nil }
        }
    }

    public var description: String {
        switch self {
        case .gross: return "gross % NAV"
        case .net: return "net % NAV"
        case .betaAdjustedNet: return "beta-adj net % NAV"
        case .valueAtRisk(let m, let c): return "VaR \(m) \(NumberFormat.shortest(100 * c))% % NAV"
        case .expectedShortfall(let m, let c): return "ES \(m) \(NumberFormat.shortest(100 * c))% % NAV"
        case .worstScenario: return "worst scenario % NAV"
        case .limitUtilisation(let id): return "limit \(id) utilisation"
        case .positionWeight(let id): return "\(id) weight % NAV"
        }
    }

    /// The value on one run (nil when that run did not measure it).
    public func value(_ r: RunRecord) -> Double? {
        let total = r.exposures.first { $0.grouping == "total" && $0.view == "premium" }
        switch self {
        case .gross: return total?.grossPctNAV
        case .net: return total?.netPctNAV
        case .betaAdjustedNet: return r.betaAdjustedNetPctNAV
        case .valueAtRisk(let m, let c):
            return r.risk.first { $0.method == m && abs($0.confidence - c) < 1e-12 }.map { 100 * $0.valueAtRisk }
        case .expectedShortfall(let m, let c):
            return r.risk.first { $0.method == m && abs($0.confidence - c) < 1e-12 }.map { 100 * $0.expectedShortfall }
        case .worstScenario: return r.scenarios.map(\.pctNAV).min()
        case .limitUtilisation(let id): return r.limits.first { $0.id == id }?.utilisation
        case .positionWeight(let id): return r.positions.first { $0.id == id }?.weightPctNAV
        }
    }
}

/// Measures over the recorded dates of a book: one row per date, one column per measure.
public struct HistoryTable: Sendable {
    public var book: String
    public var measures: [HistoryMeasure]
    public var dates: [LocalDate]
    public var values: [[Double?]]
}

/// The VaR backtest over a book's recorded days, per VaR method and confidence.
public struct HistoryBacktest: Sendable {
    public struct Series: Sendable {
        public var method: String
        public var confidence: Double
        /// Day t's VaR forecast made at t − 1 (fraction of NAV, positive loss), aligned with `dates`/`pnl`.
        public var valueAtRisk: [Double]
        public var result: VaRBacktest.Result
    }
    public var book: String
    /// Days t with a run at t − 1 and t (the previous recorded day).
    public var dates: [LocalDate]
    /// Realised one-day P&L of the positions held at t − 1, fraction of NAV at t − 1 (full revaluation, ``PnLExplain``).
    public var pnl: [Double]
    public var series: [Series]
    public var notes: [String]
}

extension Session {
    /// Opens the workspace's risk-history database (`create`: for writing).
    public func openRiskHistory(create: Bool) throws -> HistoryDatabase {
        try HistoryDatabase(path: riskHistoryPath, create: create)
    }

    /// The runs of this session's book in [from, to], or a clear error when none is recorded.
    public func recordedRuns(_ db: HistoryDatabase, from: LocalDate? = nil, to: LocalDate? = nil) throws -> [RunRecord] {
        let runs = try db.runs(book: book.name, from: from, to: to)
        if runs.isEmpty {
            let all = try db.dates(book: book.name)
            let range = from == nil && to == nil ? "" : " between \(from.map { "\($0)" } ?? "the start") and \(to.map { "\($0)" } ?? "the end")"
            throw SessionError("\(db.path): no run of book '\(book.name)' recorded\(range)\(all.isEmpty ? " (record with `hedgebook record` or `hedgebook replay`)" : "; recorded: \(all.first!) … \(all.last!) (\(all.count) dates)")")
        }
        return runs
    }

    public func historyTable(_ db: HistoryDatabase, measures: [HistoryMeasure], from: LocalDate? = nil, to: LocalDate? = nil) throws -> HistoryTable {
        let runs = try recordedRuns(db, from: from, to: to)
        return HistoryTable(book: book.name, measures: measures, dates: runs.map(\.valuationDate),
                            values: runs.map { r in measures.map { $0.value(r) } })
    }

    /// `hedgebook explain FROM TO` on the recorded runs of this session's book.
    /// - Throws: a clear error naming the dates recorded nearest to a date that is not.
    public func explain(_ db: HistoryDatabase, from: LocalDate, to: LocalDate) throws -> PnLExplainReport {
        func run(_ d: LocalDate) throws -> RunRecord {
            if let r = try db.run(book: book.name, date: d) { return r }
            let all = try db.dates(book: book.name)
            let before = all.last { $0 < d }, after = all.first { $0 > d }
            let near = [before, after].compactMap { $0 }.map { "\($0)" }
            throw SessionError("\(db.path): no run of book '\(book.name)' recorded on \(d)\(all.isEmpty ? " (nothing recorded yet: `hedgebook record` or `hedgebook replay`)" : "; nearest recorded: \(near.joined(separator: ", ")) (\(all.count) dates recorded)")")
        }
        return try PnLExplain.explain(from: try run(from), to: try run(to))
    }

    /// The VaR backtest over the recorded runs in [from, to]: realised P&L of day t (the positions of run t − 1
    /// revalued at run t) against run t − 1's VaR, for every method and confidence recorded on every day.
    public func historyBacktest(_ db: HistoryDatabase, from: LocalDate? = nil, to: LocalDate? = nil) throws -> HistoryBacktest {
        try Session.backtest(runs: try recordedRuns(db, from: from, to: to), book: book.name)
    }

    /// The backtest over runs (ascending dates). Pairs more than 7 calendar days apart are skipped with a note (a gap
    /// in the recording, not one trading day).
    public static func backtest(runs: [RunRecord], book: String) throws -> HistoryBacktest {
        var dates: [LocalDate] = [], pnl: [Double] = [], forecasts: [[String: Double]] = []
        var notes: [String] = []
        var skipped = 0
        for (a, b) in zip(runs, runs.dropFirst()) {
            guard a.valuationDate.days(to: b.valuationDate) <= 7 else { skipped += 1; continue }
            guard !a.risk.isEmpty else { skipped += 1; continue }
            let e = try PnLExplain.explain(from: a, to: b, greeks: false)
            dates.append(b.valuationDate)
            pnl.append(e.total.total / a.nav)
            var f: [String: Double] = [:]
            for r in a.risk where r.horizonDays == 1 { f[key(r.method, r.confidence)] = r.valueAtRisk }
            forecasts.append(f)
        }
        if skipped > 0 { notes.append("\(skipped) pair(s) of consecutive runs skipped (more than 7 calendar days apart, or no VaR recorded on the first)") }
        guard !dates.isEmpty else {
            throw SessionError("VaR backtest of '\(book)': needs at least two recorded runs on consecutive trading days with 1-day VaR (\(runs.count) run(s) recorded in the range)")
        }
        // Methods and confidences recorded on every day of the backtest.
        let common = forecasts.dropFirst().reduce(Set(forecasts[0].keys)) { $0.intersection($1.keys) }
        var series: [HistoryBacktest.Series] = []
        for k in common.sorted(by: { a, b in
            let (ma, ca) = split(a), (mb, cb) = split(b)
            return ma != mb ? methodOrder(ma) < methodOrder(mb) : ca < cb
        }) {
            let (method, c) = split(k)
            let v = forecasts.map { $0[k]! }
            series.append(.init(method: method, confidence: c, valueAtRisk: v, result: VaRBacktest.run(pnl: pnl, valueAtRisk: v, confidence: c)))
        }
        notes.append("realised P&L: positions held at t − 1 revalued in full at t (price P&L, no dividends), ÷ NAV; VaR: 1-day forecast recorded at t − 1; exception: P&L < −VaR")
        return HistoryBacktest(book: book, dates: dates, pnl: pnl, series: series, notes: notes)
    }

    static func key(_ m: String, _ c: Double) -> String { "\(m)|\(c)" }
    static func split(_ k: String) -> (String, Double) {
        let parts = k.split(separator: "|")
        return (String(parts[0]), Double(parts[1]) ?? 0)
    }
    static func methodOrder(_ m: String) -> Int {
        ["parametric", "historical", "cornishFisher", "monteCarlo"].firstIndex(of: m) ?? 99
    }
}
