import FileFormats
import Application
import ArgumentParser
import Basics
import Dispatch
import Reports

/// `hedgebook replay --from D1 --to D2`: a snapshot built for every trading day (in memory) and each run recorded.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Build the snapshot of every trading day in a range (in memory) and record each run in the risk history.",
        discussion: """
        Trading days are the market index's dates (policies.marketData.index). Each day: the snapshot command's rules as of \
        that day (no file written), the book valued on it, the risk window ending that day, every VaR method (Monte Carlo \
        with --paths paths, default 10,000), scenarios and limits, recorded in the workspace's record.database (a day \
        recorded again is replaced). Days whose snapshot cannot be built are listed and skipped.
        """)

    @Argument(help: "Book YAML file (default: the workspace's book).") var book: String?
    @Option(name: .long, help: "Workspace file (default: ./hedgebook.yaml when present).") var workspace: String?
    @Option(name: .long, help: "First day YYYY-MM-DD.") var from: String
    @Option(name: .long, help: "Last day YYYY-MM-DD.") var to: String
    @Option(name: .long, help: "Monte Carlo paths a day (default 10000; 0 = skip Monte Carlo).") var paths: Int = 10_000
    @Flag(name: .customLong("no-stress"), help: "Do not value the scenarios each day.") var noStress = false
    @Flag(name: .customLong("allow-stale"), help: "Record days whose quotes are older than policies.marketData.refuseQuoteAgeDays.")
    var allowStale = false
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runReportingErrors(quiet: global.quiet) {
            guard let d1 = LocalDate(iso: from) else { throw ValidationError("--from: '\(from)' is not a date YYYY-MM-DD") }
            guard let d2 = LocalDate(iso: to) else { throw ValidationError("--to: '\(to)' is not a date YYYY-MM-DD") }
            guard paths >= 0 else { throw ValidationError("--paths: \(paths); expected ≥ 0") }
            let start = DispatchTime.now().uptimeNanoseconds
            let verbose = global.verbose
            let s = try RiskReplay.run(workspace: workspace, overrides: InputOverrides(book: book),
                                       options: .init(from: d1, to: d2, paths: paths, stress: !noStress, allowStale: allowStale),
                                       hash: { (try? FileDigest.sha256(path: $0)) ?? "" }) { i, n, d in
                if verbose || (i % 50 == 0) { Console.info("replay \(i + 1)/\(n) \(d)") }
            }
            for w in Set(s.warnings.map { String($0.drop { $0 != ":" }.dropFirst(2)) }).sorted() { Console.warning(w) }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            try emit(RiskHistoryOutput.replay(s, seconds: seconds), options: global)
        }
    }
}
