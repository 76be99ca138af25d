import Application
import ArgumentParser
import Reports

struct JobsCommand: ParsableCommand {
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case monteCarlo = "monte-carlo", stress, whatIf = "what-if"
    }

    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "Plan a distributed run: the JSON job lines `hedgebook worker` runs (monte-carlo, stress, what-if).",
        discussion: """
        monte-carlo: the workspace book's Monte Carlo VaR/ES in --shards jobs of whole 16,384-path chunks. stress: each \
        --book (default the workspace's) against the workspace's scenarios, --shards scenario ranges per book. what-if: \
        one job with the --trade texts. Every file a job will read is named with its SHA-256; paths are absolute, so \
        executors must see the inputs at the same paths.
        """)

    @Argument(help: "monte-carlo | stress | what-if") var kind: Kind
    @Option(name: .long, help: "Workspace file.") var workspace: String = "hedgebook.yaml"
    @Option(name: .customLong("run"), help: "Run name (job ids are RUN-NNN; merged per run; default: the kind).") var runName: String?
    @Option(name: .long, help: "Shards (monte-carlo: jobs; stress: jobs per book).") var shards: Int = 8
    @Option(name: .long, help: "Monte Carlo paths of the whole run (default: the workspace's; what-if: paths for both books, default 0).") var paths: Int?
    @Option(name: .long, help: "Monte Carlo seed (default: the workspace's).") var seed: UInt64?
    @Option(name: .long, parsing: .singleValue, help: "A book for stress (repeatable).") var book: [String] = []
    @Option(name: .long, parsing: .singleValue, help: "A trade for what-if (repeatable).") var trade: [String] = []
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if !(1...100_000).contains(shards) { throw ValidationError("--shards must be in 1…100,000, got \(shards)") }
        if let p = paths, !(2...10_000_000).contains(p) { throw ValidationError("--paths must be in 2…10,000,000, got \(p)") }
        if kind == .whatIf && trade.isEmpty { throw ValidationError("what-if needs at least one --trade") }
    }

    func run() throws {
        try runReportingErrors(quiet: global.quiet) {
            let name = runName ?? kind.rawValue
            let jobs: [Job]
            switch kind {
            case .monteCarlo: jobs = try JobPlanner.monteCarlo(workspace: workspace, run: name, shards: shards, paths: paths, seed: seed)
            case .stress: jobs = try JobPlanner.stress(workspace: workspace, run: name, books: book, shardsPerBook: shards)
            case .whatIf: jobs = try JobPlanner.whatIf(workspace: workspace, run: name, tradeLists: [trade], paths: paths ?? 0)
            }
            try emitStream(options: global) { w in
                for j in jobs {
                    JobOutput.job(j, into: w)
                    w.byte(0x0A)
                    try w.flushIfFull()
                }
            }
        }
    }
}
