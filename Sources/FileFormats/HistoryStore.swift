import Foundation
import MarketData

/// Where price histories live, as the workspace names them: an ordered list of folders of `<TICKER>.csv` files and
/// wide CSV panels, with ticker aliases. The layout of a data root such as `../shared/data` is configuration (the
/// workspace's `history.folders`), not a constant of the code.
public struct HistoryLayout: Sendable, Equatable {
    public enum Location: Sendable, Equatable {
        /// A folder of per-ticker files `<TICKER>.csv`.
        case folder(String)
        /// A wide CSV panel `Date,TICK1,TICK2,…`.
        case panel(String)
        public var path: String {
            switch self { case .folder(let p), .panel(let p): return p }
        }
    }
    /// Searched in order; the first location that has a ticker wins.
    public var locations: [Location]
    /// Alternative spellings tried after the ticker itself, by suffix (`.SS` → `.SH`, BaoStock's Shanghai suffix).
    public var aliases: [(suffix: String, replacement: String)]
    /// Folders whose `Close` is the traded close (split-adjusted only); elsewhere `Close` may be dividend-adjusted.
    public var rawCloseFolders: [String]

    public init(locations: [Location], aliases: [(suffix: String, replacement: String)] = [(".SS", ".SH")],
                rawCloseFolders: [String] = []) {
        self.locations = locations
        self.aliases = aliases
        self.rawCloseFolders = rawCloseFolders
    }

    public static func == (a: HistoryLayout, b: HistoryLayout) -> Bool {
        a.locations == b.locations && a.aliases.map(\.suffix) == b.aliases.map(\.suffix)
            && a.aliases.map(\.replacement) == b.aliases.map(\.replacement) && a.rawCloseFolders == b.rawCloseFolders
    }

    /// Where a ticker's file is looked for, for messages: "NVDA.csv in <folder>, <folder>, …" (aliases included).
    public func lookedFor(_ ticker: String) -> String {
        let files = names(ticker).map { $0 + ".csv" }.joined(separator: " or ")
        let folders = locations.compactMap { l -> String? in if case .folder(let p) = l { return p } else { return nil } }
        let panels = locations.compactMap { l -> String? in if case .panel(let p) = l { return p } else { return nil } }
        var s = "\(files) in " + (folders.isEmpty ? "no folder" : folders.joined(separator: ", "))
        if !panels.isEmpty { s += " (and a \(ticker) column in \(panels.joined(separator: ", ")))" }
        return s
    }

    /// The folders of `root` named by `subfolders` (relative; "." = the root itself) that exist, in order.
    public static func dataRoot(_ root: String, subfolders: [String]) -> [Location] {
        subfolders.map { $0 == "." ? root : (root as NSString).appendingPathComponent($0) }.filter(isDirectory).map { .folder($0) }
    }

    /// Locations from command-line paths: a wide CSV file is a panel; a folder with any of `subfolders` is a data root;
    /// another folder is a folder of per-ticker files.
    /// - Throws: ``PriceDataError/fileNotFound(path:)`` for a path that does not exist.
    public static func locations(fromPaths paths: [String], dataRootSubfolders subfolders: [String]) throws(PriceDataError) -> [Location] {
        var out: [Location] = []
        for p in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else { throw .fileNotFound(path: p) }
            if !isDir.boolValue {
                out.append(.panel(p))
            } else {
                let root = dataRoot(p, subfolders: subfolders.filter { $0 != "." })
                out += root.isEmpty ? [.folder(p)] : root + [.folder(p)]
            }
        }
        return out
    }

    static func isDirectory(_ p: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: p, isDirectory: &isDir) && isDir.boolValue
    }

    /// Names tried for a ticker: itself, then its aliases.
    func names(_ ticker: String) -> [String] {
        var out = [ticker]
        for a in aliases where ticker.hasSuffix(a.suffix) { out.append(String(ticker.dropLast(a.suffix.count)) + a.replacement) }
        return out
    }
}

