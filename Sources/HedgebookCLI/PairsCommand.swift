import Application
import ArgumentParser
import Basics
import Reports

struct PairsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pairs",
        abstract: "Pair analytics: hedge ratios, correlation, spread vol, rolling stability, half-life, Engle–Granger, carry, target probability.",
        discussion: """
        Histories, window and proxies follow `hedgebook risk BOOK` (daily log returns, intersection of calendars, one \
        year to the earliest last date unless --from/--to). Carry is % of NAV per year (dividends, borrow, financing, \
        option time decay = time value ÷ years to expiry). Target probability: drifted Brownian log spread (drift = carry / long notional, vol = annual \
        spread vol), probability of touching ln(1 + target) within the horizon (reflection formula) and of ending above it.
        """)

    @OptionGroup var inputs: WorkspaceOptions
    @Option(name: .long, help: "Wide CSV panel, folder of <TICKER>.csv, or a data root (default: the workspace's history).") var prices: String?
    @Option(name: .long, help: "First price date (YYYY-MM-DD).") var from: String?
    @Option(name: .long, help: "Last price date (YYYY-MM-DD).") var to: String?
    @Option(name: .long, help: "table | json") var format: OutputFormat = .table
    @OptionGroup var global: GlobalOptions

    func date(_ s: String?, _ n: String) throws -> LocalDate? {
        guard let s else { return nil }
        guard let d = LocalDate(iso: s) else { throw ValidationError("\(n): '\(s)' is not a date YYYY-MM-DD") }
        return d
    }

    func run() throws {
        try runReportingErrors(quiet: global.quiet) {
            let session = try inputs.session(history: prices.map { [$0] }, verbose: global.verbose)
            let (fd, res) = try session.pairs(from: try date(from, "--from"), to: try date(to, "--to"))
            switch format {
            case .json: try emitJSON(PairsOutput.json(res, factorData: fd, session: session), options: global)
            default: try emit(PairsOutput.table(res, factorData: fd, session: session), options: global)
            }
        }
    }

    func validate() throws {
        if format == .csv { throw ValidationError("--format csv is not supported by pairs; use json or table") }
    }
}
