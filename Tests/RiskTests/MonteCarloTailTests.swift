import LinearAlgebra
import QuantMath
import Risk
import Testing

/// Exact merges of Monte Carlo shards (issue 20): VaR/ES from the merged tails of any partition of the paths equal the
/// single-process figures bit for bit (`==` on Double), ties included.
@Suite struct MonteCarloTailTests {
    static let confidences = [0.95, 0.975, 0.99]

    /// Splits `x` at the cut points and merges the parts' tails.
    static func merged(_ x: [Double], cuts: [Int], confidences: [Double] = confidences) throws -> [VaR.Measure] {
        let keep = MonteCarloTail.keepCount(totalPaths: x.count, confidences: confidences)
        let bounds = [0] + cuts + [x.count]
        let parts = try (0..<(bounds.count - 1)).map { try MonteCarloTail(pnl: Array(x[bounds[$0]..<bounds[$0 + 1]]), keep: keep) }
        return try MonteCarloTail.merge(parts, keep: keep).measures(confidences: confidences)
    }

    static func normals(_ n: Int, seed: UInt64) -> [Double] {
        var rng = Xoshiro256(seed: seed)
        var x = [Double](repeating: 0, count: n)
        x.withUnsafeMutableBufferPointer { rng.fillNormal($0) }
        return x
    }

    /// Random partitions of 10,007 normal P&L values: merged == whole, for several partitions including parts smaller
    /// than the tail and a part holding the whole tail.
    @Test func anyPartitionGivesTheSingleProcessFiguresBitForBit() throws {
        let x = Self.normals(10_007, seed: 3)
        let whole = try MonteCarlo.measures(pnl: x, confidences: Self.confidences)
        for cuts in [[5_000], [1, 2, 3, 10_000], [100, 2_000, 2_001, 7_777, 9_999], Array(stride(from: 1_250, to: 10_007, by: 1_250))] {
            #expect(try Self.merged(x, cuts: cuts) == whole)
        }
        // All the worst values in one part: the others keep values that are all dropped at the merge.
        let sorted = x.sorted()
        #expect(try Self.merged(sorted, cuts: [600, 5_000]) == whole)
    }

    /// Heavy ties (P&L rounded to 0.5): the tail keeps every value equal to its last one, so ES still counts every
    /// path ≤ Q; without the ties the ES would differ.
    @Test func tiesAtTheCutAreKept() throws {
        let x = Self.normals(4_001, seed: 9).map { ($0 * 2).rounded() / 2 }
        let whole = try MonteCarlo.measures(pnl: x, confidences: Self.confidences)
        for cuts in [[1_000, 2_000, 3_000], [7, 3_994]] {
            #expect(try Self.merged(x, cuts: cuts) == whole)
        }
        let keep = MonteCarloTail.keepCount(totalPaths: x.count, confidences: Self.confidences)
        let t = try MonteCarloTail(pnl: x, keep: keep)
        #expect(t.worst.count > keep)
        #expect(t.worst[keep - 1] == t.worst.last!)
    }

    /// The tail length is the index NumPy's linear quantile reads last, plus one: ⌊(n − 1)(1 − c)⌋ + 2.
    @Test func keepCountIsTheLastIndexTheQuantileReads() {
        #expect(MonteCarloTail.keepCount(totalPaths: 10_000_000, confidences: [0.99, 0.95]) == Int((9_999_999 * 0.05).rounded(.down)) + 2)
        #expect(MonteCarloTail.keepCount(totalPaths: 2, confidences: [0.5]) == 2)
        #expect(MonteCarloTail.keepCount(totalPaths: 100, confidences: [0.999]) == 2)
    }

    /// Merging is associative: merged merges give the same tail as one merge of all parts.
    @Test func mergingMergesIsTheSame() throws {
        let x = Self.normals(3_000, seed: 5)
        let keep = MonteCarloTail.keepCount(totalPaths: x.count, confidences: Self.confidences)
        let parts = try stride(from: 0, to: 3_000, by: 500).map { try MonteCarloTail(pnl: Array(x[$0..<($0 + 500)]), keep: keep) }
        let once = MonteCarloTail.merge(parts, keep: keep)
        let twice = MonteCarloTail.merge([MonteCarloTail.merge(Array(parts[0..<2]), keep: keep),
                                          MonteCarloTail.merge(Array(parts[2...]), keep: keep)], keep: keep)
        #expect(once == twice)
    }

    /// A tail cut for fewer paths than the run (a shard planned for another run) is refused, not silently wrong.
    @Test func aShortTailIsRefused() throws {
        let x = Self.normals(1_000, seed: 1)
        let t = try MonteCarloTail(pnl: x, keep: 10)
        #expect(throws: RiskError.self) { _ = try t.measures(confidences: Self.confidences) }
    }

    /// A chunk range of the simulation is exactly that slice of the whole run (the shard's random streams depend on the
    /// chunk index only), for 1 and 3 workers.
    @Test func chunkRangeIsTheSliceOfTheWholeRun() throws {
        let n = 3, paths = 5 * MonteCarlo.chunkSize + 123
        var cov = Matrix(rows: n, cols: n)
        for i in 0..<n { for j in 0..<n { cov[i, j] = i == j ? 4e-4 : 1e-4 } }
        let w = [0.5, -0.2, 0.3]
        let pnl: @Sendable (UnsafePointer<Double>, Int, UnsafeMutablePointer<Double>) -> Void = { x, rows, out in
            for i in 0..<rows { out[i] = w[0] * x[i] + w[1] * x[rows + i] + w[2] * x[2 * rows + i] }
        }
        let whole = try MonteCarlo.simulate(mean: [0, 0, 0], covariance: cov, horizonDays: 1, paths: paths, seed: 7, workers: 2, valuation: pnl).pnl
        for (c, workers) in [(0..<2, 1), (2..<6, 3), (5..<6, 1), (0..<6, 3)] {
            let part = try MonteCarlo.simulate(mean: [0, 0, 0], covariance: cov, horizonDays: 1, paths: paths, seed: 7, workers: workers,
                                               chunks: c, valuation: pnl).pnl
            #expect(part == Array(whole[MonteCarlo.pathRange(chunks: c, paths: paths)]))
        }
        #expect(throws: RiskError.self) {
            _ = try MonteCarlo.simulate(mean: [0, 0, 0], covariance: cov, horizonDays: 1, paths: paths, seed: 7, chunks: 6..<7, valuation: pnl)
        }
    }
}
