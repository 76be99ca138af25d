import ArgumentParser
import Basics
import FileFormats
import Instruments
import Foundation
import LinearAlgebra
import MarketData
import Portfolio
import Reports
import Scenarios
import Stress

/// Which attribution `hedgebook stress --by` prints in the table / CSV.
enum StressBy: String, ExpressibleByArgument, CaseIterable {
    case position, pair, hedge, layer, country
    var grouping: StressGrouping { StressGrouping(rawValue: rawValue)! }
}

struct StressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stress",
        abstract: "Scenario stress: P&L per scenario, attribution, probability-weighted case sets, worst scenarios.",
        discussion: """
        P&L in the book's base currency (gain > 0) and % of NAV, against the valuation-date value (the base case is \
        the zero shock). Stocks through the scenario matrix (BLAS); options fully revalued (Black–Scholes–Merton, \
        spot, vol and time to the scenario horizon in calendar days, ACT/365F). Conditional-mean propagation uses the \
        covariance of weekly log returns over the 3 years of --prices history; without --prices it falls back to the \
        single-index (beta) covariance from the snapshot, with a warning. JSON layout: README, `## hedgebook stress`.
        """)

    @Argument(help: "Book YAML file.") var book: String
    @Option(name: .long, help: "Market snapshot YAML file.") var market: String
    @Option(name: .long, parsing: .upToNextOption, help: "Scenario files or folders (searched for *.yaml).")
    var scenarios: [String]
    @Option(name: .long, parsing: .upToNextOption,
            help: "Price history for the conditional-mean covariance: folders of <TICKER>.csv and/or wide CSV files.")
    var prices: [String] = []
    @Option(name: .long, help: "Attribution shown: \(StressBy.allCases.map(\.rawValue).joined(separator: "|")) (default layer).")
    var by: StressBy?
    @Option(name: .long, help: "How many worst scenarios to rank.") var top: Int = 10
    @Option(name: .long, help: "table | json | csv") var format: OutputFormat = .table
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runReportingErrors(quiet: global.quiet) {
            let b = try BookFile.load(path: book)
            let m = try MarketFile.load(path: market)
            let (report, warnings) = try StressCommand.compute(book: b, market: m, scenarioPaths: scenarios, prices: prices)
            if !global.quiet { for w in warnings { Console.warning(w) } }
            let text: String
            switch format {
            case .json: text = StressOutput.json(report, top: top).serialized()
            case .csv: text = StressOutput.csv(report, by: (by ?? .position).grouping)
            case .table: text = StressOutput.table(report, by: (by ?? .layer).grouping, top: top)
            }
            try emit(text, options: global)
        }
    }

    /// Loads and checks the scenarios, builds the engine and the propagation covariance, and runs the stress.
    /// Returns the report and the warnings to show (FX shocks for unheld currencies, missing histories, fallbacks).
    static func compute(book b: Book, market m: MarketSnapshot, scenarioPaths: [String], prices: [String]) throws
        -> (report: StressReport, warnings: [String])
    {
        let list = try ScenarioFile.loadAll(paths: scenarioPaths)
        // Unknown instruments / groups are errors (with suggestions); FX shocks for unheld currencies are warnings.
        var errors: [Diagnostic] = [], warnings: [String] = []
        for s in list {
            for d in CrossCheck.scenarioProblems(s, book: b, marketIDs: Set(m.quotes.keys)) {
                if d.keyPath.contains(".fx.") { warnings.append(d.description) } else { errors.append(d) }
            }
        }
        if !errors.isEmpty { throw InputErrors(errors) }
        let rb = try ResolvedBook(book: b, market: m)
        let engine = try StressEngine(book: rb)
        var covariance: StressCovariance?
        if !prices.isEmpty {
            let ids = StressCommand.universe(engine: engine, scenarios: list)
            let (cov, w) = try StressCommand.historicalCovariance(paths: prices, ids: ids, asOf: m.asOf)
            covariance = cov
            warnings += w
        } else if list.contains(where: { $0.propagation == .conditionalMean }) {
            warnings.append("no --prices given: conditional-mean propagation falls back to the single-index (beta) covariance of the snapshot")
        }
        let report = try StressRunner.run(engine: engine, scenarios: list, covariance: covariance)
        return (report, warnings + report.warnings)
    }

    /// Held instruments plus every instrument a scenario names (factors such as SPY).
    static func universe(engine: StressEngine, scenarios: [Scenario]) -> [String] {
        var ids = engine.instruments
        for s in scenarios {
            for sh in s.spotShocks { if case .instrument(let i) = sh.target, !ids.contains(i) { ids.append(i) } }
            if case .beta(let bm) = s.propagation, !ids.contains(bm) { ids.append(bm) }
        }
        return ids
    }

    /// Covariance of weekly (5-trading-day, non-overlapping, counted back from the last common date) log returns over
    /// the 3 years (1,095 calendar days) before the last common date. Series are looked up per id in the given folders
    /// (`<ID>.csv`) and wide CSV files (first match wins). Excluded with a warning: ids without data, series ending more
    /// than 365 days before the snapshot, and series starting after the window start (too short).
    static func historicalCovariance(paths: [String], ids: [String], asOf: LocalDate) throws -> (StressCovariance, [String]) {
        var found: [String: PriceSeries] = [:]
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                throw PriceDataError.fileNotFound(path: path)
            }
            if isDir.boolValue {
                for id in ids where found[id] == nil {
                    if let f = PriceFileLocator.locate(id, in: [path]) { found[id] = try PricePanelLoader.loadSeries(file: f, ticker: id) }
                }
            } else {
                let panel = try PricePanelLoader.loadWide(path: path, policy: .forwardFill(maxGap: 5))
                for id in ids where found[id] == nil {
                    if let j = panel.index(of: id) {
                        found[id] = PriceSeries(ticker: id, dates: panel.dates, values: panel.prices.column(j).map { Optional($0) }, file: path)
                    }
                }
            }
        }
        var warnings: [String] = []
        let missing = ids.filter { found[$0] == nil }
        if !missing.isEmpty { warnings.append("no price history for \(missing.joined(separator: ", ")): not in the covariance") }
        let stale = ids.filter { found[$0].map { ($0.dates.last ?? asOf) < asOf.adding(days: -365) } ?? false }
        if !stale.isEmpty { warnings.append("price history of \(stale.joined(separator: ", ")) ends more than a year before \(asOf): not in the covariance") }
        var kept = ids.filter { found[$0] != nil && !stale.contains($0) }
        guard let end = kept.compactMap({ found[$0]?.dates.last }).min() else {
            throw StressError.covariance("no usable price history in \(paths.joined(separator: ", "))")
        }
        let start = end.adding(days: -1095)
        let short = kept.filter { (found[$0]!.dates.first ?? end) > start.adding(days: 30) }
        if !short.isEmpty { warnings.append("price history of \(short.joined(separator: ", ")) starts after \(start): too short, not in the covariance") }
        kept = kept.filter { !short.contains($0) }
        let (panel, _) = try PricePanelLoader.align(kept.map { found[$0]! }, policy: .forwardFill(maxGap: 5))
        let rows = panel.dates.indices.filter { panel.dates[$0] >= start && panel.dates[$0] <= end }
        guard let last = rows.last, let first = rows.first else { throw StressError.covariance("no common dates in the window \(start)…\(end)") }
        var sample: [Int] = []
        var i = last
        while i >= first { sample.append(i); i -= 5 }
        sample.reverse()
        let t = sample.count - 1
        var r = Matrix(rows: max(t, 0), cols: kept.count)
        for j in 0..<kept.count {
            for k in 0..<t { r[k, j] = Foundation.log(panel.prices[sample[k + 1], j] / panel.prices[sample[k], j]) }
        }
        let cov = try StressCovariance.sample(
            returns: r, ids: kept,
            source: "weekly log returns \(panel.dates[sample[0]])…\(panel.dates[last]) (\(t) weeks, \(kept.count) names) from \(paths.joined(separator: ", "))")
        return (cov, warnings)
    }
}

