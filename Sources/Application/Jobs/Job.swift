import FileFormats
import Foundation
import Risk

/// An input file a job names: its path (as every executor sees it) and the SHA-256 of its bytes when planned.
public struct JobInput: Sendable, Hashable {
    public var path: String
    public var sha256: String
    public init(path: String, sha256: String) { self.path = path; self.sha256 = sha256 }
}

/// One unit of work for `hedgebook worker` (one JSON line; format in `Documentation/file-formats.md`, "Jobs").
///
/// Every job names a workspace and the files it may read, each with its content hash; the worker refuses a job whose
/// files changed (or that would read a file it does not name), so a shard is the same computation wherever it runs.
/// Jobs of one `run` are merged together by `hedgebook merge`.
public struct Job: Sendable {
    public var id: String
    /// The run the job is a shard of (merged together).
    public var run: String
    /// The workspace file (absolute path).
    public var workspace: String
    /// Every file the job may read, with its hash (the workspace, book, snapshot, scenarios, price histories).
    public var inputs: [JobInput]
    public var task: Task

    /// What the job computes. The risk-history feature adds its `replay-date` kind here (one date of a history
    /// replay), with its result and merge rule beside the others.
    public enum Task: Sendable {
        case monteCarlo(MonteCarloTask)
        case stress(StressTask)
        case whatIf(WhatIfTask)

        public var kind: String {
            switch self {
            case .monteCarlo: "monte-carlo"
            case .stress: "stress"
            case .whatIf: "what-if"
            }
        }
    }

    public init(id: String, run: String, workspace: String, inputs: [JobInput], task: Task) {
        self.id = id; self.run = run; self.workspace = workspace; self.inputs = inputs; self.task = task
    }

    public static let kinds = ["monte-carlo", "stress", "what-if"]
}

/// Monte Carlo VaR/ES of the workspace's book: chunks `chunks` of a run of `paths` paths (chunk k of 16,384 paths
/// draws from xoshiro256** seeded with `seed` and jumped k times, so the chunk range alone decides the random streams).
/// The covariance method and window are the workspace's; the rest is stated here.
public struct MonteCarloTask: Sendable, Equatable {
    /// Paths of the whole run (all shards).
    public var paths: Int
    public var seed: UInt64
    public var confidences: [Double]
    public var horizonDays: Int
    public var chunks: Range<Int>
    public init(paths: Int, seed: UInt64, confidences: [Double], horizonDays: Int, chunks: Range<Int>) {
        self.paths = paths; self.seed = seed; self.confidences = confidences; self.horizonDays = horizonDays; self.chunks = chunks
    }
}

/// Stress of a book (the workspace's, or `book`) against scenarios `scenarios` (indices into the workspace's scenario
/// list, files in path order, scenarios in file order).
public struct StressTask: Sendable, Equatable {
    public var book: String?
    public var scenarios: Range<Int>
    public init(book: String?, scenarios: Range<Int>) { self.book = book; self.scenarios = scenarios }
}

/// One what-if: the trades (texts as `--trade` takes them) on the workspace's book, Monte Carlo paths (0 = none).
public struct WhatIfTask: Sendable, Equatable {
    public var trades: [String]
    public var paths: Int
    public init(trades: [String], paths: Int) { self.trades = trades; self.paths = paths }
}

/// A job line that cannot be read (bad JSON, a missing key, an unknown kind). `id` is set when the line had one.
public struct JobLineError: Error, Sendable, CustomStringConvertible {
    public var id: String?
    public var kind: String?
    public var description: String

    /// A reading error of the line `context` names (syntax with its column, a key with what was expected).
    init(_ error: any Error, context: String, id: String? = nil, kind: String? = nil) {
        self.id = id
        self.kind = kind
        switch error {
        case let e as JSONSyntaxError: description = "\(context), \(e.description)"
        case let e as JSONFieldError: description = e.description
        default: description = "\(context): \(error)"
        }
    }
}

extension Job {
    static let commonKeys = ["id", "kind", "run", "workspace", "inputs"]

    /// Reads one job line. - Throws: ``JobLineError`` naming the line, the key and what was expected.
    public init(line: String, number: Int) throws(JobLineError) {
        let context = "job line \(number)"
        var id: String?, kind: String?
        do {
            let f = try JSONFields(try JSONNode.parse(line), context: context)
            id = try? f.string("id")
            kind = try? f.string("kind")
            let k = try f.string("kind")
            let task: Task
            switch k {
            case "monte-carlo":
                try f.onlyKeys(Job.commonKeys + ["paths", "seed", "confidences", "horizonDays", "chunks"])
                let confidences = try f.numbers("confidences")
                guard !confidences.isEmpty, confidences.allSatisfy({ $0 > 0 && $0 < 1 }) else {
                    throw JSONFieldError("\(context), key 'confidences': expected levels in (0, 1)")
                }
                let t = MonteCarloTask(paths: try f.int("paths", in: 2...10_000_000),
                                       seed: UInt64(try f.int("seed", in: 0...(1 << 52))),
                                       confidences: confidences, horizonDays: try f.int("horizonDays", in: 1...252),
                                       chunks: try f.range("chunks"))
                guard t.chunks.upperBound <= MonteCarlo.chunkCount(paths: t.paths) else {
                    throw JSONFieldError("\(context), key 'chunks': \(t.chunks.lowerBound)..<\(t.chunks.upperBound) is beyond the \(MonteCarlo.chunkCount(paths: t.paths)) chunks of \(t.paths) paths")
                }
                task = .monteCarlo(t)
            case "stress":
                try f.onlyKeys(Job.commonKeys + ["book", "scenarios"])
                task = .stress(StressTask(book: try f.optionalString("book"), scenarios: try f.range("scenarios")))
            case "what-if":
                try f.onlyKeys(Job.commonKeys + ["trades", "paths"])
                let trades = try f.strings("trades")
                guard !trades.isEmpty else { throw JSONFieldError("\(context), key 'trades': expected at least one trade") }
                task = .whatIf(WhatIfTask(trades: trades, paths: f.has("paths") ? try f.int("paths", in: 0...10_000_000) : 0))
            default:
                throw JSONFieldError("\(context), key 'kind': '\(k)' is not a job kind (expected one of \(Job.kinds.joined(separator: ", ")))")
            }
            let inputs = try f.objects("inputs").map { (o) throws(JSONFieldError) -> JobInput in
                try o.onlyKeys(["path", "sha256"])
                return JobInput(path: try o.string("path"), sha256: try o.string("sha256"))
            }
            self.init(id: try f.string("id"), run: try f.string("run"), workspace: try f.string("workspace"), inputs: inputs, task: task)
        } catch {
            throw JobLineError(error, context: context, id: id, kind: kind)
        }
    }
}
