import ArgumentParser
import Basics
import FileFormats
import Foundation
import LinearAlgebra
import MarketData
import Portfolio
import Reports
import Risk

enum CovarianceChoice: String, ExpressibleByArgument, CaseIterable {
    case sample, ewma
    case ledoitWolf = "ledoit-wolf"
}

extension VaR.HistoricalDefinition: ExpressibleByArgument {}
extension ReturnKind: ExpressibleByArgument {}

struct RiskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk",
        abstract: "VaR and Expected Shortfall four ways (parametric, historical, Cornish–Fisher, Monte Carlo) from price history.",
        discussion: """
        Weights mode: hedgebook risk --prices PANEL.csv|FOLDER --weights WEIGHTS.csv (lines `ticker,weight`, fraction of NAV, \
        shorts negative). Book mode: hedgebook risk BOOK --market SNAPSHOT --prices PANEL.csv|DATA_ROOT.
        Conventions: VaR/ES are positive losses as fractions of NAV (book mode also in base currency). \
        Parametric: VaR = σ√h·z_c − μh, ES = σ√h·φ(z_c)/(1−c) − μh. Historical: NumPy 'linear' quantile of the \
        portfolio return (or k-th worst, k = ⌈n(1−c)⌉), overlapping h-day sums for h > 1. Cornish–Fisher: sample mean, \
        sd (n−1), moment skewness and excess kurtosis (SciPy defaults), S/√h and K/h at horizon h. Monte Carlo: draws \
        through the Cholesky factor of the chosen covariance (seeded; options revalued in full in book mode). \
        Annualised volatility = daily × √252. EWMA (λ = 0.94 default) is zero-mean, S₁ = r₁r₁ᵀ.
        """)

    @Argument(help: "Book YAML file (book mode).") var book: String?
    @Option(name: .long, help: "Market snapshot YAML (book mode).") var market: String?
    @Option(name: .long, help: "Wide CSV panel (Date,TICK1,…) or a folder of per-ticker CSV files / data root.") var prices: String
    @Option(name: .long, help: "Weights CSV (`ticker,weight` lines) — weights mode.") var weights: String?
    @Option(name: .long, help: "sample | ewma | ledoit-wolf") var covariance: CovarianceChoice = .sample
    @Option(name: .long, help: "EWMA decay λ.") var lambda: Double = 0.94
    @Flag(name: .long, help: "EWMA with normalised weights (1−λ)λ^(n−t)/(1−λ^n) instead of the S₁ = r₁r₁ᵀ recursion.")
    var ewmaNormalized = false
    @Option(name: .long, help: "Comma-separated confidence levels.") var confidence: String = "0.95,0.975,0.99"
    @Option(name: .long, help: "Horizon in trading days.") var horizonDays: Int = 1
    @Option(name: .long, help: "Monte Carlo paths (0 = skip).") var paths: Int = 100_000
    @Option(name: .long, help: "Monte Carlo seed.") var seed: UInt64 = 1
    @Option(name: .long, help: "First price date (YYYY-MM-DD).") var from: String?
    @Option(name: .long, help: "Last price date (YYYY-MM-DD).") var to: String?
    @Option(name: .long, help: "simple | log (weights mode; book mode uses log).") var returns: ReturnKind = .simple
    @Flag(name: .long, help: "Zero mean in parametric, Cornish–Fisher and Monte Carlo.") var zeroMean = false
    @Option(name: .long, help: "Historical quantile: linear | kth-worst") var historical: VaR.HistoricalDefinition = .linear
    @Option(name: .long, help: "Forward-fill gaps up to this many dates instead of intersecting calendars (weights mode, folder input).")
    var maxGap: Int?
    @Option(name: .long, parsing: .singleValue,
            help: "FX series CUR=FILE (Date plus Close/Adj Close, units of base currency per 1 CUR); repeatable (weights mode).")
    var fx: [String] = []
    @Option(name: .long, help: "Base currency for --fx conversion.") var base: String = "USD"
    @Option(name: .long, help: "table | json") var format: OutputFormat = .table
    @OptionGroup var global: GlobalOptions

    struct InputError: Error, CustomStringConvertible { let description: String }

    func parsedConfidences() throws -> [(String, Double)] {
        try confidence.split(separator: ",").map { s in
            let t = s.trimmingCharacters(in: .whitespaces)
            guard let v = Double(t), v > 0, v < 1 else { throw ValidationError("--confidence: '\(t)' is not a number in (0, 1)") }
            return (t, v)
        }
    }

    func parseDate(_ s: String?, _ name: String) throws -> LocalDate? {
        guard let s else { return nil }
        guard let d = LocalDate(iso: s) else { throw ValidationError("\(name): '\(s)' is not a date YYYY-MM-DD") }
        return d
    }

    func options() throws -> RiskOptions {
        var o = RiskOptions()
        switch covariance {
        case .sample: o.covariance = .sample
        case .ewma: o.covariance = .ewma(lambda: lambda, normalizedWeights: ewmaNormalized)
        case .ledoitWolf: o.covariance = .ledoitWolf
        }
        o.confidences = try parsedConfidences().map(\.1)
        o.horizonDays = horizonDays
        o.zeroMean = zeroMean
        o.historicalDefinition = historical
        o.paths = paths
        o.seed = seed
        return o
    }

    func validate() throws {
        if book == nil && weights == nil { throw ValidationError("give --weights WEIGHTS.csv (weights mode) or a BOOK with --market (book mode)") }
        if book != nil && market == nil { throw ValidationError("book mode needs --market SNAPSHOT") }
        if !(lambda > 0 && lambda < 1) { throw ValidationError("--lambda must be in (0, 1)") }
        if horizonDays < 1 { throw ValidationError("--horizon-days must be ≥ 1") }
        if paths < 0 || paths == 1 { throw ValidationError("--paths must be 0 or ≥ 2") }
        if format == .csv { throw ValidationError("--format csv is not supported by risk; use json or table") }
    }

    func run() throws {
        try runReportingErrors(quiet: global.quiet) {
            let opts = try options()
            let keys = try parsedConfidences().map(\.0)
            if let bookPath = book {
                try runBook(bookPath, opts: opts, keys: keys)
            } else {
                try runWeights(opts: opts, keys: keys)
            }
        }
    }

    // MARK: weights mode

    func runWeights(opts: RiskOptions, keys: [String]) throws {
        let wl = try WeightsFile.load(path: weights!)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: prices, isDirectory: &isDir) else {
            throw PriceDataError.fileNotFound(path: prices)
        }
        let policy: AlignmentPolicy = maxGap.map { .forwardFill(maxGap: $0) } ?? .intersection
        let loaded = isDir.boolValue
            ? try PricePanelLoader.loadFolderWithReport(path: prices, tickers: wl.map(\.ticker), policy: policy)
            : try PricePanelLoader.loadWideWithReport(path: prices, policy: policy)
        var panel = loaded.panel
        var fxNotes: [String] = []
        let baseCur = Currency(base)
        if !fx.isEmpty {
            var series: [Currency: PriceSeries] = [:]
            for spec in fx {
                let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, Currency(parts[0]).isWellFormed else {
                    throw ValidationError("--fx: expected CUR=FILE (e.g. HKD=hkdusd.csv), got '\(spec)'")
                }
                series[Currency(parts[0])] = try PricePanelLoader.loadSeries(file: parts[1], ticker: "FX " + parts[0])
            }
            panel = try panel.window(from: try parseDate(from, "--from"), to: try parseDate(to, "--to")).converted(to: baseCur, fx: series)
            fxNotes.append("prices converted to \(baseCur.code) with FX series (last fixing on or before each date)")
        } else if Set(panel.currencies).count > 1 || panel.currencies.contains(where: { $0 != baseCur }) {
            fxNotes.append("prices are in listing currencies \(Set(panel.currencies.map(\.code)).sorted().joined(separator: ", ")); give --fx CUR=FILE to convert to \(baseCur.code)")
        }
        var w = [Double](repeating: 0, count: panel.assetCount)
        for (t, v) in wl {
            guard let j = panel.index(of: t) else {
                throw PriceDataError.tickerAbsent(ticker: t, source: prices, available: panel.tickers)
            }
            w[j] = v
        }
        let r = try panel.returns(kind: returns, from: try parseDate(from, "--from"), to: try parseDate(to, "--to"))
        let rep = try PortfolioRisk.compute(returns: r, weights: w, options: opts)
        let notes = loaded.report.summaryLines + fxNotes
            + (rep.monteCarloUsedEigenFactor ? ["covariance not positive definite: Monte Carlo used the eigenvalue factor (negative eigenvalues clipped)"] : [])
        switch format {
        case .json:
            try emit(RiskOutput.json(rep, keys: keys, returns: r, opts: opts, notes: notes, extra: []).serialized(), options: global)
        default:
            try emit(RiskOutput.table(rep, keys: keys, returns: r, opts: opts, notes: notes, nav: nil, extra: ""), options: global)
        }
    }

    // MARK: book mode

    func runBook(_ bookPath: String, opts: RiskOptions, keys: [String]) throws {
        let b = try BookFile.load(path: bookPath)
        let m = try MarketFile.load(path: market!)
        let rb = try ResolvedBook(book: b, market: m)
        let input = BookRisk.Input(book: rb, prices: prices, from: try parseDate(from, "--from"), to: try parseDate(to, "--to"))
        let rep = try BookRisk.compute(input, options: opts)
        var lin = rep.linear
        if !rep.monteCarlo.isEmpty {
            lin.measures.append((method: "monteCarlo", values: rep.monteCarlo))
        }
        let notes = rb.notes + rep.factorData.notes
            + ["parametric, historical and Cornish–Fisher use delta-equivalent option exposures; Monte Carlo revalues options in full (BSM, European approximation) at S·exp(x) with time reduced by h/252 years"]
            + (rep.monteCarloUsedEigenFactor ? ["factor covariance is singular (proxies are averages of other factors): Monte Carlo used the eigenvalue factor"] : [])
        let nav = rb.nav
        switch format {
        case .json:
            var extra: [(String, JSONValue)] = []
            extra.append(("book", .object([
                ("name", .string(b.name)), ("nav", .number(nav)), ("baseCurrency", .string(b.baseCurrency.code)),
                ("valuationDate", .string(b.valuationDate.description)),
            ])))
            extra.append(("varBase", .object(lin.measures.map { mm in
                (mm.method, .object(zip(keys, mm.values).map { ($0, .number($1.valueAtRisk * nav)) }))
            })))
            extra.append(("esBase", .object(lin.measures.map { mm in
                (mm.method, .object(zip(keys, mm.values).map { ($0, .number($1.expectedShortfall * nav)) }))
            })))
            extra.append(("positions", .array(rep.legs.map { l in
                .object([("id", .string(l.id)), ("factor", .string(rep.factorData.factors[l.factor])),
                         ("exposure", .number(l.exposure)), ("option", .bool(l.option != nil))])
            })))
            extra.append(("histories", .array(rep.factorData.histories.map { h in
                .object([("factor", .string(h.factor)), ("file", .string(h.file)), ("proxy", .string(h.proxy)),
                         ("proxyPeers", .strings(h.proxyPeers)), ("reason", .string(h.reason))])
            })))
            extra.append(("componentVaR", .object(zip(keys, rep.components).map { k, c in
                (k, .object([
                    ("method", "parametric Euler allocation (delta exposures); components sum to the parametric VaR"),
                    ("total", .number(c.total)),
                    ("position", .object(c.byPosition.map { ($0.0, .number($0.1)) })),
                    ("pair", .object(c.byPair.map { ($0.0, .number($0.1)) })),
                    ("layer", .object(c.byLayer.map { ($0.0, .number($0.1)) })),
                    ("country", .object(c.byCountry.map { ($0.0, .number($0.1)) })),
                ]))
            })))
            try emit(RiskOutput.json(lin, keys: keys, returns: rep.factorData.returns, opts: opts, notes: notes, extra: extra).serialized(),
                     options: global)
        default:
            var s = ""
            for (k, c) in zip(keys, rep.components) where k == keys.last {
                for (title, rows) in [("position", c.byPosition), ("pair", c.byPair), ("layer", c.byLayer), ("country", c.byCountry)] {
                    var t = TextTable(title: "Component VaR by \(title) at \(k) (parametric Euler, % of NAV; sums to \(fmt(c.total * 100, 3))%)",
                                      headers: [title, "component %NAV", "component \(b.baseCurrency.code)"])
                    for (name, v) in rows { t.add([name, fmt(v * 100, 3), fmtMoney(v * nav)]) }
                    s += "\n" + t.render()
                }
            }
            var h = TextTable(title: "Factor histories", headers: ["factor", "source", "proxy"], alignments: [.left, .left, .left])
            for x in rep.factorData.histories { h.add([x.factor, x.file ?? "-", x.proxy.map { "\($0): \(x.proxyPeers.joined(separator: "+"))" } ?? ""]) }
            s += "\n" + h.render()
            try emit(RiskOutput.table(lin, keys: keys, returns: rep.factorData.returns, opts: opts, notes: notes, nav: nav, extra: s),
                     options: global)
        }
    }
}

