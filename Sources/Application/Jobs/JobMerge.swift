import Risk

/// `hedgebook merge`: shard results combined exactly.
///
/// - Monte Carlo: per run, the shards must state the same run (paths, seed, confidences, horizon, inputs) and their
///   chunk ranges must tile the run's chunks with no gap or overlap; their tails merge (``MonteCarloTail``) into VaR/ES
///   equal to the single-process run's bit for bit.
/// - Stress: per run, rows concatenated and ordered by book (path) and scenario index; each book's shards must cover
///   its scenarios exactly once.
/// - What-if: results ordered by job id, passed through.
/// - Failed jobs are listed (ordered by id) and make the merge incomplete; a duplicated job id is an error.
public enum JobMerge {
    public struct MonteCarloRun: Sendable {
        public var run: String
        public var task: MonteCarloTask
        public var shards: Int
        public var inputs: [JobInput]
        public var measures: [VaR.Measure]
    }

    public struct StressRun: Sendable {
        public var run: String
        public var books: [(book: String, baseCurrency: String, nav: Double, rows: [StressRow])]
        public var inputs: [JobInput]
    }

    public struct Merged: Sendable {
        public var monteCarlo: [MonteCarloRun] = []
        public var stress: [StressRun] = []
        public var whatIf: [(id: String, run: String, outcome: WhatIfOutcome)] = []
        public var failed: [(id: String, run: String, kind: String, error: String)] = []
    }

    public static func merge(_ results: [JobResult]) throws(MergeError) -> Merged {
        var seen = Set<String>()
        for r in results {
            guard seen.insert(r.id).inserted else { throw MergeError("job \(r.id) appears more than once among the results") }
        }
        var out = Merged()
        var mc: [String: [(String, MonteCarloShard)]] = [:]
        var st: [String: [(String, StressShard)]] = [:]
        for r in results.sorted(by: { $0.id < $1.id }) {
            switch r.outcome {
            case .monteCarlo(let s): mc[r.run, default: []].append((r.id, s))
            case .stress(let s): st[r.run, default: []].append((r.id, s))
            case .whatIf(let w): out.whatIf.append((r.id, r.run, w))
            case .failed(let e): out.failed.append((r.id, r.run, r.kind, e))
            }
        }
        let failedRuns = Set(out.failed.map(\.run))
        for run in mc.keys.sorted() where !failedRuns.contains(run) {
            out.monteCarlo.append(try monteCarlo(run, mc[run]!))
        }
        for run in st.keys.sorted() where !failedRuns.contains(run) {
            out.stress.append(try stress(run, st[run]!))
        }
        return out
    }

    static func monteCarlo(_ run: String, _ shards: [(id: String, shard: MonteCarloShard)]) throws(MergeError) -> MonteCarloRun {
        let first = shards[0].shard
        var t = first.task
        for (id, s) in shards {
            var u = s.task
            u.chunks = t.chunks
            guard u == t else { throw MergeError("run \(run): job \(id) states another Monte Carlo run (paths, seed, confidences or horizon) than job \(shards[0].id)") }
            guard s.inputs == first.inputs else { throw MergeError("run \(run): job \(id) read other inputs (paths or hashes) than job \(shards[0].id)") }
        }
        let sorted = shards.sorted { $0.shard.task.chunks.lowerBound < $1.shard.task.chunks.lowerBound }
        var next = 0
        for (id, s) in sorted {
            let c = s.task.chunks
            guard c.lowerBound == next else {
                throw MergeError(c.lowerBound > next
                    ? "run \(run): chunks \(next)..<\(c.lowerBound) are missing (no result covers them)"
                    : "run \(run): job \(id) overlaps chunks \(c.lowerBound)..<\(next), already covered")
            }
            let expected = MonteCarlo.pathRange(chunks: c, paths: t.paths).count
            guard s.tail.paths == expected else {
                throw MergeError("run \(run): job \(id) summarises \(s.tail.paths) paths; chunks \(c.lowerBound)..<\(c.upperBound) hold \(expected)")
            }
            next = c.upperBound
        }
        let all = MonteCarlo.chunkCount(paths: t.paths)
        guard next == all else { throw MergeError("run \(run): chunks \(next)..<\(all) are missing (no result covers them)") }
        t.chunks = 0..<all
        let keep = MonteCarloTail.keepCount(totalPaths: t.paths, confidences: t.confidences)
        let tail = MonteCarloTail.merge(shards.map(\.shard.tail), keep: keep)
        let measures: [VaR.Measure]
        do { measures = try tail.measures(confidences: t.confidences) } catch { throw MergeError("run \(run): \(error)") }
        return MonteCarloRun(run: run, task: t, shards: shards.count, inputs: first.inputs, measures: measures)
    }

    static func stress(_ run: String, _ shards: [(id: String, shard: StressShard)]) throws(MergeError) -> StressRun {
        var byBook: [String: [(String, StressShard)]] = [:]
        for s in shards { byBook[s.shard.book, default: []].append(s) }
        var books: [(String, String, Double, [StressRow])] = []
        var inputs = Set<JobInput>()
        for book in byBook.keys.sorted() {
            let parts = byBook[book]!
            let head = parts[0].1
            var rows: [StressRow] = []
            for (id, s) in parts {
                guard s.scenarioCount == head.scenarioCount, s.nav == head.nav, s.baseCurrency == head.baseCurrency else {
                    throw MergeError("run \(run), book \(book): job \(id) states another scenario count, NAV or currency than job \(parts[0].0)")
                }
                rows += s.rows
                inputs.formUnion(s.inputs)
            }
            rows.sort { $0.index < $1.index }
            for (k, r) in rows.enumerated() where r.index != k {
                throw MergeError(r.index > k
                    ? "run \(run), book \(book): scenario \(k) is missing (no result covers it)"
                    : "run \(run), book \(book): scenario \(r.index) appears twice")
            }
            guard rows.count == head.scenarioCount else {
                throw MergeError("run \(run), book \(book): scenarios \(rows.count)..<\(head.scenarioCount) are missing (no result covers them)")
            }
            books.append((book, head.baseCurrency, head.nav, rows))
        }
        return StressRun(run: run, books: books.map { (book: $0.0, baseCurrency: $0.1, nav: $0.2, rows: $0.3) },
                         inputs: inputs.sorted { ($0.path, $0.sha256) < ($1.path, $1.sha256) })
    }
}

/// Shard results that cannot be merged exactly (a gap, an overlap, shards of different runs, a duplicated job).
public struct MergeError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ d: String) { description = d }
}
