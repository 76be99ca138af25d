import Application
import ArgumentParser
import Reports

struct FactorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "factors",
        abstract: "Factor risk model: the book's factor bets (% NAV), volatility split factor vs specific, Euler contributions to VaR/ES.",
        discussion: """
        Factors from the workspace's `factors:` section (default: market SPY; semis SOXX ⊥ market; tech XLK ⊥ market, \
        semis; China KWEB; China A ASHR; Korea EWY; Taiwan EWT; rates = weekly change of TNX_index in pp). Weekly \
        returns (Friday closes), exposures by OLS (LAPACK dgels) or ridge for short histories, Σ = B F Bᵀ + D. \
        Exposures in % NAV (delta and premium views); VaR/ES parametric normal, zero mean, positive losses in % NAV at the \
        workspace's horizon (daily variance = weekly ÷ 5); volatility annualised × √252. Contributions are Euler \
        allocations and sum to the total. The risk command's sample-covariance and historical VaR are shown beside it.
        """)

    @OptionGroup var inputs: WorkspaceOptions
    @Option(name: .long, help: "Wide CSV panel, folder of <TICKER>.csv, or a data root (default: the workspace's history).") var prices: String?
    @Option(name: .long, help: "table | json | csv") var format: OutputFormat = .table
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runReportingErrors(quiet: global.quiet) {
            let session = try inputs.session(history: prices.map { [$0] }, verbose: global.verbose)
            let a = try session.factors()
            switch format {
            case .json: try emitJSON(FactorsOutput.json(a), options: global)
            case .csv: try emit(FactorsOutput.csv(a), options: global)
            case .table: try emit(FactorsOutput.table(a), options: global)
            }
        }
    }
}
