import QuantMath

/// The worst simulated P&L of a part of a Monte Carlo run (a shard), enough to give the whole run's VaR/ES exactly.
///
/// A run of N paths at confidences c₁…cₘ needs, for the NumPy 'linear' quantile at p = 1 − min(c), the sorted values up
/// to index ⌊(N − 1)p⌋ + 1 (``keepCount(totalPaths:confidences:)`` of them), and for ES every value ≤ that quantile.
/// A part keeps its `keep` smallest P&L plus every value equal to the last one kept (ties), so every value it drops is
/// **strictly greater** than its last kept value. The union of the parts' tails then holds the run's `keep` smallest
/// values and every value ≤ the quantile, and ``measures(confidences:)`` computes VaR/ES with the same arithmetic as
/// ``MonteCarlo/measures(pnl:confidences:)`` on the whole run (``VaR/linearTail(sortedPrefix:count:confidence:)``):
/// equal to the last bit. Merging is associative (a merged tail keeps the same invariant).
///
/// Units: P&L as fractions of NAV (losses negative); VaR/ES positive losses.
public struct MonteCarloTail: Sendable, Equatable {
    /// Paths this tail summarises.
    public var paths: Int
    /// The smallest P&L values, ascending (at most `keep` plus ties, or all `paths` of them).
    public var worst: [Double]

    public init(paths: Int, worst: [Double]) {
        self.paths = paths; self.worst = worst
    }

    /// How many of the smallest values a run of `totalPaths` paths needs for the lowest of `confidences`.
    public static func keepCount(totalPaths n: Int, confidences: [Double]) -> Int {
        guard n > 0, let cmin = confidences.min() else { return 0 }
        return Statistics.quantileLastIndex(count: n, 1 - cmin) + 1
    }

    /// The tail of one part's P&L (any order): its `keep` smallest values and the ties of the last one.
    public init(pnl: [Double], keep: Int) throws(RiskError) {
        for v in pnl where !v.isFinite { throw .nonFinite("simulated P&L") }
        self.init(paths: pnl.count, worst: MonteCarloTail.cut(pnl.sorted(), keep: keep))
    }

    /// The first `keep` values of an ascending array, extended over the ties of the last one.
    static func cut(_ sorted: [Double], keep: Int) -> [Double] {
        var k = min(max(keep, 0), sorted.count)
        if k == 0 { return [] }
        while k < sorted.count && sorted[k] == sorted[k - 1] { k += 1 }
        return Array(sorted[0..<k])
    }

    /// The tail of the union of parts (paths added, worst values merged and cut at `keep`).
    public static func merge(_ parts: [MonteCarloTail], keep: Int) -> MonteCarloTail {
        var all: [Double] = []
        all.reserveCapacity(parts.reduce(0) { $0 + $1.worst.count })
        for p in parts { all += p.worst }
        all.sort()
        return MonteCarloTail(paths: parts.reduce(0) { $0 + $1.paths }, worst: cut(all, keep: keep))
    }

    /// VaR/ES of the whole run this tail summarises (positive losses, fractions of NAV), NumPy 'linear' quantile.
    /// - Throws: when the tail is too short for a confidence (a part kept fewer values than the run needs).
    public func measures(confidences: [Double]) throws(RiskError) -> [VaR.Measure] {
        for c in confidences { try VaR.checkConfidence(c) }
        guard paths >= 2 else { throw .invalidParameter("a Monte Carlo tail of \(paths) paths; expected ≥ 2") }
        let need = MonteCarloTail.keepCount(totalPaths: paths, confidences: confidences)
        guard worst.count >= need else {
            throw .invalidParameter("the merged tail holds \(worst.count) values; \(paths) paths at confidence \(confidences.min()!) need the \(need) worst (each shard must keep that many)")
        }
        return confidences.map { VaR.linearTail(sortedPrefix: worst, count: paths, confidence: $0) }
    }
}
