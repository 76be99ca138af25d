import Basics
import Foundation
import MarketData

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
    /// `history.root` as written in the workspace (for file headers that must not depend on where the run starts).
    public var historyRootLabel: String?
    public var historyFolders: [String] = WorkspaceSpec.sharedDataLayout
    public var historyPanels: [String] = []
    public var historyAliases: [(suffix: String, replacement: String)] = [(".SS", ".SH")]
    /// Sub-folders of the root whose `Close` is the traded close (split-adjusted only, not dividend-adjusted); a
    /// snapshot's spot prefers them over a dividend-adjusted close of the same date.
    public var historyRawClose: [String] = []
    /// Fixed values `hedgebook snapshot` writes where the data have none (borrow, assumed quotes, FX, rates).
    public var marketAssumptions = SnapshotAssumptions()
    public var policies = Policies()
    /// Report folder (default `reports/<book name>`).
    public var reportOut: String?
    /// Implied-vol surfaces (`volSurfaces`): underlying → vol file, and/or a folder of vol files (every `*.yaml`).
    /// Options on an underlying with a surface are priced off it; the others at the snapshot's realised vol.
    public var volSurfaceFiles: [(underlying: String, path: String)] = []
    public var volSurfaceFolder: String?
    /// The risk-history database (`record.database`; nil = ``riskHistoryDatabase``, beside the workspace).
    public var recordDatabase: String?

    /// The file name of the risk-history database when the workspace names none.
    public static let defaultRecordDatabaseName = "hedgebook-history.sqlite"

    /// `record.database`, else `hedgebook-history.sqlite` in the workspace file's folder (the current folder without one).
    public var riskHistoryDatabase: String {
        if let d = recordDatabase { return d }
        let dir = file.map { ($0 as NSString).deletingLastPathComponent } ?? ""
        return dir.isEmpty ? WorkspaceSpec.defaultRecordDatabaseName : (dir as NSString).appendingPathComponent(WorkspaceSpec.defaultRecordDatabaseName)
    }
    /// The factor model (`factors:`; defaults when absent).
    public var factorModel = FactorModelSpec()

    /// The layout of `../shared/data` (see `../shared/data/SOURCES.md`): adjusted closes to 2026 first, then Hong
    /// Kong, OHLCV + dividends (SK Hynix), A-shares (to 2020), Yahoo 2000–2024, then the root itself.
    public static let sharedDataLayout = ["adjclose_to_2026", "hk_2009_2025", "ohlcv_dividends_to_2026", "ashare_to_2020",
                                          "yahoo_ohlcv_2000_2024", "."]

    public struct Policies: Sendable, Equatable {
        /// Model for American legs where many scenarios are valued (exposure delta, stress, Monte Carlo): `tree` (the
        /// CRR tree; Monte Carlo on a spot grid of tree prices), `bjerksund-stensland` (2002 approximation, faster, less
        /// accurate deep in the money) or `european` (Black–Scholes–Merton, early exercise ignored).
        public var americanScenarioModel = "tree"
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
        /// Quote ages: STALE above `maxQuoteAgeDays`, refused above `refuseQuoteAgeDays` (trading days = weekdays).
        public var freshness = FreshnessPolicy()
        /// How `hedgebook snapshot` measures volatility, beta and dividend yield.
        public var snapshotMethod = SnapshotMethod()
        public init() {}
    }

    public init() {}

    public static func == (a: WorkspaceSpec, b: WorkspaceSpec) -> Bool {
        a.file == b.file && a.book == b.book && a.market == b.market && a.scenarios == b.scenarios
            && a.historyRoot == b.historyRoot && a.historyFolders == b.historyFolders && a.historyPanels == b.historyPanels
            && a.policies == b.policies && a.reportOut == b.reportOut && a.historyRawClose == b.historyRawClose
            && a.marketAssumptions == b.marketAssumptions && a.volSurfaceFolder == b.volSurfaceFolder
            && a.volSurfaceFiles.map { [$0.underlying, $0.path] } == b.volSurfaceFiles.map { [$0.underlying, $0.path] }
            && a.recordDatabase == b.recordDatabase && a.factorModel == b.factorModel
    }

    /// The history layout this workspace names (empty when it names none or the root is absent).
    public var historyLayout: HistoryLayout {
        var locs: [HistoryLayout.Location] = []
        if let r = historyRoot { locs += HistoryLayout.dataRoot(r, subfolders: historyFolders) }
        locs += historyPanels.map { .panel($0) }
        let raw = historyRoot.map { r in historyRawClose.map { $0 == "." ? r : (r as NSString).appendingPathComponent($0) } } ?? []
        return HistoryLayout(locations: locs, aliases: historyAliases, rawCloseFolders: raw)
    }
}

