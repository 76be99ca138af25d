import Application
import ArgumentParser
import Basics
import Reports

/// `hedgebook history`: recorded measures over dates, or the VaR backtest over the recorded days.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Recorded measures over dates (gross, net, beta-adjusted net, VaR, ES, worst scenario, a limit's utilisation, a position's weight), or the VaR backtest.",
        discussion: """
        MEASURE: \(HistoryMeasure.syntax) (default: gross net beta-net var es worst-scenario). % of NAV; VaR/ES positive \
        losses at --method and --confidence; worst scenario = the most negative scenario P&L. --backtest: realised one-day \
        P&L against the previous day's VaR for every recorded method and confidence, with Kupiec, Christoffersen and the \
        Basel zone (last 250 days, 99%).
        """)

    @Argument(help: "Measures (\(HistoryMeasure.syntax)).") var measures: [String] = []
    @Option(name: .long, help: "Workspace file (default: ./hedgebook.yaml when present).") var workspace: String?
    @Option(name: .long, help: "Book YAML file (default: the workspace's book; its name selects the recorded runs).") var book: String?
    @Option(name: .long, help: "VaR/ES method: parametric | historical | cornishFisher | monteCarlo") var method: String = "parametric"
    @Option(name: .long, help: "VaR/ES confidence (default 0.99).") var confidence: Double = 0.99
    @Option(name: .long, help: "First date YYYY-MM-DD.") var from: String?
    @Option(name: .long, help: "Last date YYYY-MM-DD.") var to: String?
    @Flag(name: .long, help: "The VaR backtest over the recorded days instead of the measures.") var backtest = false
    @Option(name: .long, help: "table | json | csv (csv: measures only)") var format: OutputFormat = .table
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runReportingErrors(quiet: global.quiet) {
            func date(_ s: String?, _ n: String) throws -> LocalDate? {
                guard let s else { return nil }
                guard let d = LocalDate(iso: s) else { throw ValidationError("\(n): '\(s)' is not a date YYYY-MM-DD") }
                return d
            }
            let d1 = try date(from, "--from"), d2 = try date(to, "--to")
            let session = try Session(workspace: workspace, overrides: InputOverrides(book: book, history: [], allowStale: true))
            let db = try session.openRiskHistory(create: false)
            if backtest {
                let b = try session.historyBacktest(db, from: d1, to: d2)
                switch format {
                case .json: try emitJSON(RiskHistoryOutput.backtestJSON(b), options: global)
                case .csv: throw ValidationError("--backtest: --format table or json")
                case .table: try emit(RiskHistoryOutput.backtestTable(b), options: global)
                }
                return
            }
            let names = measures.isEmpty ? ["gross", "net", "beta-net", "var", "es", "worst-scenario"] : measures
            let parsed = try names.map { n -> HistoryMeasure in
                guard let m = HistoryMeasure(parsing: n, method: method, confidence: confidence) else {
                    throw ValidationError("measure '\(n)': expected \(HistoryMeasure.syntax)")
                }
                return m
            }
            let t = try session.historyTable(db, measures: parsed, from: d1, to: d2)
            switch format {
            case .json: try emitJSON(RiskHistoryOutput.json(t), options: global)
            case .csv: try emit(RiskHistoryOutput.csv(t), options: global)
            case .table: try emit(RiskHistoryOutput.table(t), options: global)
            }
        }
    }
}
