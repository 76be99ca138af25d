import FileFormats
import Foundation
import Risk

/// `hedgebook jobs`: the job lines of a distributed run. Each plan opens the workspace once per book, touches what the
/// jobs will read (factor histories, scenario files, the stress covariance's histories) and names every file read
/// with its SHA-256, so a worker can refuse changed inputs. Paths are absolute (executors must see the inputs at the
/// same paths: a shared file system or an image).
public enum JobPlanner {
    /// Splits `0..<count` into at most `shards` contiguous, nearly equal, non-empty ranges, in order.
    public static func split(_ count: Int, shards: Int) -> [Range<Int>] {
        let s = max(1, min(shards, count))
        return (0..<s).map { (count * $0 / s)..<(count * ($0 + 1) / s) }
    }

    /// Monte Carlo VaR/ES of the workspace's book in `shards` jobs of whole chunks; `paths` and `seed` override the
    /// workspace's `policies.risk`.
    public static func monteCarlo(workspace: String, run: String, shards: Int, paths: Int? = nil, seed: UInt64? = nil) throws -> [Job] {
        let ws = JobPaths.normalized(workspace)
        let session = try Session(workspace: ws)
        let o = try session.riskOptions()
        let total = paths ?? o.paths
        guard (2...10_000_000).contains(total) else { throw SessionError("paths \(total): a Monte Carlo run needs 2…10,000,000 paths") }
        _ = try BookRisk.factorData(.init(book: session.resolved, history: try session.requireHistory()))
        var digests = Digests()
        let inputs = try digests.inputs(session.inputFiles)
        let ranges = split(MonteCarlo.chunkCount(paths: total), shards: shards)
        return ranges.enumerated().map { k, c in
            Job(id: "\(run)-\(pad(k, ranges.count))", run: run, workspace: ws, inputs: inputs,
                task: .monteCarlo(MonteCarloTask(paths: total, seed: seed ?? o.seed, confidences: o.confidences,
                                                 horizonDays: o.horizonDays, chunks: c)))
        }
    }

    /// Stress of each book (the workspace's when `books` is empty) against the workspace's scenarios, `shardsPerBook`
    /// scenario ranges per book.
    public static func stress(workspace: String, run: String, books: [String], shardsPerBook: Int) throws -> [Job] {
        let ws = JobPaths.normalized(workspace)
        var digests = Digests()
        var jobs: [Job] = []
        let list: [String?] = books.isEmpty ? [nil] : books.map { JobPaths.normalized($0) }
        for (b, book) in list.enumerated() {
            let session = try Session(workspace: ws, overrides: InputOverrides(book: book))
            let count = try session.stressSetup().scenarios.count
            let inputs = try digests.inputs(session.inputFiles)
            let ranges = split(count, shards: shardsPerBook)
            for (k, r) in ranges.enumerated() {
                jobs.append(Job(id: "\(run)-\(pad(b, list.count))-\(pad(k, ranges.count))", run: run, workspace: ws, inputs: inputs,
                                task: .stress(StressTask(book: book, scenarios: r))))
            }
        }
        return jobs
    }

    /// One what-if job per trade list (texts as `--trade` takes them).
    public static func whatIf(workspace: String, run: String, tradeLists: [[String]], paths: Int = 0) throws -> [Job] {
        let ws = JobPaths.normalized(workspace)
        var digests = Digests()
        return try tradeLists.enumerated().map { k, texts in
            let session = try Session(workspace: ws)
            let trades = try texts.enumerated().map { try TradeFile.parse($1, source: "trade \($0 + 1)") }
            // Run once without Monte Carlo to learn which files the what-if reads.
            _ = try session.whatIf(trades, paths: 0)
            return Job(id: "\(run)-\(pad(k, tradeLists.count))", run: run, workspace: ws, inputs: try digests.inputs(session.inputFiles),
                       task: .whatIf(WhatIfTask(trades: texts, paths: paths)))
        }
    }

    static func pad(_ k: Int, _ count: Int) -> String {
        let s = String(k), width = String(max(count - 1, 0)).count
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// Hashes each file once per plan.
    struct Digests {
        var known: [String: String] = [:]
        mutating func inputs(_ files: [String]) throws -> [JobInput] {
            var out: [JobInput] = []
            for f in files.map(JobPaths.normalized) where !out.contains(where: { $0.path == f }) {
                if known[f] == nil { known[f] = try FileDigest.sha256(path: f) }
                out.append(JobInput(path: f, sha256: known[f]!))
            }
            return out
        }
    }
}
