import Basics
import FileFormats
import Foundation
import Instruments
import MarketData
import Portfolio
import Pricing
import Scenarios

/// What a command may change for one run, over the workspace (flags win; the output says which inputs were used).
public struct InputOverrides: Sendable {
    public var book: String?
    public var market: String?
    public var scenarios: [String]?
    /// Price history paths (data roots, folders of `<TICKER>.csv`, wide CSV panels), replacing the workspace's; an
    /// empty list = no history for this run.
    public var history: [String]?
    /// Run even when quotes are older than `policies.marketData.refuseQuoteAgeDays` (they are still warned about).
    public var allowStale: Bool
    public init(book: String? = nil, market: String? = nil, scenarios: [String]? = nil, history: [String]? = nil,
                allowStale: Bool = false) {
        self.book = book; self.market = market; self.scenarios = scenarios; self.history = history
        self.allowStale = allowStale
    }
}

/// A workspace opened for one run: the inputs read once (book, snapshot, scenarios, price histories) and the
/// policies, shared by every analysis, so that every command and the report answer from the same inputs.
public final class Session: @unchecked Sendable {
    public let spec: WorkspaceSpec
    public let book: Book
    public let market: MarketSnapshot
    /// The book bound to the snapshot, once: quantities, strikes and option terms used by every measure.
    public let resolved: ResolvedBook
    /// The price histories (nil when the workspace names none or its root is absent; see `notes`).
    public let history: HistoryStore?
    /// What the session assumed or skipped (history absent, stale quotes, …), one sentence each.
    public private(set) var notes: [String] = []
    /// The age of every quote the book uses (its positions' market keys and hedge underlyings) at the valuation date.
    public let quoteAges: [QuoteAge]
    private var loadedScenarios: [Scenario]?

    /// Finds the workspace: `--workspace PATH`, else `./hedgebook.yaml` when it exists, else none (flags only).
    public static func locateWorkspace(_ path: String?) throws -> WorkspaceSpec {
        if let path { return try WorkspaceFile.load(path: path) }
        if FileManager.default.fileExists(atPath: WorkspaceFile.defaultName) {
            return try WorkspaceFile.load(path: WorkspaceFile.defaultName)
        }
        return WorkspaceSpec()
    }

    /// Opens the workspace with the run's overrides applied.
    /// - Throws: a clear error when no book or market snapshot is named, and every input error of the files.
    public convenience init(workspace path: String?, overrides o: InputOverrides = InputOverrides()) throws {
        let (spec, layout, historySummary) = try Session.resolve(workspace: path, overrides: o)
        try self.init(spec: spec, layout: layout, historySummary: historySummary, allowStale: o.allowStale)
    }

    /// The workspace with the run's overrides applied, and the history layout it names (empty: no history).
    public static func resolve(workspace path: String?, overrides o: InputOverrides) throws
        -> (spec: WorkspaceSpec, layout: HistoryLayout, historySummary: String?)
    {
        var spec = try Session.locateWorkspace(path)
        if let b = o.book { spec.book = b }
        if let m = o.market { spec.market = m }
        if let s = o.scenarios { spec.scenarios = s }
        var layout = spec.historyLayout
        var historySummary: String?
        if let h = o.history, h.isEmpty {
            layout = HistoryLayout(locations: [])
            spec.historyRoot = nil
        } else if let h = o.history {
            let raw = h.flatMap { p in spec.historyRawClose.map { $0 == "." ? p : (p as NSString).appendingPathComponent($0) } }
            layout = HistoryLayout(locations: try HistoryLayout.locations(fromPaths: h, dataRootSubfolders: spec.historyFolders),
                                   aliases: spec.historyAliases, rawCloseFolders: raw)
            historySummary = h.joined(separator: ", ")
            if h.count == 1 { spec.historyRootLabel = h[0] }
        } else if let r = spec.historyRoot {
            historySummary = r
        }
        return (spec, layout, historySummary)
    }

    /// - Parameter allowStale: run even when quotes are older than `policies.marketData.refuseQuoteAgeDays`.
    /// - Throws: ``SessionError`` naming every quote beyond that age (unless `allowStale`), and every input error.
    public convenience init(spec: WorkspaceSpec, layout: HistoryLayout, historySummary: String? = nil, allowStale: Bool = false) throws {
        guard let bookPath = spec.book else {
            throw SessionError("no book: give BOOK, or a workspace (--workspace FILE, or \(WorkspaceFile.defaultName) in the current folder) naming one")
        }
        guard let marketPath = spec.market else {
            throw SessionError("no market snapshot: give --market SNAPSHOT, or a workspace naming one")
        }
        var market = try MarketFile.load(path: marketPath)
        if !spec.volSurfaceFiles.isEmpty || spec.volSurfaceFolder != nil {
            market.volSurfaces = try VolSurfaceFile.loadAll(files: spec.volSurfaceFiles, folder: spec.volSurfaceFolder,
                                                            market: market, workspace: spec.file ?? "workspace")
        }
        try self.init(spec: spec, book: try BookFile.load(path: bookPath), market: market,
                      history: layout.locations.isEmpty ? nil : HistoryStore(layout: layout, summary: historySummary),
                      allowStale: allowStale)
    }

