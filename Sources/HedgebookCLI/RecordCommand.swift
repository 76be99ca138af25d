import FileFormats
import Application
import ArgumentParser
import Reports

/// `hedgebook record`: the workspace's run recorded in its risk-history database.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record this run (exposure, limits, VaR/ES by method and confidence, every scenario's P&L) in the risk history.",
        discussion: """
        The database is the workspace's record.database (default hedgebook-history.sqlite beside hedgebook.yaml), an \
        embedded SQLite file (WAL). A book and valuation date identify a run: recording again replaces it. Inputs are \
        stored with their SHA-256. Numbers come from the same session methods as exposure, risk and stress. VaR/ES are \
        positive losses, fractions of NAV; exposures % of NAV.
        """)

    @OptionGroup var inputs: WorkspaceOptions
    @Option(name: .long, help: "Monte Carlo paths (default: the workspace's policies.risk.paths; 0 = skip).") var paths: Int?
    @Flag(name: .customLong("no-stress"), help: "Do not value the scenarios.") var noStress = false
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runReportingErrors(quiet: global.quiet) {
            let session = try inputs.session(verbose: global.verbose)
            var risk = try session.riskOptions()
            if let p = paths { risk.paths = p }
            let (record, warnings) = try session.runRecord(RecordOptions(risk: risk, stress: !noStress, command: "hedgebook record"),
                                                           hash: { (try? FileDigest.sha256(path: $0)) ?? "" })
            for w in warnings { Console.warning(w) }
            let db = try session.openRiskHistory(create: true)
            let replaced = try db.record(record)
            try emit(RiskHistoryOutput.recorded(record, database: db.path, replaced: replaced), options: global)
        }
    }
}
