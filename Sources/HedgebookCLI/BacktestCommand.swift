import Application
import ArgumentParser
import Backtest
import Basics
import Reports

/// `hedgebook backtest`: replay target weights (a `ticker,weight` file) or a book on a price history.
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Replay target weights or a book on price history: daily NAV, drawdowns, costs, borrow, attribution.",
        discussion: """
        Weights mode:  hedgebook backtest --prices PANEL.csv --weights WEIGHTS.csv [--rebalance monthly] \
        [--cost-bps 10] [--borrow-rate 0.03] [--initial-nav 1000000] [--from D --to D] --format json
        Book mode:     hedgebook backtest [BOOK.yaml --market SNAPSHOT.yaml] [--prices ROOT|FOLDER[,FOLDER…]] [--from D --to D] (default: the workspace)

        Event order per day: (a) borrow fee on the previous close's short value × rate × calendar days/365; \
        (b) mark at the close; (c) on a rebalance day trade every name to target weight × the pre-cost NAV, \
        paying (cost-bps + slippage-bps)/10⁴ × |traded notional| from cash; (d) record NAV. Day 0 (the initial \
        build) is a rebalance. Fractional shares. Rebalance rules: daily, weekly (first trading day of a week), \
        monthly (first trading day of a month), threshold:X (some |weight − target| > X), never.
        JSON keys: see README `## hedgebook backtest`.
        """)

    @OptionGroup var inputs: WorkspaceOptions
    @Option(name: .long, help: "Weights mode: wide CSV Date,T1,T2,… Book mode (default: the workspace's history): a data root, folder(s) of <TICKER>.csv or panels, comma-separated, searched in order.")
    var prices: String?
    @Option(name: .long, help: "Weights file `ticker,weight` (weights mode).") var weights: String?
    @Option(name: .long, help: "Instead of --weights: a schedule `date,ticker,weight` (each date's rows are the targets from that date on).")
    var schedule: String?
    @Option(name: .long, help: "daily | weekly | monthly | threshold:0.05 | never (default monthly, or the workspace's)") var rebalance: String?
    @Option(name: .customLong("cost-bps"), parsing: .unconditional, help: "Commission, bp of traded notional (default 10, or the workspace's).") var costBps: Double?
    @Option(name: .customLong("slippage-bps"), parsing: .unconditional, help: "Slippage, bp of traded notional (added to commission).") var slippageBps: Double = 0
    @Option(name: .customLong("borrow-rate"), help: "Annual borrow fee on shorts (weights mode: every short; book mode: default when the book/snapshot gives none).")
    var borrowRate: Double?
    @Option(name: .customLong("cash-rate"), parsing: .unconditional, help: "Annual simple interest on cash, ACT/365 (default 0: none).") var cashRate: Double = 0
    @Option(name: .customLong("initial-nav"), help: "Initial NAV (weights mode; book mode uses the book's NAV unless given).")
    var initialNav: Double?
    @Option(name: .long, help: "First date (YYYY-MM-DD), inclusive.") var from: String?
    @Option(name: .long, help: "Last date (YYYY-MM-DD), inclusive.") var to: String?
    @Option(name: .customLong("risk-free"), parsing: .unconditional, help: "Annual risk-free rate for Sharpe/Sortino (daily = rate/252).") var riskFree: Double = 0
    @Option(name: .long, help: "Benchmarks for beta/correlation, comma-separated (default SPY,SOXX, or the workspace's).") var benchmark: String?
    @Option(name: .customLong("pair-stop"), parsing: .unconditional, help: "Book mode: exit a pair when its spread falls to −X (e.g. 0.15).") var pairStop: Double?
    @Flag(name: .customLong("no-pair-exit"), help: "Book mode: do not exit pairs at their spread target.") var noPairExit = false
    @Flag(name: .customLong("no-roll"), help: "Book mode: do not roll options at expiry (cash after expiry).") var noRoll = false
    @Option(name: .customLong("vol-window"), parsing: .unconditional, help: "Book mode: days of realised volatility used to mark options.") var volWindow: Int = 60
    @Option(name: .long, help: "table | json | csv (csv = the daily NAV series)") var format: OutputFormat = .table
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard (costBps ?? 0).isFinite, (costBps ?? 0) >= 0, slippageBps.isFinite, slippageBps >= 0 else { throw ValidationError("--cost-bps and --slippage-bps must be finite and ≥ 0") }
        if let b = borrowRate { guard b.isFinite, (0...2).contains(b) else { throw ValidationError("--borrow-rate must be in [0, 2], got \(b)") } }
        guard cashRate.isFinite, (-1...1).contains(cashRate) else { throw ValidationError("--cash-rate must be in [−1, 1], got \(cashRate)") }
        guard riskFree.isFinite, (-1...1).contains(riskFree) else { throw ValidationError("--risk-free must be a finite rate in [−1, 1], got \(riskFree)") }
        if let n = initialNav { guard n.isFinite, n > 0, n < 1e15 else { throw ValidationError("--initial-nav must be in (0, 1e15), got \(n)") } }
        guard (2...2_520).contains(volWindow) else { throw ValidationError("--vol-window must be in 2…2520 days, got \(volWindow)") }
        if let p = pairStop { guard p.isFinite, p > 0 else { throw ValidationError("--pair-stop must be > 0, got \(p)") } }
        if weights != nil || schedule != nil {
            if inputs.book != nil { throw ValidationError("give either a BOOK or --weights/--schedule, not both") }
            if prices == nil { throw ValidationError("weights mode needs --prices PANEL.csv") }
            if weights != nil && schedule != nil { throw ValidationError("give either --weights or --schedule, not both") }
        }
    }

    func run() throws {
        try runReportingErrors(quiet: global.quiet) {
            let report: BacktestReport
            if weights == nil && schedule == nil {
                let session = try inputs.session(history: prices.map { $0.split(separator: ",").map(String.init) }, verbose: global.verbose)
                let config = try configuration(over: session.backtestConfig())
                let options = BookReplayOptions(pairExit: !noPairExit, pairStop: pairStop, rollOptions: !noRoll,
                                                volatilityWindow: volWindow)
                report = try session.backtest(config, options: options)
            } else {
                let defaults = BacktestConfig(rebalance: .monthly, commissionBps: 10, borrowRate: 0.03, initialNAV: 1_000_000,
                                              benchmarks: ["SPY", "SOXX"])
                report = try WeightsBacktest.run(prices: prices!, weights: weights, schedule: schedule,
                                                 config: try configuration(over: defaults))
            }
            switch format {
            case .json: try emitJSON(BacktestOutput.json(report), options: global)
            case .csv: try emit(BacktestOutput.csv(report), options: global)
            case .table: try emit(BacktestOutput.table(report), options: global)
            }
        }
    }

    /// The flags given on the command line applied over `base` (the workspace's settings in book mode).
    private func configuration(over base: BacktestConfig) throws -> BacktestConfig {
        var c = base
        if let r = rebalance { c.rebalance = try RebalanceRule(parsing: r) }
        if let x = costBps { c.commissionBps = x }
        c.slippageBps = slippageBps
        if let x = borrowRate { c.borrowRate = x }
        c.cashRate = cashRate
        if let x = initialNav { c.initialNAV = x }
        if let f = from { c.from = try parseDate(f, option: "--from") }
        if let t = to { c.to = try parseDate(t, option: "--to") }
        c.riskFreeRate = riskFree
        if let b = benchmark {
            c.benchmarks = b.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return c
    }

    private func parseDate(_ s: String, option: String) throws -> LocalDate {
        guard let d = LocalDate(iso: s) else { throw ValidationError("\(option) '\(s)' is not a date YYYY-MM-DD") }
        return d
    }
}
