import Application
import ArgumentParser
import Reports


struct StressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stress",
        abstract: "Scenario stress: P&L per scenario, attribution, probability-weighted case sets, worst scenarios.",
        discussion: """
        P&L in the book's base currency (gain > 0) and % of NAV, against the valuation-date value (the base case is \
        the zero shock). Stocks through the scenario matrix (BLAS); options fully revalued (Black–Scholes–Merton for \
        European legs, Bjerksund–Stensland 2002 for American ones; spot, vol and time to the scenario horizon in calendar \
        days, ACT/365F). Conditional-mean propagation uses the covariance of weekly log returns over 3 years of the \
        workspace's (or --prices) price history; without history it falls back to the \
        single-index (beta) covariance from the snapshot, with a warning. JSON layout: README, `## hedgebook stress`.
        """)

    @OptionGroup var inputs: WorkspaceOptions
    @Option(name: .long, parsing: .upToNextOption, help: "Scenario files or folders (default: the workspace's).")
    var scenarios: [String] = []
    @Option(name: .long, parsing: .upToNextOption,
            help: "Price history for the conditional-mean covariance (default: the workspace's): a data root, folders of <TICKER>.csv, wide CSV files.")
    var prices: [String] = []
    @Option(name: .long, help: "Attribution shown: \(StressBy.allCases.map(\.rawValue).joined(separator: "|")) (default layer).")
    var by: StressBy?
    @Option(name: .customLong("with-hedge"), help: "Value this proposed hedge package as if held (repeatable).")
    var withHedge: [String] = []
    @Option(name: .long, parsing: .unconditional, help: "How many worst scenarios to rank (default: the workspace's, 10).") var top: Int?
    @Option(name: .long, help: "table | json | csv") var format: OutputFormat = .table
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let t = top, t < 1 { throw ValidationError("--top must be ≥ 1, got \(t)") }
    }

    func run() throws {
        try runReportingErrors(quiet: global.quiet) {
            let session = try inputs.session(scenarios: scenarios.isEmpty ? nil : scenarios, history: prices.isEmpty ? nil : prices,
                                             verbose: global.verbose)
            let (report, warnings) = try session.stress(holding: withHedge)
            for w in warnings { Console.warning(w) }
            let top = self.top ?? session.spec.policies.stressTop
            switch format {
            case .json: try emitJSON(StressOutput.json(report, top: top), options: global)
            case .csv: try emit(StressOutput.csv(report, by: (by ?? .position).grouping), options: global)
            case .table: try emit(StressOutput.table(report, by: (by ?? .layer).grouping, top: top), options: global)
            }
        }
    }
}
