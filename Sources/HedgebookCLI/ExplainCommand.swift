import Application
import ArgumentParser
import Basics
import Reports

/// `hedgebook explain FROM TO`: P&L between two recorded dates split into delta, gamma, vega, theta, FX and residual.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "P&L between two recorded dates per position: delta, gamma, vega, theta, FX, residual (summing to the full revaluation).",
        discussion: """
        The positions held at FROM are revalued in full at TO's recorded market; Greeks from FROM (the recorded option \
        model), moves between the dates; FX = (X₁ − X₀)·q·m·v₁; residual = total − the rest. Base currency, signed.
        """)

    @Argument(help: "Earlier recorded date YYYY-MM-DD.") var fromDate: String
    @Argument(help: "Later recorded date YYYY-MM-DD.") var toDate: String
    @Option(name: .long, help: "Workspace file (default: ./hedgebook.yaml when present).") var workspace: String?
    @Option(name: .long, help: "Book YAML file (default: the workspace's book; its name selects the recorded runs).") var book: String?
    @Option(name: .long, help: "table | json | csv") var format: OutputFormat = .table
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runReportingErrors(quiet: global.quiet) {
            guard let a = LocalDate(iso: fromDate) else { throw ValidationError("FROM: '\(fromDate)' is not a date YYYY-MM-DD") }
            guard let b = LocalDate(iso: toDate) else { throw ValidationError("TO: '\(toDate)' is not a date YYYY-MM-DD") }
            let session = try Session(workspace: workspace, overrides: InputOverrides(book: book, history: [], allowStale: true))
            let r = try session.explain(try session.openRiskHistory(create: false), from: a, to: b)
            switch format {
            case .json: try emitJSON(RiskHistoryOutput.explainJSON(r), options: global)
            case .csv: try emit(RiskHistoryOutput.explainCSV(r), options: global)
            case .table: try emit(RiskHistoryOutput.explainTable(r), options: global)
            }
        }
    }
}