/// Renderers for ``StressReport``. Key order is fixed (documented in README `## hedgebook stress`).
enum StressOutput {
    static func json(_ r: StressReport, top: Int) -> JSONValue {
        let e = r.engine
        return .object([
            ("book", .string(e.book.book.name)),
            ("valuationDate", .string(e.book.book.valuationDate.description)),
            ("baseCurrency", .string(e.baseCurrency.code)),
            ("nav", .number(e.nav)),
            ("conventions", .object([
                ("pnl", "base currency, gain > 0, against the valuation-date value; pct fields are % of NAV"),
                ("spotReturn", "relative spot return in the trading currency (0.1 = +10%)"),
                ("volatility", "annualised, fraction (0.45 = 45%)"),
                ("fx", "relative change of the currency's value in base currency"),
                ("horizon", "calendar days; options aged by days/365 (ACT/365F)"),
                ("options", "full Black-Scholes-Merton revaluation (American priced as European)"),
                ("linear", "V0 x ((1 + r)(1 + fx) - 1); no carry over the horizon"),
            ])),
            ("propagation", .string(r.propagationSource)),
            ("positions", .array(e.positions.map { p in
                .object([("id", .string(p.id)), ("instrument", .string(p.marketKey)), ("kind", .string(p.kind.rawValue)),
                         ("layer", .string(p.layer)), ("country", .string(p.country)), ("currency", .string(p.currency.code)),
                         ("pairs", .strings(p.pairs)), ("hedge", .string(p.hedge)), ("baseValue", .number(p.baseValue)),
                         ("baseValuePct", .number(r.pct(p.baseValue)))])
            })),
            ("scenarios", .array(r.outcomes.enumerated().map { (i, o) in scenarioJSON(r, i, o) })),
            ("caseSets", .array(r.caseSets.map { c in
                .object([
                    ("caseSet", .string(c.caseSet)), ("probabilitySum", .number(c.probabilitySum)),
                    ("expectedPnl", .number(c.expected)), ("expectedPct", .number(r.pct(c.expected))),
                    ("standardDeviation", .number(c.standardDeviation)), ("standardDeviationPct", .number(r.pct(c.standardDeviation))),
                    ("worstPnl", .number(c.worst)), ("bestPnl", .number(c.best)), ("probabilityOfLoss", .number(c.probabilityOfLoss)),
                    ("distribution", .array(c.distribution.map { d in
                        .object([("id", .string(d.id)), ("pnl", .number(d.pnl)), ("pct", .number(r.pct(d.pnl))),
                                 ("probability", .number(d.probability)), ("cumulative", .number(d.cumulative))])
                    })),
                ])
            })),
            ("worst", .array(r.worstRanked.prefix(top).enumerated().map { (k, i) in
                let o = r.outcomes[i]
                return .object([("rank", .number(Double(k + 1))), ("id", .string(o.scenario.id)), ("pnl", .number(o.total)),
                                ("pct", .number(o.totalPctNAV))])
            })),
            ("warnings", .strings(r.warnings)),
            ("notes", .strings(r.notes)),
        ])
    }