/// The one reader of price histories over files (``PriceHistorySource``): every measure gets its histories from here,
/// with the same lookup rule. Files are read once per run (cached) and every file read is recorded for the inputs list.
public final class HistoryStore: PriceHistorySource, @unchecked Sendable {
    public let layout: HistoryLayout
    public let summary: String
    private let lock = NSLock()
    private var cache: [String: PriceSeries?] = [:]
    private var panels: [String: PricePanel] = [:]
    private var read: [String] = []

    public init(layout: HistoryLayout, summary: String? = nil) {
        self.layout = layout
        self.summary = summary ?? (layout.locations.isEmpty ? "no price history" : layout.locations.map(\.path).joined(separator: ", "))
    }

    /// Files read so far, in first-read order.
    public var filesRead: [String] {
        lock.lock(); defer { lock.unlock() }
        return read
    }

    public func series(_ ticker: String, field: PriceField) throws(PriceDataError) -> PriceSeries? {
        let key = ticker + "\u{1}" + field.rawValue
        lock.lock()
        if let hit = cache[key] { lock.unlock(); return hit }
        lock.unlock()
        let found = try locate(ticker, field: field)
        lock.lock()
        cache[key] = found
        if let f = found?.file, !read.contains(f) { read.append(f) }
        lock.unlock()
        return found
    }

    /// Every per-ticker file the layout holds for `ticker`, in layout order, each with whether its folder's `Close` is
    /// the traded close (`history.rawClose`).
    public func files(for ticker: String) -> [(path: String, rawClose: Bool)] {
        var out: [(path: String, rawClose: Bool)] = []
        for loc in layout.locations {
            guard case .folder(let dir) = loc else { continue }
            for n in layout.names(ticker) {
                let p = (dir as NSString).appendingPathComponent(n + ".csv")
                if FileManager.default.fileExists(atPath: p) {
                    out.append((p, layout.rawCloseFolders.contains(dir)))
                    break
                }
            }
        }
        return out
    }

    /// The `field` column of one file (read once, recorded among the files read).
    public func series(file: String, ticker: String, field: PriceField) throws(PriceDataError) -> PriceSeries {
        let key = file + "\u{1}" + field.rawValue + "\u{2}"
        lock.lock()
        if let hit = cache[key], let s = hit { lock.unlock(); return s }
        lock.unlock()
        let s = try PricePanelFile.loadSeries(file: file, ticker: ticker, column: field.rawValue)
        lock.lock()
        cache[key] = s
        if !read.contains(file) { read.append(file) }
        lock.unlock()
        return s
    }

    /// Records a file read by another reader (dividends, rates, FX), for the inputs list.
    public func recordRead(_ file: String) {
        lock.lock()
        if !read.contains(file) { read.append(file) }
        lock.unlock()
    }

    /// The path of the per-ticker file the layout finds for `ticker` (panels not considered); nil when none.
    public func file(for ticker: String) -> String? {
        for loc in layout.locations {
            guard case .folder(let dir) = loc else { continue }
            for n in layout.names(ticker) {
                let p = (dir as NSString).appendingPathComponent(n + ".csv")
                if FileManager.default.fileExists(atPath: p) { return p }
            }
        }
        return nil
    }

    private func locate(_ ticker: String, field: PriceField) throws(PriceDataError) -> PriceSeries? {
        for loc in layout.locations {
            switch loc {
            case .folder(let dir):
                for n in layout.names(ticker) {
                    let p = (dir as NSString).appendingPathComponent(n + ".csv")
                    if FileManager.default.fileExists(atPath: p) {
                        return try PricePanelFile.loadSeries(file: p, ticker: ticker, column: field.rawValue)
                    }
                }
            case .panel(let path):
                let panel = try loadPanel(path)
                for n in layout.names(ticker) {
                    if let j = panel.index(of: n) {
                        return PriceSeries(ticker: ticker, dates: panel.dates, values: panel.prices.column(j).map { Optional($0) },
                                           file: path)
                    }
                }
            }
        }
        return nil
    }

    private func loadPanel(_ path: String) throws(PriceDataError) -> PricePanel {
        lock.lock()
        if let p = panels[path] { lock.unlock(); return p }
        lock.unlock()
        let p = try PricePanelFile.loadWide(path: path)
        lock.lock()
        panels[path] = p
        lock.unlock()
        return p
    }
}
