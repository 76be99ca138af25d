import Basics
import Foundation
import Instruments
import MarketData
import Scenarios

/// What kind of Hedgebook file a YAML file is, judged from its top-level keys.
public enum HedgebookFileKind: String, Sendable {
    case book, market, scenario
    case volSurface = "vol surface"

    /// Sniffs the kind from top-level keys: `positions` → book, `instruments` → market, `expiries` → vol surface,
    /// `scenarios`/`id` → scenario;
    /// nil when none of these is present.
    public static func sniff(path: String) -> HedgebookFileKind? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return sniff(text: text)
    }

    /// ``sniff(path:)`` on a file's text.
    static func sniff(text: String) -> HedgebookFileKind? {
        var found: HedgebookFileKind?
        for raw in text.split(whereSeparator: \.isNewline) {   // "\r\n" is one Character: split on it too
            let line = raw.trimmingCharacters(in: .whitespaces)
            if raw.first == " " || raw.first == "\t" || line.hasPrefix("#") { continue }
            if line.hasPrefix("positions:") { return .book }
            if line.hasPrefix("instruments:") { return .market }
            if line.hasPrefix("expiries:") { return .volSurface }
            if line.hasPrefix("scenarios:") || line.hasPrefix("id:") { found = .scenario }
        }
        return found
    }

    /// The kind used by `hedgebook check` (files that match nothing are read as scenarios).
    public static func detect(path: String) -> HedgebookFileKind { sniff(path: path) ?? .scenario }
}

/// Validates files and cross-checks them (`hedgebook check`). Returns every problem found, never stops at the first.
public enum CrossCheck {
    public struct Result: Sendable {
        public var books: [Book] = []
        public var markets: [MarketSnapshot] = []
        public var scenarios: [Scenario] = []
        public var volSurfaces: [VolSurface] = []
        public var errors: [Diagnostic] = []
        public var warnings: [Diagnostic] = []
        public var filesChecked: [String] = []
    }

