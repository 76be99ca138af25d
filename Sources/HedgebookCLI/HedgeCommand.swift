import Application
import ArgumentParser
import Foundation
import Hedging
import Instruments
import LinearProgramming
import Reports

struct HedgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hedge",
        abstract: "CVaR hedge optimiser: the best protection a premium budget buys, or the cheapest hedge under a loss limit.",
        discussion: """
        Rockafellar–Uryasev linear programme on COIN-OR CLP over the workspace's named scenarios (each at its horizon) \
        and seeded Monte Carlo paths from the history covariance; candidates are generated puts/calls (European, \
        Black–Scholes–Merton at the snapshot vol, no skew), short stock/ETF lines the book's constraints allow, and the \
        book's proposed hedge packages (rolled when expired), each fully revalued by the stress engine. Exactly one of \
        --budget, --max-cvar, --max-loss. Percentages of NAV; losses positive.
        """)

    @OptionGroup var inputs: WorkspaceOptions
    @Option(name: .long, help: "Minimise CVaR with premium ≤ this % of NAV.") var budget: Double?
    @Option(name: .customLong("max-cvar"), help: "Minimise premium with CVaR ≤ this % of NAV.") var maxCVaR: Double?
    @Option(name: .customLong("max-loss"), help: "Minimise premium with the loss of --scenario ≤ this % of NAV.") var maxLoss: Double?
    @Option(name: .long, help: "Named scenario for --max-loss (e.g. book-bear).") var scenario: String?
    @Option(name: .long, help: "CVaR confidence α (default 0.95).") var alpha: Double = 0.95
    @Option(name: .long, parsing: .upToNextOption, help: "Candidate underlyings (default: index ETFs in the snapshot, the two largest US longs, the book's option underlyings).")
    var underlyings: [String] = []
    @Option(name: .long, parsing: .upToNextOption, help: "Strike ÷ spot grid (default 0.8 0.9 1.0).") var moneyness: [Double] = [0.8, 0.9, 1.0]
    @Option(name: .long, parsing: .upToNextOption, help: "Tenors in calendar days (default 91 182 365).") var tenors: [Int] = [91, 182, 365]
    @Option(name: .long, help: "put | call | both (default put).") var rights: String = "put"
    @Flag(name: .customLong("no-short-lines"), help: "Offer no short stock/ETF lines.") var noShortLines = false
    @Flag(name: .customLong("no-packages"), help: "Do not offer the book's proposed hedge packages.") var noPackages = false
    @Option(name: .customLong("max-notional"), help: "Per-candidate cap: underlying notional ≤ this % of NAV (default 10).")
    var maxNotional: Double = 10
    @Option(name: .long, parsing: .upToNextOption, help: "Book positions set aside and compared with (e.g. MU-P-2027-01).")
    var replace: [String] = []
    @Option(name: .long, help: "Monte Carlo paths (default 10000; 0 = named scenarios only).") var paths: Int = 10_000
    @Option(name: .customLong("horizon-days"), help: "Monte Carlo horizon in trading days (default 21).") var horizonDays: Int = 21
    @Option(name: .long, help: "Monte Carlo seed (default 1).") var seed: UInt64 = 1
    @Flag(name: .customLong("no-named"), help: "Leave the workspace's named scenarios out.") var noNamed = false
    @Option(name: .long, parsing: .upToNextOption, help: "Frontier budgets in % of NAV (default 0.5 1 … 4; 0 = none).")
    var frontier: [Double] = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4]
    @Option(name: .customLong("max-seconds"), help: "LP time limit in seconds.") var maxSeconds: Double?
    @Option(name: .customLong("export-lp"), help: "Also write the LP as free MPS to this file (refused if it exists, unless --force).")
    var exportLP: String?
    @Flag(name: .long, help: "Replace an existing --export-lp file.") var force = false
    @Option(name: .long, help: "table | json | csv") var format: OutputFormat = .table
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        let given = [budget != nil, maxCVaR != nil, maxLoss != nil].filter { $0 }.count
        if given != 1 { throw ValidationError("give exactly one of --budget, --max-cvar, --max-loss") }
        if maxLoss != nil && scenario == nil { throw ValidationError("--max-loss needs --scenario ID (a named scenario)") }
        if !["put", "call", "both"].contains(rights) { throw ValidationError("--rights must be put, call or both, got '\(rights)'") }
        if paths < 0 { throw ValidationError("--paths must be ≥ 0, got \(paths)") }
    }

    func run() throws {
        try runReportingErrors(quiet: global.quiet) {
            let objective: HedgeObjective
            if let b = budget { objective = .minimiseCVaR(budgetPercent: b) }
            else if let l = maxCVaR { objective = .minimisePremiumForCVaR(limitPercent: l) }
            else { objective = .minimisePremiumForScenario(scenario: scenario!, limitPercent: maxLoss!) }
            var req = HedgeRequest(objective: objective)
            req.alpha = alpha
            req.underlyings = underlyings.isEmpty ? nil : underlyings
            req.grid = CandidateGrid(underlyings: [], rights: rights == "both" ? [.put, .call] : [rights == "put" ? .put : .call],
                                     moneyness: moneyness, tenorDays: tenors, shortLines: !noShortLines, maxNotionalPercent: maxNotional)
            req.packages = !noPackages
            req.replace = replace
            req.namedScenarios = !noNamed
            req.monteCarlo = HedgeMonteCarloSpec(paths: paths, horizonDays: horizonDays, seed: seed)
            req.frontierBudgets = frontier == [0] ? [] : frontier
            req.lpOptions = LPOptions(maxSeconds: maxSeconds)
            if let path = exportLP, !force, FileManager.default.fileExists(atPath: path) {
                throw ValidationError("--export-lp \(path): the file exists; give --force to replace it")
            }
            let session = try inputs.session(verbose: global.verbose)
            let report = try session.hedge(req)
            if let path = exportLP {
                try AtomicFile.write(MPSWriter.text(report.lp, name: "HEDGE"), to: path)
                if !global.quiet { Console.info("wrote \(path)") }
            }
            switch format {
            case .json: try emitJSON(HedgeOutput.json(report), options: global)
            case .csv: try emit(HedgeOutput.csv(report), options: global)
            case .table: try emit(HedgeOutput.table(report), options: global)
            }
        }
    }
}
