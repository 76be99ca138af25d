import FileFormats
import Risk

/// What `hedgebook worker` answers for one job (one JSON line), and what `hedgebook merge` reads back.
public struct JobResult: Sendable {
    public var id: String
    public var run: String
    /// The job's kind (`monte-carlo`, `stress`, `what-if`), or `unknown` for a line that named none.
    public var kind: String
    public var outcome: Outcome

    public enum Outcome: Sendable {
        case monteCarlo(MonteCarloShard)
        case stress(StressShard)
        case whatIf(WhatIfOutcome)
        /// The job was refused or failed: the sentence says why (a hash mismatch, a bad input, …).
        case failed(String)
    }

    public init(id: String, run: String, kind: String, outcome: Outcome) {
        self.id = id; self.run = run; self.kind = kind; self.outcome = outcome
    }
}

/// A Monte Carlo shard: the task it ran, the inputs it verified, and the tail of its P&L (fractions of NAV).
public struct MonteCarloShard: Sendable, Equatable {
    public var task: MonteCarloTask
    public var inputs: [JobInput]
    public var tail: MonteCarloTail
}

/// A stress shard: one book against a range of the workspace's scenarios.
public struct StressShard: Sendable, Equatable {
    /// The book file (the job's `book`, else the workspace's).
    public var book: String
    public var baseCurrency: String
    public var nav: Double
    /// Scenarios in the workspace's list (all shards of one book cover 0..<scenarioCount).
    public var scenarioCount: Int
    public var scenarios: Range<Int>
    public var inputs: [JobInput]
    public var rows: [StressRow]
}

/// One scenario's total P&L: base currency (gain > 0) and % of NAV.
public struct StressRow: Sendable, Equatable {
    public var index: Int
    public var scenario: String
    public var pnl: Double
    public var pctNAV: Double
    public init(index: Int, scenario: String, pnl: Double, pctNAV: Double) {
        self.index = index; self.scenario = scenario; self.pnl = pnl; self.pctNAV = pctNAV
    }
}

/// A what-if result: the report (worker side) or its JSON as read back (merge side, passed through unchanged).
public enum WhatIfOutcome: Sendable {
    case report(trades: [String], WhatIfReport)
    case json(trades: [String], JSONNode)

    public var trades: [String] {
        switch self {
        case .report(let t, _), .json(let t, _): t
        }
    }
}

extension JobResult {
    /// Reads one result line. - Throws: ``JobLineError`` naming the line, the key and what was expected.
    public init(line: String, number: Int) throws(JobLineError) {
        let context = "result line \(number)"
        do {
            let f = try JSONFields(try JSONNode.parse(line), context: context)
            let id = try f.string("id"), run = try f.string("run"), kind = try f.string("kind")
            let status = try f.string("status")
            if status == "error" {
                self.init(id: id, run: run, kind: kind, outcome: .failed(try f.string("error")))
                return
            }
            guard status == "ok" else { throw JSONFieldError("\(context), key 'status': expected ok or error, found '\(status)'") }
            func inputs() throws(JSONFieldError) -> [JobInput] {
                try f.objects("inputs").map { (o) throws(JSONFieldError) -> JobInput in
                    JobInput(path: try o.string("path"), sha256: try o.string("sha256"))
                }
            }
            switch kind {
            case "monte-carlo":
                let task = MonteCarloTask(paths: try f.int("paths", in: 2...10_000_000), seed: UInt64(try f.int("seed", in: 0...(1 << 52))),
                                          confidences: try f.numbers("confidences"), horizonDays: try f.int("horizonDays", in: 1...252),
                                          chunks: try f.range("chunks"))
                let worst = try f.numbers("worst")
                for i in worst.indices.dropFirst() where !(worst[i - 1] <= worst[i]) {
                    throw JSONFieldError("\(context), key 'worst': expected ascending values (index \(i))")
                }
                let tail = MonteCarloTail(paths: try f.int("shardPaths", in: 1...10_000_000), worst: worst)
                self.init(id: id, run: run, kind: kind, outcome: .monteCarlo(MonteCarloShard(task: task, inputs: try inputs(), tail: tail)))
            case "stress":
                let rows = try f.objects("rows").map { (o) throws(JSONFieldError) -> StressRow in
                    StressRow(index: try o.int("index"), scenario: try o.string("scenario"), pnl: try o.number("pnl"), pctNAV: try o.number("pctNAV"))
                }
                let shard = StressShard(book: try f.string("book"), baseCurrency: try f.string("baseCurrency"), nav: try f.number("nav"),
                                        scenarioCount: try f.int("scenarioCount"), scenarios: try f.range("scenarios"),
                                        inputs: try inputs(), rows: rows)
                self.init(id: id, run: run, kind: kind, outcome: .stress(shard))
            case "what-if":
                guard let r = f.node("result") else { throw JSONFieldError("\(context), key 'result': expected an object, missing") }
                self.init(id: id, run: run, kind: kind, outcome: .whatIf(.json(trades: try f.strings("trades"), r)))
            default:
                throw JSONFieldError("\(context), key 'kind': '\(kind)' is not a job kind (expected one of \(Job.kinds.joined(separator: ", ")))")
            }
        } catch {
            throw JobLineError(error, context: context)
        }
    }
}