    /// - Parameters:
    ///   - freshness: quote ages (the workspace's `policies.marketData`): a STALE warning per quote older than
    ///     `maxQuoteAgeDays` at the book's valuation date, an error beyond `refuseQuoteAgeDays` unless `allowStale`.
    public static func run(paths: [String], freshness: FreshnessPolicy = FreshnessPolicy(), allowStale: Bool = false) -> Result {
        var r = Result()
        var files: [String] = []
        for p in paths {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: p, isDirectory: &isDir), isDir.boolValue {
                if let f = try? ScenarioFile.yamlFiles(under: [p]) { files += f }
            } else {
                files.append(p)
            }
        }
        for f in files {
            r.filesChecked.append(f)
            do {
                switch HedgebookFileKind.detect(path: f) {
                case .book: r.books.append(try BookFile.load(path: f))
                case .market: r.markets.append(try MarketFile.load(path: f))
                case .scenario: r.scenarios += try ScenarioFile.load(path: f)
                case .volSurface: r.volSurfaces.append(try VolSurfaceFile.load(path: f))
                }
            } catch let e as InputErrors {
                r.errors += e.diagnostics
            } catch {
                r.errors.append(Diagnostic(file: f, line: nil, keyPath: "", message: "\(error)"))
            }
        }
        r.errors += ScenarioFile.checkCaseSets(r.scenarios)
        var seen: [String: String] = [:]
        for s in r.scenarios {
            if let f = seen[s.id] {
                r.errors.append(Diagnostic(file: s.file ?? "?", line: nil, keyPath: "id", message: "duplicate scenario id '\(s.id)' (also in \(f))"))
            } else { seen[s.id] = s.file ?? "?" }
        }
        for book in r.books {
            for market in r.markets {
                crossCheck(book: book, market: market, into: &r)
                freshnessCheck(book: book, market: market, policy: freshness, allowStale: allowStale, into: &r)
            }
            let marketIDs = Set(r.markets.flatMap { $0.quotes.keys })
            for s in r.scenarios { r.errors += scenarioProblems(s, book: book, marketIDs: marketIDs) }
            for p in book.positions {
                if let t = p.option, t.expiry < book.valuationDate {
                    r.errors.append(Diagnostic(file: book.file ?? "book", line: p.location?.line, keyPath: "positions.\(p.id).option.expiry",
                                               message: "option expired on \(t.expiry), before the valuation date \(book.valuationDate)"))
                }
            }
            for h in book.hedges {
                for leg in h.legs {
                    if case .option(let t) = leg.instrument, t.expiry < book.valuationDate {
                        r.warnings.append(Diagnostic(file: book.file ?? "book", line: h.location?.line, keyPath: "hedges.\(h.id).legs.\(leg.id).expiry",
                                                     message: "hedge leg expired on \(t.expiry), before the valuation date \(book.valuationDate) (stale hedge; `hedgebook payoff` checks it rolled)"))
                    }
                }
            }
        }
        return r
    }

    static func crossCheck(book: Book, market: MarketSnapshot, into r: inout Result) {
        let file = book.file ?? "book"
        var keys: [(String, Int?, String)] = book.positions.map { ($0.marketKey, $0.location?.line, "positions.\($0.id)") }
        for h in book.hedges { for l in h.legs { keys.append((l.underlying, h.location?.line, "hedges.\(h.id).legs.\(l.id)")) } }
        let ids = market.sortedIDs
        for (key, line, path) in keys where market.quote(key) == nil {
            let hint = suggestion(for: key, among: ids).map { " (did you mean '\($0)'?)" } ?? ""
            r.errors.append(Diagnostic(file: file, line: line, keyPath: path,
                                       message: "'\(key)' has no quote in the market snapshot \(market.file ?? "")\(hint)"))
        }
        var currencies = Set(book.positions.map(\.currency))
        for q in market.quotes.values { currencies.insert(q.currency) }
        for c in currencies.sorted() where market.fxRate(c) == nil {
            r.errors.append(Diagnostic(file: market.file ?? "market", line: nil, keyPath: "fx.\(c)",
                                       message: "no FX rate for \(c); expected its value in \(market.baseCurrency)"))
        }
        if market.baseCurrency != book.baseCurrency {
            r.errors.append(Diagnostic(file: market.file ?? "market", line: nil, keyPath: "baseCurrency",
                                       message: "snapshot base currency \(market.baseCurrency) differs from the book's \(book.baseCurrency)"))
        }
        if market.asOf != book.valuationDate {
            r.warnings.append(Diagnostic(file: market.file ?? "market", line: nil, keyPath: "asOf",
                                         message: "snapshot date \(market.asOf) differs from the book's valuation date \(book.valuationDate)"))
        }
    }

    /// Quote ages of the book's instruments at its valuation date.
    static func freshnessCheck(book: Book, market: MarketSnapshot, policy: FreshnessPolicy, allowStale: Bool, into r: inout Result) {
        let used = Set(book.positions.map(\.marketKey) + book.hedges.flatMap { $0.legs.map(\.underlying) })
        let ages = QuoteFreshness.ages(market, valuationDate: book.valuationDate, policy: policy).filter { used.contains($0.id) }
        let file = market.file ?? "market"
        for a in ages where a.beyondRefusal && !allowStale {
            r.errors.append(Diagnostic(file: file, line: nil, keyPath: "instruments.\(a.id).asOf",
                                       message: QuoteFreshness.refusal([a], valuationDate: book.valuationDate, policy: policy)))
        }
        for a in ages where a.stale && !(a.beyondRefusal && !allowStale) {
            r.warnings.append(Diagnostic(file: file, line: nil, keyPath: "instruments.\(a.id).asOf",
                                         message: QuoteFreshness.staleWarning(a, valuationDate: book.valuationDate, policy: policy)))
        }
    }

    /// Scenario targets that match nothing in the book (with suggestions), and FX shocks for currencies the book does not hold.
    /// An instrument the book does not hold is accepted when the market snapshot quotes it (a factor such as SPY that
    /// moves held names through propagation).
    public static func scenarioProblems(_ s: Scenario, book: Book, marketIDs: Set<String> = []) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let file = s.file ?? "scenario"
        let instruments = Set(book.positions.map(\.marketKey) + book.hedges.flatMap { $0.legs.map(\.underlying) }).union(marketIDs)
        let groups: [String: Set<String>] = [
            "layer": Set(book.positions.map(\.layer)), "country": Set(book.positions.map(\.country)),
            "currency": Set(book.positions.map(\.currency.code)), "exchange": Set(book.positions.map(\.exchange)),
            "tag": Set(book.positions.flatMap(\.tags)),
        ]
        for shock in s.spotShocks + s.volShocks {
            switch shock.target {
            case .instrument(let i) where !instruments.contains(i):
                let hint = suggestion(for: i, among: instruments.sorted()).map { " (did you mean '\($0)'?)" } ?? ""
                out.append(Diagnostic(file: file, line: shock.line, keyPath: "\(s.id).instrument",
                                      message: "unknown instrument '\(i)' for book '\(book.name)'\(hint); known: \(instruments.sorted().joined(separator: ", "))"))
            case .group(let a, let v) where !(groups[a]?.contains(v) ?? false):
                let known = groups[a]?.sorted() ?? []
                let hint = suggestion(for: v, among: known).map { " (did you mean '\($0)'?)" } ?? ""
                out.append(Diagnostic(file: file, line: shock.line, keyPath: "\(s.id).\(a)",
                                      message: "no position has \(a) '\(v)'\(hint); known: \(known.joined(separator: ", "))"))
            default: break
            }
        }
        let held = Set(book.positions.map(\.currency))
        for c in s.fxShocks.keys.sorted() where !held.contains(c) && c != book.baseCurrency {
            out.append(Diagnostic(file: file, line: nil, keyPath: "\(s.id).fx.\(c)",
                                  message: "FX shock for \(c), a currency the book does not hold (held: \(held.sorted().map(\.code).joined(separator: ", ")))"))
        }
        return out
    }
}