/// Loads a workspace file with file:line:key diagnostics (unknown keys get a "did you mean").
public enum WorkspaceFile {
    /// The file looked for when no `--workspace` is given.
    public static let defaultName = "hedgebook.yaml"

    static let topKeys = ["version", "book", "market", "scenarios", "history", "policies", "marketAssumptions", "report",
                          "volSurfaces", "record", "factors"]
    static let historyKeys = ["root", "folders", "panels", "aliases", "rawClose"]
    static let policyKeys = ["options", "payoff", "risk", "stress", "backtest", "marketData"]

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
            w.historyRootLabel = h["root"]?.nonEmptyString()
            w.historyRoot = w.historyRootLabel.map(rel)
            if let r = h["rawClose"]?.stringList() { w.historyRawClose = r }
            if let f = h["folders"]?.stringList() { w.historyFolders = f }
            w.historyPanels = (h["panels"]?.stringList() ?? []).map(rel)
            if let a = h["aliases"]?.entries() {
                w.historyAliases = a.compactMap { k, v in v.nonEmptyString().map { (suffix: k, replacement: $0) } }
            }
        }
        if let p = m["policies"]?.mapping(allowed: policyKeys) { policies(p, into: &w.policies) }
        if let a = m["marketAssumptions"] { w.marketAssumptions = marketAssumptions(a) }
        if let f = m["factors"] { w.factorModel = factorModel(f, file: path) }
        if let r = m["report"]?.mapping(allowed: ["out"]) { w.reportOut = r["out"]?.nonEmptyString().map(rel) }
        if let v = m["volSurfaces"] {
            if case .scalar = v.node {
                w.volSurfaceFolder = v.nonEmptyString().map(rel)
            } else if let e = v.entries() {
                w.volSurfaceFiles = e.compactMap { k, f in f.nonEmptyString().map { (underlying: k, path: rel($0)) } }
            }
        }
        if let r = m["record"]?.mapping(allowed: ["database"]) { w.recordDatabase = r["database"]?.nonEmptyString().map(rel) }
        if !sink.diagnostics.isEmpty { throw InputErrors(sink.diagnostics) }
        return w
    }

    static func policies(_ p: [String: YNode], into o: inout WorkspaceSpec.Policies) {
        if let x = p["options"]?.mapping(allowed: ["americanScenarioModel", "treeSteps", "rollTenorDays"]) {
            if let v = x["americanScenarioModel"]?.string() {
                if ["tree", "bjerksund-stensland", "european"].contains(v) { o.americanScenarioModel = v } else {
                    x["americanScenarioModel"]?.error("unknown model '\(v)'; expected tree, bjerksund-stensland or european")
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
        if let x = p["marketData"]?.mapping(allowed: ["maxQuoteAgeDays", "refuseQuoteAgeDays", "index", "volatilityWindow",
                                                     "betaWindow", "weeklyStep", "dividendWindowDays"]) {
            if let v = int(x["maxQuoteAgeDays"], 0...100_000, "an age in trading days") { o.freshness.maxQuoteAgeDays = v }
            if let n = x["refuseQuoteAgeDays"], !n.isNull, let v = int(n, 0...100_000, "an age in trading days") {
                o.freshness.refuseQuoteAgeDays = v
                if v < o.freshness.maxQuoteAgeDays {
                    n.error("expected refuseQuoteAgeDays ≥ maxQuoteAgeDays (\(o.freshness.maxQuoteAgeDays)), got \(v)")
                }
            }
            if let v = x["index"]?.nonEmptyString() { o.snapshotMethod.index = v }
            if let v = int(x["volatilityWindow"], 2...10_000, "a number of daily returns") { o.snapshotMethod.volatilityWindow = v }
            if let v = int(x["betaWindow"], 2...10_000, "a number of daily returns") { o.snapshotMethod.betaWindow = v }
            if let v = int(x["weeklyStep"], 1...60, "a step in trading days") { o.snapshotMethod.weeklyStep = v }
            if let v = int(x["dividendWindowDays"], 1...3_650, "a window in calendar days") { o.snapshotMethod.dividendWindowDays = v }
        }
    }

    static let assumptionKeys = ["rates", "fx", "borrow", "dividendYields", "quotes"]

    /// `marketAssumptions`: rates and FX (a series to read, else a value), borrow fees, dividend yields and whole
    /// assumed quotes, each with its `source` sentence.
    static func marketAssumptions(_ n: YNode) -> SnapshotAssumptions {
        var a = SnapshotAssumptions()
        guard let m = n.mapping(allowed: assumptionKeys) else { return a }
        func currencyKey(_ k: String, _ v: YNode) -> Currency? {
            let c = Currency(k)
            guard c.isWellFormed else { v.error("expected a three-letter currency code as key, got '\(k)'"); return nil }
            return c
        }
        for (k, v) in m["rates"]?.entries() ?? [] {
            guard let c = currencyKey(k, v), let e = v.mapping(allowed: ["value", "series", "source"]) else { continue }
            let value = e["value"]?.double(in: -0.2...1, what: "a rate (fraction per year)")
            let series = e["series"]?.nonEmptyString()
            if value == nil && series == nil && e["value"] == nil { v.error("expected a `value` or a `series` (a 13-week T-bill discount yield in percent, such as IRX_index)") }
            a.rates.append(.init(currency: c, value: value, series: series, source: e["source"]?.string()))
        }
        for (k, v) in m["fx"]?.entries() ?? [] {
            guard let c = currencyKey(k, v), let e = v.mapping(allowed: ["value", "series", "source"]) else { continue }
            let value = e["value"]?.positiveDouble("FX rate (base currency per unit)", max: 1e6)
            a.fx.append(.init(currency: c, value: value, series: e["series"]?.nonEmptyString(), source: e["source"]?.string()))
        }
        for (k, v) in m["borrow"]?.entries() ?? [] {
            guard let e = v.mapping(allowed: ["rate", "source"], required: ["rate"]) else { continue }
            if let r = e["rate"]?.double(in: 0...2, what: "a borrow rate (fraction per year)") {
                a.borrow[k] = .init(rate: r, source: e["source"]?.string())
            }
        }
        for (k, v) in m["dividendYields"]?.entries() ?? [] {
            guard let e = v.mapping(allowed: ["value", "source"], required: ["value"]) else { continue }
            if let y = e["value"]?.double(in: -0.5...1, what: "a dividend yield (fraction per year)") {
                a.dividendYields[k] = .init(value: y, source: e["source"]?.string())
            }
        }
        for (k, v) in m["quotes"]?.entries() ?? [] {
            guard let e = v.mapping(allowed: ["spot", "currency", "volatility", "beta", "asOf", "source"],
                                    required: ["spot", "volatility", "source"]) else { continue }
            let spot = e["spot"]?.positiveDouble("spot price", max: 1e12)
            let vol = e["volatility"]?.double(in: 0...5, what: "an annualised volatility (fraction, 0.45 = 45%)")
            let ccy = e["currency"].flatMap(BookFile.currency)
            let beta = e["beta"]?.double()
            let asOf = e["asOf"]?.date()
            let source = e["source"]?.nonEmptyString()
            if let spot, let vol, let source {
                a.quotes[k] = .init(spot: spot, currency: ccy, volatility: vol, beta: beta, asOf: asOf, source: source)
            }
        }
        return a
    }

    static func int(_ n: YNode?, _ range: ClosedRange<Int>, _ what: String) -> Int? {
        guard let n, let v = n.int() else { return nil }
        guard range.contains(v) else { n.error("expected \(what) in \(range.lowerBound)…\(range.upperBound), got \(v)"); return nil }
        return v
    }
}