/// Renderers for risk reports. The first keys are fixed by issue 5: assets, observations, covariance, correlation,
/// portfolio {volatilityDaily, volatilityAnnualized, var, es}; everything else follows under `meta` and extra keys.
enum RiskOutput {
    static func methodObject(_ rep: PortfolioRiskReport, keys: [String], _ f: (VaR.Measure) -> Double) -> JSONValue {
        .object(rep.measures.map { m in (m.method, .object(zip(keys, m.values).map { ($0, .number(f($1))) })) })
    }

    static func json(_ rep: PortfolioRiskReport, keys: [String], returns r: ReturnPanel, opts: RiskOptions, notes: [String],
                     extra: [(String, JSONValue)]) -> JSONValue {
        var meta: [(String, JSONValue)] = [
            ("estimator", .string(rep.estimate.method.name)),
            ("firstReturnDate", .string(r.dates.first?.description)), ("lastReturnDate", .string(r.dates.last?.description)),
            ("returns", .string(r.kind.rawValue)), ("horizonDays", .number(Double(opts.horizonDays))),
            ("weights", .numbers(rep.weights)),
            ("mean", .numbers(rep.estimate.mean)),
            ("zeroMean", .bool(opts.zeroMean)),
            ("historicalDefinition", .string(opts.historicalDefinition.rawValue)),
            ("monteCarlo", .object([("paths", .number(Double(opts.paths))), ("seed", .number(Double(opts.seed)))])),
            ("cornishFisherMoments", .object([("mean", .number(rep.moments.mean)), ("sd", .number(rep.moments.sd)),
                                              ("skewness", .number(rep.moments.skew)), ("excessKurtosis", .number(rep.moments.exKurt))])),
        ]
        if case .ewma(let l, let n) = rep.estimate.method {
            meta.append(("ewma", .object([("lambda", .number(l)), ("normalizedWeights", .bool(n))])))
        }
        if let s = rep.estimate.shrinkage { meta.append(("ledoitWolfShrinkage", .number(s))) }
        meta.append(("marginalVaR", .object(zip(keys, rep.euler).map { ($0, .numbers($1.marginalVaR)) })))
        meta.append(("componentVaR", .object(zip(keys, rep.euler).map { ($0, .numbers($1.componentVaR)) })))
        meta.append(("conventions", .object([
            ("losses", "VaR and ES are positive losses, fractions of NAV"),
            ("parametric", "VaR = sigma*sqrt(h)*z_c - mu*h; ES = sigma*sqrt(h)*phi(z_c)/(1-c) - mu*h"),
            ("historical", "numpy 'linear' quantile (or k-th worst, k = ceil(n(1-c))); overlapping h-day sums"),
            ("cornishFisher", "mean, sd (n-1), moment skewness/excess kurtosis (scipy defaults); S/sqrt(h), K/h"),
            ("monteCarlo", "normal draws through the Cholesky factor of the chosen covariance; numpy-linear quantile of simulated P&L"),
            ("annualization", "volatilityAnnualized = volatilityDaily * sqrt(252)"),
            ("componentVaR", "parametric Euler allocation w_i * dVaR/dw_i, sums to the parametric VaR"),
        ])))
        meta.append(("notes", .strings(notes)))
        return .object([
            ("assets", .strings(rep.assets)),
            ("observations", .number(Double(rep.observations))),
            ("covariance", .array(rep.estimate.covariance.rowArrays.map { .numbers($0) })),
            ("correlation", .array(rep.estimate.correlation.rowArrays.map { .numbers($0) })),
            ("portfolio", .object([
                ("volatilityDaily", .number(rep.volatilityDaily)),
                ("volatilityAnnualized", .number(rep.volatilityAnnualized)),
                ("var", methodObject(rep, keys: keys) { $0.valueAtRisk }),
                ("es", methodObject(rep, keys: keys) { $0.expectedShortfall }),
            ])),
        ] + extra + [("meta", .object(meta))])
    }

