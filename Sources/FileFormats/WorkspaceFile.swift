import Basics
import Foundation

/// A workspace (`hedgebook.yaml`, `version: 1`): the inputs of every command named once — book, market snapshot,
/// scenarios, price history — and the policies (option models, roll rule, risk settings, backtest settings).
/// Paths are relative to the workspace file's folder. Format: `Documentation/file-formats.md`, "Workspace".
public struct WorkspaceSpec: Sendable, Equatable {
    /// The workspace file (nil when built from command-line paths only).
    public var file: String?
    public var book: String?
    public var market: String?
    public var scenarios: [String] = []
    /// Price history: a data root and its layout (sub-folders in priority order), extra panels, ticker aliases.
    public var historyRoot: String?
    public var historyFolders: [String] = WorkspaceSpec.sharedDataLayout
    public var historyPanels: [String] = []
    public var historyAliases: [(suffix: String, replacement: String)] = [(".SS", ".SH")]
    public var policies = Policies()
    /// Report folder (default `reports/<book name>`).
    public var reportOut: String?

    /// The layout of `../shared/data` (see `../shared/data/SOURCES.md`): adjusted closes to 2026 first, then Hong
    /// Kong, OHLCV + dividends (SK Hynix), A-shares (to 2020), Yahoo 2000–2024, then the root itself.
    public static let sharedDataLayout = ["adjclose_to_2026", "hk_2009_2025", "ohlcv_dividends_to_2026", "ashare_to_2020",
                                          "yahoo_ohlcv_2000_2024", "."]

    public struct Policies: Sendable, Equatable {
        /// Model for American legs where many scenarios are valued (exposure delta, stress, Monte Carlo):
        /// `bjerksund-stensland` (2002 approximation) or `european` (Black–Scholes–Merton, early exercise ignored).
        public var americanScenarioModel = "bjerksund-stensland"
        /// CRR tree steps where a single American price is asked (premium-budget sizing, payoff, `price`).
        public var treeSteps = 1000
        /// Tenor of rolled hedges (and the assumed original tenor of expired ones), calendar days.
        public var rollTenorDays = 365
        public var payoffHorizonDays = 30
        /// Risk: confidence levels (as written), horizon in trading days, Monte Carlo paths and seed, estimator.
        public var confidences: [String] = ["0.95", "0.975", "0.99"]
        public var riskHorizonDays = 1
        public var paths = 100_000
        public var seed: UInt64 = 1
        public var covariance = "sample"
        public var lambda = 0.94
        public var stressTop = 10
        public var backtestFrom: String? = "2023-01-01"
        public var backtestTo: String?
        public var rebalance = "monthly"
        public var costBps = 10.0
        /// Annual borrow fee on shorts when neither the pair nor the snapshot gives one.
        public var borrowRate = 0.03
        public var benchmarks = ["SPY", "SOXX"]
        public init() {}
    }

    public init() {}

    public static func == (a: WorkspaceSpec, b: WorkspaceSpec) -> Bool {
        a.file == b.file && a.book == b.book && a.market == b.market && a.scenarios == b.scenarios
            && a.historyRoot == b.historyRoot && a.historyFolders == b.historyFolders && a.historyPanels == b.historyPanels
            && a.policies == b.policies && a.reportOut == b.reportOut
    }

    /// The history layout this workspace names (empty when it names none or the root is absent).
    public var historyLayout: HistoryLayout {
        var locs: [HistoryLayout.Location] = []
        if let r = historyRoot { locs += HistoryLayout.dataRoot(r, subfolders: historyFolders) }
        locs += historyPanels.map { .panel($0) }
        return HistoryLayout(locations: locs, aliases: historyAliases)
    }
}

/// Loads a workspace file with file:line:key diagnostics (unknown keys get a "did you mean").
public enum WorkspaceFile {
    /// The file looked for when no `--workspace` is given.
    public static let defaultName = "hedgebook.yaml"

    static let topKeys = ["version", "book", "market", "scenarios", "history", "policies", "report"]
    static let historyKeys = ["root", "folders", "panels", "aliases"]
    static let policyKeys = ["options", "payoff", "risk", "stress", "backtest"]

    public static func load(path: String) throws -> WorkspaceSpec {
        try parse(text: try readText(path: path), file: path)
    }

