import Foundation
import PropertyBased
import QuantMath
import Risk
import Testing

/// Random daily return samples: 20–400 returns, a normal-ish body with occasional jumps (fat tails, skew), and
/// confidence pairs c₁ ≤ c₂ in [0.5, 0.999].
enum RandomReturns {
    static let sample = zip(Gen.double(in: -0.05...0.05), Gen.double(in: 0...1), Gen.double(in: -0.4...0.3))
        .map { t in t.1 < 0.05 ? t.2 : t.0 }
        .array(of: 20...400)
    static let confidences = zip(Gen.double(in: 0.5...0.999), Gen.double(in: 0.5...0.999)).map { (min($0, $1), max($0, $1)) }
}

/// VaR and ES are monotone in the confidence level and ES ≥ VaR: historical simulation (both quantile definitions, 1-
/// and 10-day overlapping horizons) on random samples, and the parametric normal on the sample's moments. Rounding
/// allowance: 1e-12 of the largest absolute return.
@Test func varAndESMonotoneInConfidence() async throws {
    await propertyCheck(count: runs(200), input: RandomReturns.sample, RandomReturns.confidences) { r, c in
        let (c1, c2) = c
        let tol = 1e-12 * (r.map(abs).max() ?? 1) * 10
        for h in [1, 10] {
            for d in VaR.HistoricalDefinition.allCases {
                let a = try VaR.historical(returns: r, confidence: c1, horizonDays: h, definition: d)
                let b = try VaR.historical(returns: r, confidence: c2, horizonDays: h, definition: d)
                #expect(a.valueAtRisk <= b.valueAtRisk + tol, "\(d) h=\(h): VaR(\(c1)) = \(a.valueAtRisk) > VaR(\(c2)) = \(b.valueAtRisk)")
                #expect(a.expectedShortfall <= b.expectedShortfall + tol, "\(d) h=\(h): ES(\(c1)) > ES(\(c2))")
                #expect(a.expectedShortfall >= a.valueAtRisk - tol, "\(d) h=\(h): ES \(a.expectedShortfall) < VaR \(a.valueAtRisk)")
                #expect(b.expectedShortfall >= b.valueAtRisk - tol)
            }
        }
        let mean = Statistics.mean(r), sd = Statistics.standardDeviation(r)
        let a = try VaR.parametric(mean: mean, sigma: sd, confidence: c1, horizonDays: 5)
        let b = try VaR.parametric(mean: mean, sigma: sd, confidence: c2, horizonDays: 5)
        #expect(a.valueAtRisk <= b.valueAtRisk + tol && a.expectedShortfall <= b.expectedShortfall + tol)
        #expect(a.expectedShortfall >= a.valueAtRisk - tol && b.expectedShortfall >= b.valueAtRisk - tol)
    }
}