    static func table(_ rep: PortfolioRiskReport, keys: [String], returns r: ReturnPanel, opts: RiskOptions, notes: [String],
                      nav: Double?, extra: String) -> String {
        var s = "Risk: \(rep.assets.count) assets, \(rep.observations) \(r.kind.rawValue) returns \(r.dates.first?.description ?? "")…\(r.dates.last?.description ?? ""), covariance \(rep.estimate.method.name)"
        if let sh = rep.estimate.shrinkage { s += " (shrinkage \(fmt(sh, 4)))" }
        s += ", horizon \(opts.horizonDays) day(s)\n"
        s += "Volatility: daily \(fmt(rep.volatilityDaily * 100, 3))%, annualised (×√252) \(fmt(rep.volatilityAnnualized * 100, 2))%\n\n"
        var headers = ["method"]
        for k in keys { headers += ["VaR \(k)", "ES \(k)"] }
        var t = TextTable(title: "VaR / ES (positive losses, % of NAV)", headers: headers)
        for m in rep.measures {
            var row = [m.method]
            for v in m.values { row += [fmt(v.valueAtRisk * 100, 3), fmt(v.expectedShortfall * 100, 3)] }
            t.add(row)
        }
        s += t.render()
        if let nav {
            var tb = TextTable(title: "\nVaR / ES in base currency (NAV \(fmtMoney(nav)))", headers: headers)
            for m in rep.measures {
                var row = [m.method]
                for v in m.values { row += [fmtMoney(v.valueAtRisk * nav), fmtMoney(v.expectedShortfall * nav)] }
                tb.add(row)
            }
            s += tb.render()
        } else if let e = rep.euler.last {
            var c = TextTable(title: "\nEuler allocation at \(keys.last!) (parametric)", headers: ["asset", "weight", "marginal VaR", "component VaR %"])
            for (i, a) in rep.assets.enumerated() {
                c.add([a, fmt(rep.weights[i], 4), fmt(e.marginalVaR[i], 5), fmt(e.componentVaR[i] * 100, 3)])
            }
            s += c.render()
        }
        s += extra
        if !notes.isEmpty { s += "\nNotes:\n" + notes.map { "  - " + $0 }.joined(separator: "\n") + "\n" }
        return s
    }
}
