import Application
import ArgumentParser
import FileFormats
import Instruments
import Reports

struct WhatIfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif",
        abstract: "Pre-trade what-if: exposure, scenarios, case sets, VaR/ES, marginal VaR, limits and constraints before and after trades.",
        discussion: """
        Trades: --trade "NVDA +2%", --trade "NVDA -500 shares", --trade "close 0700.HK", \
        --trade "MU put 650 2027-01-15 +200 contracts" (or "+1% premium"), --trade "hold T2", --trade "roll T1"; \
        or --trades FILE.yaml (version: 1, trades: [texts]). % of NAV throughout; VaR/ES positive losses.
        """)

    @OptionGroup var inputs: WorkspaceOptions
    @Option(name: .long, help: "A trade (repeatable).") var trade: [String] = []
    @Option(name: .long, help: "A YAML trade list (version: 1, trades: [...]).") var trades: String?
    @Option(name: .long, parsing: .unconditional, help: "Monte Carlo paths for both books (0 = parametric and historical only).") var paths: Int = 0
    @Option(name: .long, help: "table | json | csv") var format: OutputFormat = .table
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if trade.isEmpty && trades == nil { throw ValidationError("give at least one --trade or a --trades FILE") }
        if paths < 0 || paths == 1 || paths > 10_000_000 { throw ValidationError("--paths must be 0 or in 2…10,000,000, got \(paths)") }
    }

    func run() throws {
        try runReportingErrors(quiet: global.quiet) {
            var list: [Trade] = []
            if let f = trades { list += try TradeFile.load(path: f) }
            for (i, t) in trade.enumerated() { list.append(try TradeFile.parse(t, source: "--trade \(i + 1)")) }
            let session = try inputs.session(verbose: global.verbose)
            let report = try session.whatIf(list, paths: paths)
            switch format {
            case .json: try emitJSON(WhatIfOutput.json(report), options: global)
            case .csv: try emit(WhatIfOutput.csv(report), options: global)
            case .table: try emit(WhatIfOutput.text(report), options: global)
            }
        }
    }
}