    /// ``load(path:)`` on the file's text; `file` names it in diagnostics and anchors its relative paths.
    static func parse(text: String, file path: String) throws -> WorkspaceSpec {
        let sink = DiagnosticSink(file: path)
        let root = try readYAML(text: text, file: path, sink: sink)
        let dir = (path as NSString).deletingLastPathComponent
        func rel(_ p: String) -> String { p.hasPrefix("/") || dir.isEmpty ? p : (dir as NSString).appendingPathComponent(p) }
        var w = WorkspaceSpec()
        w.file = path
        guard let m = root.mapping(allowed: topKeys, required: ["book", "market"]) else { throw InputErrors(sink.diagnostics) }
        w.book = m["book"]?.nonEmptyString().map(rel)
        w.market = m["market"]?.nonEmptyString().map(rel)
        w.scenarios = (m["scenarios"]?.stringList() ?? []).map(rel)
        if let h = m["history"]?.mapping(allowed: historyKeys) {
            w.historyRoot = h["root"]?.nonEmptyString().map(rel)
            if let f = h["folders"]?.stringList() { w.historyFolders = f }
            w.historyPanels = (h["panels"]?.stringList() ?? []).map(rel)
            if let a = h["aliases"]?.entries() {
                w.historyAliases = a.compactMap { k, v in v.nonEmptyString().map { (suffix: k, replacement: $0) } }
            }
        }
        if let p = m["policies"]?.mapping(allowed: policyKeys) { policies(p, into: &w.policies) }
        if let r = m["report"]?.mapping(allowed: ["out"]) { w.reportOut = r["out"]?.nonEmptyString().map(rel) }
        if !sink.diagnostics.isEmpty { throw InputErrors(sink.diagnostics) }
        return w
    }

    static func policies(_ p: [String: YNode], into o: inout WorkspaceSpec.Policies) {
        if let x = p["options"]?.mapping(allowed: ["americanScenarioModel", "treeSteps", "rollTenorDays"]) {
            if let v = x["americanScenarioModel"]?.string() {
                if ["bjerksund-stensland", "european"].contains(v) { o.americanScenarioModel = v } else {
                    x["americanScenarioModel"]?.error("unknown model '\(v)'; expected bjerksund-stensland or european")
                }
            }
            if let v = int(x["treeSteps"], 10...20_000, "tree steps") { o.treeSteps = v }
            if let v = int(x["rollTenorDays"], 1...3_650, "a tenor in calendar days") { o.rollTenorDays = v }
        }
        if let x = p["payoff"]?.mapping(allowed: ["horizonDays"]) {
            if let v = int(x["horizonDays"], 0...3_650, "a horizon in calendar days") { o.payoffHorizonDays = v }
        }
        if let x = p["risk"]?.mapping(allowed: ["confidences", "horizonDays", "paths", "seed", "covariance", "lambda"]) {
            if let c = x["confidences"]?.sequence() {
                let vals = c.compactMap { n -> String? in
                    guard let v = n.double(in: 0.5...0.9999, what: "a confidence level") else { return nil }
                    return NumberFormat.shortest(v)
                }
                if vals.count == c.count, !vals.isEmpty { o.confidences = vals }
            }
            if let v = int(x["horizonDays"], 1...252, "a horizon in trading days") { o.riskHorizonDays = v }
            if let v = int(x["paths"], 0...10_000_000, "a number of Monte Carlo paths (0 = none)") { o.paths = v }
            if let v = int(x["seed"], 0...Int.max, "a seed ≥ 0") { o.seed = UInt64(v) }
            if let v = x["covariance"]?.string() {
                if ["sample", "ewma", "ledoit-wolf"].contains(v) { o.covariance = v } else {
                    x["covariance"]?.error("unknown estimator '\(v)'; expected sample, ewma or ledoit-wolf")
                }
            }
            if let v = x["lambda"]?.double(in: 0.5...0.9999, what: "an EWMA decay λ") { o.lambda = v }
        }
        if let x = p["stress"]?.mapping(allowed: ["top"]) {
            if let v = int(x["top"], 1...10_000, "a count of worst scenarios") { o.stressTop = v }
        }
        if let x = p["backtest"]?.mapping(allowed: ["from", "to", "rebalance", "costBps", "borrowRate", "benchmarks"]) {
            if let v = x["from"]?.date() { o.backtestFrom = v.description }
            if let v = x["to"]?.date() { o.backtestTo = v.description }
            if let v = x["rebalance"]?.nonEmptyString() { o.rebalance = v }
            if let v = x["costBps"]?.double(in: 0...10_000, what: "a cost in basis points") { o.costBps = v }
            if let v = x["borrowRate"]?.double(in: 0...2, what: "a borrow rate (fraction per year)") { o.borrowRate = v }
            if let v = x["benchmarks"]?.stringList() { o.benchmarks = v }
        }
    }

    static func int(_ n: YNode?, _ range: ClosedRange<Int>, _ what: String) -> Int? {
        guard let n, let v = n.int() else { return nil }
        guard range.contains(v) else { n.error("expected \(what) in \(range.lowerBound)…\(range.upperBound), got \(v)"); return nil }
        return v
    }
}
