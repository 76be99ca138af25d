import Basics
import FileFormats
import Foundation
import Instruments
import MarketData

/// `hedgebook snapshot`: the market snapshot of a workspace's book built from its price history as of a date. This
/// type gathers the series (through the workspace's ``HistoryStore``, the one lookup rule) and the workspace's
/// assumptions; ``SnapshotBuilder`` computes; ``MarketSnapshotWriter`` renders and writes.
public enum MarketSnapshotJob {
    public struct Result: Sendable {
        public var built: BuiltSnapshot
        /// The YAML text.
        public var text: String
        /// Every file read (book, workspace, price, dividend, rate and FX files).
        public var filesRead: [String]
        public var warnings: [String]
    }

    /// The instruments a book's snapshot quotes, in output order: positions' market keys (book order), hedge legs'
    /// underlyings, the backtest benchmarks, the market index; each with its trading currency (the workspace's assumed
    /// quote, else a position of the book, else the ticker's suffix).
    public static func instruments(book: Book, spec: WorkspaceSpec) -> [(id: String, currency: Currency)] {
        var ids: [String] = []
        func add(_ id: String) { if !ids.contains(id) { ids.append(id) } }
        for p in book.positions { add(p.marketKey) }
        for h in book.hedges { for l in h.legs { add(l.underlying) } }
        for b in spec.policies.benchmarks { add(b) }
        add(spec.policies.snapshotMethod.index)
        return ids.map { id in
            let c = spec.marketAssumptions.quotes[id]?.currency
                ?? book.positions.first { $0.marketKey == id }?.currency
                ?? PriceAlignment.inferCurrency(id)
            return (id, c)
        }
    }

    /// Builds the snapshot as of `asOf` (default: the book's valuation date).
    /// - Throws: ``SessionError`` without a book or history; ``SnapshotBuildError`` listing every name that cannot be
    ///   quoted (the file looked for, or the as-of date before a series starts); file errors with file and line.
    /// - Parameter store: a history store to read through (`replay` shares one over every day, so each file is read
    ///   once); nil = a new store over the workspace's layout.
    public static func run(workspace path: String?, overrides: InputOverrides, asOf: LocalDate?, store shared: HistoryStore? = nil) throws -> Result {
        let (spec, layout, summary) = try Session.resolve(workspace: path, overrides: overrides)
        guard let bookPath = spec.book else {
            throw SessionError("no book: give BOOK, or a workspace (--workspace FILE, or \(WorkspaceFile.defaultName) in the current folder) naming one")
        }
        guard !layout.locations.isEmpty else {
            throw SessionError("no price history: a snapshot is built from a data root (--data ROOT, or a workspace whose history.root exists\(spec.historyRoot.map { "; \($0) was not found" } ?? ""))")
        }
        let book = try BookFile.load(path: bookPath)
        let store = shared ?? HistoryStore(layout: layout, summary: summary)
        let date = asOf ?? book.valuationDate
        let method = spec.policies.snapshotMethod
        let instruments = instruments(book: book, spec: spec)
        var input = SnapshotInputs(asOf: date, baseCurrency: book.baseCurrency, instruments: instruments)
        input.method = method
        input.assumptions = spec.marketAssumptions
        let root = spec.historyRoot
        input.display = { p in
            guard let r = root else { return p }
            let prefix = r.hasSuffix("/") ? r : r + "/"
            return p.hasPrefix(prefix) ? String(p.dropFirst(prefix.count)) : p
        }
        input.lookedFor = { layout.lookedFor($0) }

        for (id, _) in instruments where spec.marketAssumptions.quotes[id] == nil {
            guard let h = try history(id, store: store) else { continue }
            input.histories[id] = h
        }
        let indexID = method.index
        input.index = try input.histories[indexID]?.returns ?? store.series(indexID, field: .adjustedClose)
        for r in spec.marketAssumptions.rates {
            guard let name = r.series, let f = store.file(for: name) else { continue }
            input.rateSeries[r.currency] = try SnapshotSeriesFile.loadValues(path: f, positive: false)
            store.recordRead(f)
        }
        var fxWanted = spec.marketAssumptions.fx.map { ($0.currency, $0.series) }
        for (_, c) in instruments where !fxWanted.contains(where: { $0.0 == c }) { fxWanted.append((c, nil)) }
        for (c, series) in fxWanted where c != book.baseCurrency {
            let name = series ?? "\(c.code)\(book.baseCurrency.code)"
            guard let f = store.file(for: name) else { continue }
            input.fxSeries[c] = try SnapshotSeriesFile.loadValues(path: f, positive: true)
            store.recordRead(f)
        }
        let built = try SnapshotBuilder.build(input)
        let bookName = (bookPath as NSString).lastPathComponent
        var command = "hedgebook snapshot --as-of \(date)"
        if let o = overrides.book { command += " \(o)" }
        let header = MarketSnapshotWriter.Header(book: bookName, dataRoot: spec.historyRootLabel ?? root ?? summary ?? "the data",
                                                 command: command)
        let text = MarketSnapshotWriter.render(built, header: header)
        var files = [spec.file, bookPath].compactMap { $0 }
        files += store.filesRead
        return Result(built: built, text: text, filesRead: files, warnings: built.warnings)
    }

    /// An instrument's files: every `Close` the layout holds for it, the returns series (the first file's `Adj Close`
    /// or `Close`) and its dividends (`<TICKER>_dividends.csv`, covered up to the last close of the price file beside
    /// it). Nil when the layout holds no file for it.
    static func history(_ id: String, store: HistoryStore) throws -> InstrumentHistory? {
        let files = store.files(for: id)
        guard let returns = try store.series(id, field: .adjustedClose) else { return nil }
        var closes: [(series: PriceSeries, rawClose: Bool)] = []
        for f in files { closes.append((try store.series(file: f.path, ticker: id, field: .close), f.rawClose)) }
        if closes.isEmpty { closes = [(returns, false)] }  // a wide panel: its cells are the closes
        var dividends: DividendHistory?
        if let d = store.file(for: id + "_dividends") {
            let folder = (d as NSString).deletingLastPathComponent
            let priceFile = files.first { ($0.path as NSString).deletingLastPathComponent == folder }?.path
            let coverage = try priceFile.map { try store.series(file: $0, ticker: id, field: .close) }?.dates.last
            dividends = try SnapshotSeriesFile.loadDividends(path: d, coverageEnd: coverage)
            store.recordRead(d)
        }
        return InstrumentHistory(closes: closes, returns: returns, dividends: dividends)
    }
}
