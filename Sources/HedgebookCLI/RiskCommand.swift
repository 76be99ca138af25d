import Application
import ArgumentParser
import Basics
import Foundation
import MarketData
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

    @OptionGroup var inputs: WorkspaceOptions
    @Option(name: .long, help: "Wide CSV panel (Date,TICK1,…), a folder of per-ticker CSV files, or a data root (book mode default: the workspace's history).")
    var prices: String?
    @Option(name: .long, help: "Weights CSV (`ticker,weight` lines) — weights mode.") var weights: String?
    @Option(name: .long, help: "sample | ewma | ledoit-wolf (book mode default: the workspace's)") var covariance: CovarianceChoice?
    @Option(name: .long, parsing: .unconditional, help: "EWMA decay λ (default 0.94).") var lambda: Double?
    @Flag(name: .long, help: "EWMA with normalised weights (1−λ)λ^(n−t)/(1−λ^n) instead of the S₁ = r₁r₁ᵀ recursion.")
    var ewmaNormalized = false
    @Option(name: .long, help: "Comma-separated confidence levels (default 0.95,0.975,0.99, or the workspace's).") var confidence: String?
    @Option(name: .long, parsing: .unconditional, help: "Horizon in trading days (default 1, or the workspace's).") var horizonDays: Int?
    @Option(name: .long, parsing: .unconditional, help: "Monte Carlo paths, 0 = skip (default 100000, or the workspace's; at most 10,000,000).") var paths: Int?
    @Option(name: .long, help: "Monte Carlo seed (default 1, or the workspace's).") var seed: UInt64?
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

    func parsedConfidences(_ text: String) throws -> [(String, Double)] {
        try text.split(separator: ",").map { s in
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

    /// The flags applied over `base` (the workspace's options in book mode, the defaults in weights mode).
    func options(over base: RiskOptions) -> RiskOptions {
        var o = base
        switch covariance {
        case .sample?: o.covariance = .sample
        case .ewma?: o.covariance = .ewma(lambda: lambda ?? 0.94, normalizedWeights: ewmaNormalized)
        case .ledoitWolf?: o.covariance = .ledoitWolf
        case nil: if case .ewma(let l, _) = o.covariance { o.covariance = .ewma(lambda: lambda ?? l, normalizedWeights: ewmaNormalized) }
        }
        if let h = horizonDays { o.horizonDays = h }
        if zeroMean { o.zeroMean = true }
        o.historicalDefinition = historical
        if let p = paths { o.paths = p }
        if let s = seed { o.seed = s }
        return o
    }

    func validate() throws {
        if weights != nil && inputs.book != nil { throw ValidationError("give either --weights (weights mode) or a BOOK (book mode), not both") }
        if weights != nil && prices == nil { throw ValidationError("weights mode needs --prices PANEL.csv|FOLDER") }
        if let l = lambda, !(l > 0 && l < 1) { throw ValidationError("--lambda must be in (0, 1), got \(l)") }
        if let h = horizonDays, !(1...252).contains(h) { throw ValidationError("--horizon-days must be in 1…252, got \(h)") }
        if let p = paths, p < 0 || p == 1 || p > 10_000_000 { throw ValidationError("--paths must be 0 or in 2…10,000,000, got \(p)") }
        if let c = confidence { _ = try parsedConfidences(c) }
        if format == .csv { throw ValidationError("--format csv is not supported by risk; use json or table") }
    }

    func run() throws {
        try runReportingErrors(quiet: global.quiet) {
            if weights != nil {
                let conf = try parsedConfidences(confidence ?? "0.95,0.975,0.99")
                var o = options(over: RiskOptions())
                o.confidences = conf.map(\.1)
                try runWeights(opts: o, keys: conf.map(\.0))
            } else {
                try runBook()
            }
        }
    }

    // MARK: weights mode

    func runWeights(opts: RiskOptions, keys: [String]) throws {
        var q = WeightsRisk.Request(prices: prices!, weights: weights!)
        q.returns = returns
        q.from = try parseDate(from, "--from")
        q.to = try parseDate(to, "--to")
        q.maxGap = maxGap
        q.base = Currency(base)
        for spec in fx {
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, Currency(parts[0]).isWellFormed else {
                throw ValidationError("--fx: expected CUR=FILE (e.g. HKD=hkdusd.csv), got '\(spec)'")
            }
            q.fx.append((Currency(parts[0]), parts[1]))
        }
        let r = try WeightsRisk.run(q, options: opts)
        switch format {
        case .json: try emitJSON(RiskOutput.json(r.report, keys: keys, returns: r.returns, opts: opts, notes: r.notes, extra: []), options: global)
        default: try emit(RiskOutput.table(r.report, keys: keys, returns: r.returns, opts: opts, notes: r.notes, nav: nil, extra: ""), options: global)
        }
    }

    // MARK: book mode

    func runBook() throws {
        let session = try inputs.session(history: prices.map { [$0] }, verbose: global.verbose)
        var opts = options(over: try session.riskOptions())
        let keys: [String]
        if let c = confidence {
            let conf = try parsedConfidences(c)
            opts.confidences = conf.map(\.1)
            keys = conf.map(\.0)
        } else {
            keys = session.spec.policies.confidences
        }
        let rep = try session.risk(opts, from: try parseDate(from, "--from"), to: try parseDate(to, "--to"))
        switch format {
        case .json: try emitJSON(RiskOutput.bookJSON(rep, session: session, keys: keys, opts: opts), options: global)
        default: try emit(RiskOutput.bookTable(rep, session: session, keys: keys, opts: opts), options: global)
        }
    }
}