    /// A session over a book and a snapshot already in memory (`replay`: a snapshot built for each day, a history store
    /// shared by every day so each file is read once).
    public init(spec: WorkspaceSpec, book: Book, market: MarketSnapshot, history: HistoryStore?, allowStale: Bool = false) throws {
        self.spec = spec
        self.book = book
        self.market = market
        resolved = try ResolvedBook(book: book, market: market, policy: Session.valuationPolicy(spec.policies))
        // Quote ages at the valuation date: STALE notes, and a refusal beyond the workspace's limit.
        let policy = spec.policies.freshness
        let used = Set(book.positions.map(\.marketKey) + book.hedges.flatMap { $0.legs.map(\.underlying) })
        quoteAges = QuoteFreshness.ages(market, valuationDate: book.valuationDate, policy: policy).filter { used.contains($0.id) }
        let refused = quoteAges.filter(\.beyondRefusal)
        if !refused.isEmpty && !allowStale {
            throw SessionError(QuoteFreshness.refusal(refused, valuationDate: book.valuationDate, policy: policy))
        }
        for a in quoteAges where a.stale { notes.append(QuoteFreshness.staleWarning(a, valuationDate: book.valuationDate, policy: policy)) }
        if !refused.isEmpty {
            notes.append("--allow-stale: \(refused.count) quote\(refused.count == 1 ? "" : "s") older than policies.marketData.refuseQuoteAgeDays \(policy.refuseQuoteAgeDays ?? 0) used anyway (\(refused.map(\.id).joined(separator: ", ")))")
        }
        self.history = history
        if history == nil, let r = spec.historyRoot {
            notes.append("price history root \(r) not found: sections that need history (risk, pairs, backtest, stress covariance, hedge roll moneyness) are skipped or use their stated fallbacks")
        }
    }

    /// The valuation policy the workspace names.
    public static func valuationPolicy(_ p: WorkspaceSpec.Policies) -> OptionValuationPolicy {
        OptionValuationPolicy(americanInScenarios: OptionValuationPolicy.ScenarioModel(rawValue: p.americanScenarioModel) ?? .tree,
                              treeSteps: p.treeSteps)
    }

    /// The scenarios the workspace (or `--scenarios`) names, read once.
    public func scenarios() throws -> [Scenario] {
        if let s = loadedScenarios { return s }
        guard !spec.scenarios.isEmpty else { throw SessionError("no scenarios: give --scenarios PATH…, or a workspace naming them") }
        let s = try ScenarioFile.loadAll(paths: spec.scenarios)
        loadedScenarios = s
        return s
    }

    /// Uses these scenarios instead of reading the workspace's files (`replay`: the files read once, shocks on names
    /// not yet listed on a day removed).
    public func useScenarios(_ s: [Scenario]) { loadedScenarios = s }

    /// The history, or a clear error naming what is missing.
    public func requireHistory() throws -> HistoryStore {
        guard let h = history else {
            throw SessionError("no price history: give --prices PATH (a data root such as ../shared/data, a folder of <TICKER>.csv files or a wide CSV panel), or a workspace whose history.root exists")
        }
        return h
    }

    /// Every input file used so far: workspace, book, snapshot, scenario files and the history files read.
    public var inputFiles: [String] {
        var out: [String] = []
        if let f = spec.file { out.append(f) }
        out += [spec.book, spec.market].compactMap { $0 }
        out += market.volSurfaces.keys.sorted().map { market.volSurfaces[$0]!.source }
        if loadedScenarios != nil { out += ScenarioFile.files(paths: spec.scenarios) }
        out += history?.filesRead ?? []
        return out
    }

    /// One line per input for outputs: which workspace, book, snapshot, scenarios and history were used.
    public var inputSummary: [String] {
        var out = ["workspace: \(spec.file ?? "none (command-line inputs)")", "book: \(spec.book ?? "-")", "market: \(spec.market ?? "-")"]
        if !spec.scenarios.isEmpty { out.append("scenarios: \(spec.scenarios.joined(separator: ", "))") }
        if !market.volSurfaces.isEmpty {
            out.append("vol surfaces: " + market.volSurfaces.keys.sorted().map { "\($0) \(market.volSurfaces[$0]!.source)" }.joined(separator: ", ")
                       + " (other options: realised vol)")
        }
        out.append("history: \(history?.summary ?? "none")")
        return out
    }
}

/// A problem with the run's inputs as a whole (no book named, no history, …).
public struct SessionError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ d: String) { description = d }
}
