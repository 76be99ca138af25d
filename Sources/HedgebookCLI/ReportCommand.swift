import Application
import ArgumentParser
import Foundation
import Reports

/// `hedgebook report`: the whole picture of a book as one self-contained HTML page plus Markdown and JSON/CSV.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML risk report (plus summary.md and the JSON/CSV of every section).",
        discussion: """
        Sections appear when their inputs are given: exposure and hedges always; stress and the hedge optimiser with scenarios; risk and \
        backtest with price history (all from the workspace unless overridden). The folder is written atomically (built aside, then renamed into place); the same \
        inputs give byte-identical files. Charts are inline SVG; nothing is fetched from the network.
        """)

    @OptionGroup var inputs: WorkspaceOptions
    @Option(name: .long, parsing: .upToNextOption, help: "Scenario files or folders (default: the workspace's).") var scenarios: [String] = []
    @Option(name: .long, parsing: .upToNextOption,
            help: "Price history (default: the workspace's): a data root such as ../shared/data, folders of <TICKER>.csv, wide CSV panels. Feeds the stress covariance, hedge rolls, risk and backtest.")
    var data: [String] = []
    @Option(name: .long, help: "Output folder (default: the workspace's report.out, else reports/<book file name>). An existing folder is replaced only when it is a previous report.")
    var out: String?
    @Flag(name: .long, help: "Replace --out even when it is an existing file or a folder that is not a previous report.")
    var force = false
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runReportingErrors(quiet: global.quiet) {
            let session = try inputs.session(scenarios: scenarios.isEmpty ? nil : scenarios, history: data.isEmpty ? nil : data,
                                             verbose: global.verbose)
            let bookName = ((session.spec.book! as NSString).lastPathComponent as NSString).deletingPathExtension
            let outDir = out ?? session.spec.reportOut ?? "reports/" + bookName
            let withStress = !session.spec.scenarios.isEmpty, withHistory = session.history != nil
            var progress = Progress(total: 4 + (withStress ? 2 : 0) + (withHistory ? 3 : 0), label: "report", quiet: global.quiet)
            var r = ReportBuilder(session: session)
            try r.addExposure(); progress.step("exposure")
            try r.addHedges(); progress.step("hedges")
            if withStress { try r.addStress(); progress.step("stress") }
            if withStress { try r.addHedgeOptimiser(); progress.step("hedge optimiser") }
            try r.addSurface(); progress.step("surface")
            if withHistory {
                try r.addRisk(); progress.step("risk")
                try r.addFactors(); progress.step("factors")
                try r.addBacktest(); progress.step("backtest")
            }
            if r.hasRiskHistory { try r.addRiskHistory() }
            r.addConventions(); progress.step("conventions")
            try r.write(to: outDir, force: force)
            progress.finish()
            if !global.quiet { try emit("wrote \(outDir)/index.html (\(r.files.count + 2) files)", options: global) }
            for w in r.warnings { Console.warning(w) }
        }
    }
}

/// A progress bar with ETA on stderr, only when stderr is a terminal (nothing in pipes or CI) and not `--quiet`.
struct Progress {
    let total: Int
    let label: String
    let enabled: Bool
    var done = 0
    let start = Date()

    init(total: Int, label: String, quiet: Bool) {
        self.total = max(total, 1)
        self.label = label
        self.enabled = !quiet && isatty(2) != 0
    }

    mutating func step(_ what: String) {
        done += 1
        guard enabled else { return }
        let frac = Double(done) / Double(total)
        let elapsed = Date().timeIntervalSince(start)
        let eta = frac > 0 ? elapsed * (1 - frac) / frac : 0
        let width = 24
        let filled = Int((frac * Double(width)).rounded())
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        Console.stderr("\r\(label) [\(bar)] \(Int(frac * 100))% ETA \(Int(eta.rounded()))s  \(what)            ")
    }

    func finish() {
        guard enabled else { return }
        Console.stderr("\n")
    }
}
