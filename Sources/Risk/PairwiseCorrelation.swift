#if canImport(Glibc)
import Glibc
#endif
import Basics
import LinearAlgebra
import MarketData
import QuantMath

extension Estimators {
    /// Pairwise correlation on unequal histories: for each pair (i, j), the Pearson correlation of the daily log
    /// returns over the dates both series have consecutive prices on (returns between consecutive common dates).
    /// The result is symmetric with unit diagonal but, because each entry uses a different sample, it need not be
    /// positive semidefinite — repair it with ``NearestCorrelation/compute(_:tolerance:maxIterations:minEigenvalue:)``.
    /// - Throws: ``RiskError/tooFewObservations(observations:assets:needed:)`` when a pair shares fewer than `minOverlap` returns.
    public static func pairwiseCorrelation(_ series: [PriceSeries], minOverlap: Int = 20) throws(RiskError) -> Matrix {
        let n = series.count
        var c = Matrix.identity(n)
        let maps: [[LocalDate: Double]] = series.map { s in
            var m: [LocalDate: Double] = [:]
            for (k, d) in s.dates.enumerated() { if let v = s.values[k] { m[d] = v } }
            return m
        }
        for i in 0..<n {
            for j in (i + 1)..<max(i + 1, n) {
                let common = Set(maps[i].keys).intersection(maps[j].keys).sorted()
                var a: [Double] = [], b: [Double] = []
                if common.count >= 2 {
                    for k in 1..<common.count {
                        a.append(log(maps[i][common[k]]! / maps[i][common[k - 1]]!))
                        b.append(log(maps[j][common[k]]! / maps[j][common[k - 1]]!))
                    }
                }
                guard a.count >= minOverlap else {
                    throw .tooFewObservations(observations: a.count, assets: 2,
                                              needed: "\(series[i].ticker)/\(series[j].ticker) overlap: need at least \(minOverlap) common returns")
                }
                let r = Statistics.correlation(a, b)
                guard r.isFinite else { throw .constantSeries(asset: "\(series[i].ticker) or \(series[j].ticker)") }
                c[i, j] = r
                c[j, i] = r
            }
        }
        return c
    }
}
