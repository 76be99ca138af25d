import FileFormats
import Foundation
import Risk
import Stress

/// Runs one job (`hedgebook worker`): checks every named input against its hash, opens the workspace, computes the
/// shard, and checks that the run read no file the job does not name. Never throws: a refused or failed job is a
/// result carrying the job's id and the reason.
public enum JobRunner {
    /// - Parameter workers: threads for the Monte Carlo chunks of this job (the result is the same for any count).
    public static func run(_ job: Job, workers: Int = 1) -> JobResult {
        do {
            try verify(job.inputs)
            let outcome: JobResult.Outcome
            switch job.task {
            case .monteCarlo(let t):
                let session = try Session(workspace: job.workspace)
                var o = try session.riskOptions()
                o.paths = t.paths; o.seed = t.seed; o.confidences = t.confidences; o.horizonDays = t.horizonDays
                o.workers = max(1, workers)
                let tail = try BookRisk.monteCarloShard(.init(book: session.resolved, history: try session.requireHistory()),
                                                        options: o, chunks: t.chunks)
                try checkRead(session, job)
                outcome = .monteCarlo(MonteCarloShard(task: t, inputs: job.inputs, tail: tail))
            case .stress(let t):
                let session = try Session(workspace: job.workspace, overrides: InputOverrides(book: t.book))
                let shard = try session.stressShard(scenarios: t.scenarios)
                try checkRead(session, job)
                outcome = .stress(StressShard(book: JobPaths.normalized(session.spec.book ?? ""), baseCurrency: session.book.baseCurrency.code,
                                              nav: session.book.nav, scenarioCount: shard.count, scenarios: t.scenarios,
                                              inputs: job.inputs, rows: shard.rows))
            case .whatIf(let t):
                let session = try Session(workspace: job.workspace)
                let trades = try t.trades.enumerated().map { try TradeFile.parse($1, source: "job \(job.id) trade \($0 + 1)") }
                let report = try session.whatIf(trades, paths: t.paths)
                try checkRead(session, job)
                outcome = .whatIf(.report(trades: t.trades, report))
            }
            return JobResult(id: job.id, run: job.run, kind: job.task.kind, outcome: outcome)
        } catch {
            return JobResult(id: job.id, run: job.run, kind: job.task.kind, outcome: .failed(String(describing: error)))
        }
    }

    /// Refuses the job when a named file is missing or its bytes hash to something else than the job says.
    public static func verify(_ inputs: [JobInput]) throws(JobRefused) {
        for i in inputs {
            let actual: String
            do { actual = try FileDigest.sha256(path: i.path) } catch {
                throw JobRefused("input \(i.path): \(error.message); the job is refused")
            }
            guard actual == i.sha256 else {
                throw JobRefused("input \(i.path): SHA-256 is \(actual), the job names \(i.sha256) (the file changed since the job was planned); the job is refused")
            }
        }
    }

    /// Refuses the result when the run read a file the job does not name (its hash was never checked).
    static func checkRead(_ session: Session, _ job: Job) throws(JobRefused) {
        let named = Set(job.inputs.map { JobPaths.normalized($0.path) })
        let unnamed = session.inputFiles.map(JobPaths.normalized).filter { !named.contains($0) }
        guard unnamed.isEmpty else {
            throw JobRefused("the job read \(unnamed.joined(separator: ", ")), which it does not name among its inputs (plan it again with `hedgebook jobs`); the result is refused")
        }
    }
}

/// A job refused before or after it ran (an input changed or is not named).
public struct JobRefused: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ d: String) { description = d }
}

/// How job inputs are named: absolute, standardized paths (`..` and `.` resolved, symlinks kept), the same string
/// on every machine that mounts the inputs at the same place.
public enum JobPaths {
    public static func normalized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}

extension Session {
    /// Stress of the book against scenarios `range` of the session's list: the setup of ``stress(holding:)`` (the
    /// propagation covariance over all the scenarios, case-set probabilities checked over all of them), each scenario
    /// valued alone (one row of the engine's product), so a row is the same whichever shard computes it.
    public func stressShard(scenarios range: Range<Int>) throws -> (count: Int, rows: [StressRow]) {
        let setup = try stressSetup()
        let list = setup.scenarios
        guard range.upperBound <= list.count else {
            throw SessionError("scenarios \(range.lowerBound)..<\(range.upperBound): the workspace has \(list.count) scenarios")
        }
        try StressRunner.checkProbabilities(list)
        let resolver = ScenarioResolver(engine: setup.engine, covariance: setup.covariance, factors: setup.factors)
        let nav = setup.engine.nav
        var rows: [StressRow] = []
        for i in range {
            let (m, _) = try resolver.matrix([list[i]])
            let total = setup.engine.evaluate(m, buckets: setup.engine.perPosition).row(0).reduce(0, +)
            rows.append(StressRow(index: i, scenario: list[i].id, pnl: total, pctNAV: total / nav * 100))
        }
        return (list.count, rows)
    }
}