    static func scenarioJSON(_ r: StressReport, _ i: Int, _ o: ScenarioOutcome) -> JSONValue {
        let s = o.scenario
        let prop: String
        switch s.propagation {
        case .none: prop = "none"
        case .beta(let b): prop = "beta:\(b)"
        case .conditionalMean: prop = "conditional-mean"
        }
        var attribution: [(String, JSONValue)] = []
        for g in StressGrouping.allCases {
            guard let a = r.attribution[g] else { continue }
            attribution.append((g.rawValue, .array(a.keys.enumerated().map { (j, k) in
                .object([("key", .string(k)), ("pnl", .number(a.pnl[i, j])), ("pct", .number(r.pct(a.pnl[i, j])))])
            })))
        }
        return .object([
            ("id", .string(s.id)), ("description", .string(s.description)), ("baseCase", .bool(i == 0)),
            ("file", .string(s.file)), ("caseSet", .string(s.caseSet)), ("probability", .number(s.probability)),
            ("horizonDays", .number(Double(s.horizonDays))), ("propagation", .string(prop)),
            ("pnl", .number(o.total)), ("pct", .number(o.totalPctNAV)),
            ("moves", .array(o.resolved.moves.map { m in
                .object([("id", .string(m.id)), ("held", .bool(m.held)), ("spotReturn", .number(m.spotReturn)),
                         ("source", .string(m.source.rawValue)), ("volatility", .number(m.volatility)),
                         ("shockedVolatility", .number(m.shockedVolatility))])
            })),
            ("fx", .object(o.resolved.fx.sorted { $0.key < $1.key }.map { ($0.key.code, .number($0.value)) })),
            ("attribution", .object(attribution)),
        ])
    }

