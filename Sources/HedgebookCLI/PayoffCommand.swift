import Application
import ArgumentParser
import Reports

/// `hedgebook payoff BOOK --market SNAPSHOT`: cost, Greeks, payoff grids and claim checks of option positions and
/// hedge packages.
struct PayoffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payoff",
        abstract: "Cost, Greeks, payoff/P&L grids and claim checks for every option position and hedge package.",
        discussion: """
        Amounts in the book's base currency; % are of NAV. Premium = value today (positive = paid). Greeks: delta as \
        delta-equivalent notional, gamma as change of that notional per +1% move, vega per vol point, theta per calendar \
        day, rho per +1% rate. American legs on a CRR tree (workspace tree steps, 1000), European legs by Black-Scholes-Merton, vol/dividend yield \
        from the snapshot, rates per currency. Legs that expired before the valuation date are flagged EXPIRED; such \
        hedges are also checked rolled to the same moneyness and tenor from the valuation date. Option positions without \
        a strike use --strike, else strikeMoneyness × spot (default puts 0.8, calls 1.2).
        """)

    @OptionGroup var inputs: WorkspaceOptions
    @Option(name: .long, help: "Only this hedge package or option position id.") var hedge: String?
    @Option(name: .long, parsing: .unconditional, help: "Strike for option positions the book gives without one (e.g. the MU puts).") var strike: Double?
    @Option(name: .customLong("horizon-days"), parsing: .unconditional, help: "Horizon for repriced P&L, calendar days (default 30).") var horizonDays: Int = 30
    @Option(name: .customLong("vol-shift"), parsing: .unconditional, help: "Absolute vol shift at the horizon, e.g. 0.05 = +5 vol points.") var volShift: Double = 0
    @Option(name: .customLong("roll-history"), parsing: .upToNextOption,
            help: "Price history for the original moneyness of expired hedges (default: the workspace's): a data root, folders of <TICKER>.csv, wide CSV files.")
    var rollHistory: [String] = []
    @Option(name: .customLong("roll-tenor-days"), parsing: .unconditional, help: "Tenor of rolled hedges and assumed original tenor (default: the workspace's, 365).") var rollTenorDays: Int?
    @Option(name: .long, parsing: .unconditional, help: "Tree steps for American legs (default: the workspace's, 1000).") var steps: Int?
    @Option(name: .long, help: "table | json | csv") var format: OutputFormat = .table
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard horizonDays >= 0 else { throw ValidationError("--horizon-days must be ≥ 0, got \(horizonDays)") }
        if let d = rollTenorDays, d < 1 { throw ValidationError("--roll-tenor-days must be ≥ 1, got \(d)") }
        if let n = steps, !(10...20_000).contains(n) { throw ValidationError("--steps must be in 10…20000, got \(n)") }
        if let k = strike { guard k.isFinite, k > 0 else { throw ValidationError("--strike must be > 0, got \(k)") } }
        guard volShift.isFinite, volShift > -1 else { throw ValidationError("--vol-shift must be > −1, got \(volShift)") }
    }

    func run() throws {
        try runReportingErrors(quiet: global.quiet) {
            let session = try inputs.session(history: rollHistory.isEmpty ? nil : rollHistory, verbose: global.verbose)
            var o = try session.payoffOptions()
            o.horizonDays = horizonDays
            o.volShift = volShift
            o.strikeOverride = strike
            o.only = hedge
            if let n = steps { o.americanSteps = n }
            if let d = rollTenorDays { o.rollTenorDays = d }
            let report = session.payoff(o)
            if report.sections.isEmpty { throw SessionError(report.problems.first ?? "nothing to report: the book has no option positions or hedge packages") }
            for p in report.problems { Console.warning(p) }
            switch format {
            case .json: try emitJSON(PayoffOutput.json(report), options: global)
            case .csv: try emit(PayoffOutput.csv(report), options: global)
            case .table: try emit(PayoffOutput.table(report), options: global)
            }
        }
    }
}
