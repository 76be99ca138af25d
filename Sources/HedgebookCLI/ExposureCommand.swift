import Application
import ArgumentParser
import Reports

struct ExposureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exposure",
        abstract: "Long, short, gross, net and reserve of a book, reconciled against its stated claims.",
        discussion: """
        Percentages are of NAV; amounts in the book's base currency. Options appear twice: at premium \
        (signed by the direction of their delta: a bought put counts as short) and delta-adjusted \
        (contracts × multiplier × Δ × spot × FX; Δ by Black–Scholes–Merton for European legs, Bjerksund–Stensland 2002 \
        for American ones unless the workspace says otherwise). Reserve = 100 − gross (premium view).
        """)

    @OptionGroup var inputs: WorkspaceOptions
    @Option(name: .long, help: "Breakdown: \(ExposureGrouping.allCases.map(\.rawValue).joined(separator: "|")).")
    var by: ExposureGrouping?
    @Option(name: .long, help: "table | json | csv") var format: OutputFormat = .table
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runReportingErrors(quiet: global.quiet) {
            let session = try inputs.session(verbose: global.verbose)
            let report = session.exposure()
            let limits = session.limitStatus(exposure: report)
            switch format {
            case .json: try emitJSON(ExposureOutput.json(report, limits: limits), options: global)
            case .csv: try emit(ExposureOutput.csv(report, by: by), options: global)
            case .table: try emit(ExposureOutput.table(report, by: by, limits: limits), options: global)
            }
        }
    }
}