    static func csv(_ r: StressReport, by g: StressGrouping) -> String {
        var rows: [[String]] = []
        guard let a = r.attribution[g] else { return "" }
        for (i, o) in r.outcomes.enumerated() {
            let s = o.scenario
            let head = [s.id, s.caseSet ?? "", s.probability.map(CSV.number) ?? "", String(s.horizonDays)]
            for (j, k) in a.keys.enumerated() {
                rows.append(head + [g.rawValue, k, CSV.number(a.pnl[i, j]), CSV.number(r.pct(a.pnl[i, j]))])
            }
            rows.append(head + ["total", "(total)", CSV.number(o.total), CSV.number(o.totalPctNAV)])
        }
        return CSV.render(headers: ["scenario", "case_set", "probability", "horizon_days", "grouping", "key", "pnl_base", "pnl_pct_nav"], rows: rows)
    }

    static func table(_ r: StressReport, by g: StressGrouping, top: Int) -> String {
        let e = r.engine
        var out = "\(e.book.book.name) — valuation \(e.book.book.valuationDate), NAV \(fmtMoney(e.nav)) \(e.baseCurrency)\n"
        out += "(P&L in \(e.baseCurrency), gain > 0, and % of NAV; options fully revalued at the horizon; propagation: \(r.propagationSource))\n\n"
        var t = TextTable(title: "Scenarios", headers: ["scenario", "case set", "prob", "days", "P&L", "% NAV"],
                          alignments: [.left, .left, .right, .right, .right, .right])
        for o in r.outcomes {
            let s = o.scenario
            t.add([s.id, s.caseSet ?? "-", s.probability.map { fmt($0, 2) } ?? "-", String(s.horizonDays), fmtMoney(o.total), fmt(o.totalPctNAV)])
        }
        out += t.render() + "\n"
        var w = TextTable(title: "Worst scenarios", headers: ["rank", "scenario", "P&L", "% NAV"], alignments: [.right, .left, .right, .right])
        for (k, i) in r.worstRanked.prefix(top).enumerated() {
            w.add([String(k + 1), r.outcomes[i].scenario.id, fmtMoney(r.outcomes[i].total), fmt(r.outcomes[i].totalPctNAV)])
        }
        out += w.render() + "\n"
        if !r.caseSets.isEmpty {
            var c = TextTable(title: "Case sets (probability-weighted, % NAV)",
                              headers: ["case set", "members", "sum p", "E[P&L] %", "std %", "worst %", "best %", "P(loss)"])
            for x in r.caseSets {
                c.add([x.caseSet, String(x.members.count), fmt(x.probabilitySum, 3), fmt(r.pct(x.expected)), fmt(r.pct(x.standardDeviation)),
                       fmt(r.pct(x.worst)), fmt(r.pct(x.best)), fmt(x.probabilityOfLoss, 2)])
            }
            out += c.render() + "\n"
        }
        if let a = r.attribution[g] {
            var q = TextTable(title: "Attribution by \(g.rawValue) (% NAV)", headers: ["scenario"] + a.keys + ["total"])
            for (i, o) in r.outcomes.enumerated() {
                q.add([o.scenario.id] + a.keys.indices.map { fmt(r.pct(a.pnl[i, $0])) } + [fmt(o.totalPctNAV)])
            }
            out += q.render() + "\n"
        }
        if !r.notes.isEmpty { out += "Notes:\n" + r.notes.map { "  - \($0)" }.joined(separator: "\n") + "\n" }
        return out
    }
}
