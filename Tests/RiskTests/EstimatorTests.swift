import Foundation
import Testing
import Basics
import LinearAlgebra
import MarketData
import QuantMath
import Risk
import Pricing

/// A reproducible T × N return matrix (xoshiro256** normals × 1%).
func randomReturns(_ t: Int, _ n: Int, seed: UInt64 = 7) -> Matrix {
    var g = Xoshiro256(seed: seed)
    return Matrix(rows: t, cols: n, columnMajor: g.normals(t * n).map { 0.01 * $0 + 0.0003 })
}

@Suite struct EstimatorTests {
    /// The issue's definition: S₁ = r₁r₁ᵀ, Sₜ = λSₜ₋₁ + (1 − λ)rₜrₜᵀ, as an explicit loop of rank-1 updates.
    @Test func ewmaSyrkEqualsRecursion() throws {
        let r = randomReturns(300, 5)
        let lambda = 0.94
        var s = Matrix(rows: 5, cols: 5)
        for t in 0..<300 {
            let row = r.row(t)
            for i in 0..<5 { for j in 0..<5 {
                s[i, j] = t == 0 ? row[i] * row[j] : lambda * s[i, j] + (1 - lambda) * row[i] * row[j]
            } }
        }
        let fast = try Estimators.ewmaCovariance(r, lambda: lambda)
        #expect((fast - s).maxAbs <= 1e-15 * s.maxAbs * 100)
        let w = Estimators.ewmaWeights(count: 300, lambda: lambda, normalized: false)
        #expect(abs(w.reduce(0, +) - 1) < 1e-14)  // the RiskMetrics weights with S₁ = r₁r₁ᵀ sum to 1
        let wn = Estimators.ewmaWeights(count: 300, lambda: lambda, normalized: true)
        #expect(abs(wn.reduce(0, +) - 1) < 1e-14)
        #expect(throws: RiskError.self) { try Estimators.ewmaCovariance(r, lambda: 1) }
        #expect(throws: RiskError.self) { try Estimators.ewmaCovariance(r, lambda: 0) }
    }

    @Test func badInputsAreTypedErrors() {
        // Fewer observations than assets.
        #expect(throws: RiskError.self) { try Estimators.estimate(randomReturns(4, 5), method: .sample) }
        #expect(throws: RiskError.self) { try Estimators.estimate(randomReturns(4, 5), method: .ewma(lambda: 0.94, normalizedWeights: false)) }
        // Ledoit–Wolf is defined for n < p (the point of shrinkage).
        #expect(throws: Never.self) { try Estimators.estimate(randomReturns(4, 5), method: .ledoitWolf) }
        // A constant series.
        var c = randomReturns(50, 3)
        for i in 0..<50 { c[i, 1] = 0.001 }
        do { _ = try Estimators.correlation(c, names: ["A", "B", "C"]); Issue.record("expected constantSeries") } catch {
            #expect(error == .constantSeries(asset: "B"))
        }
        // NaN.
        var n = randomReturns(50, 3)
        n[3, 2] = .nan
        #expect(throws: RiskError.self) { try Estimators.sampleCovariance(n) }
        // Confidence and horizon domains.
        #expect(throws: RiskError.self) { try VaR.parametric(mean: 0, sigma: 0.01, confidence: 1) }
        #expect(throws: RiskError.self) { try VaR.historical(returns: [0.1, 0.2], confidence: 0.99, horizonDays: 0) }
    }

    /// Non-PSD and singular covariances: an indefinite matrix is refused with a clear error; a singular PSD one is
    /// factored through its eigenvalues (documented repair).
    @Test func nonPSDAndSingularCovariances() throws {
        let indefinite = Matrix(rowsOf: [[1, 0.9, 0.7], [0.9, 1, -0.4], [0.7, -0.4, 1]])  // λ_min ≈ −0.354
        #expect(throws: RiskError.self) { try MonteCarlo.factor(indefinite) }
        do { _ = try MonteCarlo.factor(indefinite) } catch { #expect(error.description.contains("nearest-correlation")) }
        let singular = Matrix(rowsOf: [[1, 1, 0], [1, 1, 0], [0, 0, 1]])
        let f = try MonteCarlo.factor(singular)
        #expect(f.usedEigenFactor)
        let back = BLAS.product(f.matrix, f.matrix, transposeB: true)
        #expect((back - singular).maxAbs < 1e-14)
        // Repair of the indefinite one with Higham's algorithm makes it factorable.
        let fixed = try NearestCorrelation.compute(indefinite, minEigenvalue: 1e-8)
        #expect(throws: Never.self) { try Cholesky(fixed.matrix) }
        #expect(throws: RiskError.self) { try NearestCorrelation.compute(Matrix(rowsOf: [[1, 0.5], [0.2, 1]])) }
        let already = try NearestCorrelation.compute(Matrix(rowsOf: [[1, 0.5], [0.5, 1]]))
        #expect(already.frobeniusDistance < 1e-15 && already.changedEigenvalues.isEmpty)
    }

    /// Quantile conventions by hand (NumPy `linear`: h = (n − 1)p).
    @Test func quantileAndKthWorstByHand() throws {
        let r = (1...100).map { Double($0) / 1000 - 0.05 }          // −0.049 … 0.05
        let lin = try VaR.historical(returns: r, confidence: 0.95)
        // h = 99·0.05 = 4.95 → x₄ + 0.95(x₅ − x₄) = −0.045 + 0.00095
        #expect(abs(lin.valueAtRisk - (0.045 - 0.00095)) < 1e-15)
        let kth = try VaR.historical(returns: r, confidence: 0.95, definition: .kthWorst)
        // k = ⌈100·0.05⌉ = 5: the 5th worst is −0.045; ES = mean of the 5 worst = −0.047
        #expect(abs(kth.valueAtRisk - 0.045) < 1e-15)
        #expect(abs(kth.expectedShortfall - 0.047) < 1e-15)
        // Cornish–Fisher with S = K = 0 is the normal VaR.
        let cf = VaR.cornishFisher(mean: 0.001, sd: 0.02, skew: 0, exKurt: 0, confidence: 0.99)
        let p = try VaR.parametric(mean: 0.001, sigma: 0.02, confidence: 0.99)
        #expect(abs(cf.valueAtRisk - p.valueAtRisk) < 1e-15 && abs(cf.expectedShortfall - p.expectedShortfall) < 1e-15)
    }

    @Test func eulerComponentsSumToTotal() throws {
        let r = randomReturns(500, 6)
        let cov = try Estimators.sampleCovariance(r)
        let mu = Estimators.mean(r)
        let w = [0.3, -0.2, 0.25, 0.1, -0.05, 0.4]
        let e = try VaR.euler(weights: w, mean: mu, covariance: cov, confidence: 0.99, horizonDays: 10)
        #expect(abs(e.componentVaR.reduce(0, +) - e.totalVaR) < 1e-15)
        #expect(abs(e.componentES.reduce(0, +) - e.totalES) < 1e-15)
        let p = try VaR.parametric(mean: BLAS.dot(w, mu), sigma: BLAS.quadraticForm(cov, w).squareRoot(), confidence: 0.99, horizonDays: 10)
        #expect(abs(p.valueAtRisk - e.totalVaR) < 1e-15)
        // Marginal VaR is the derivative: central finite difference.
        let hStep = 1e-6
        var wp = w; wp[2] += hStep
        var wm = w; wm[2] -= hStep
        let vp = try VaR.euler(weights: wp, mean: mu, covariance: cov, confidence: 0.99, horizonDays: 10).totalVaR
        let vm = try VaR.euler(weights: wm, mean: mu, covariance: cov, confidence: 0.99, horizonDays: 10).totalVaR
        #expect(abs((vp - vm) / (2 * hStep) - e.marginalVaR[2]) < 1e-8)
    }

    /// Monte Carlo: reproducible for a seed whatever the worker count; agrees with the parametric normal VaR
    /// within sampling error (linear portfolio, so the exact answer is the parametric one).
    @Test func monteCarloReproducibleAndConsistent() throws {
        let r = randomReturns(400, 4)
        let cov = try Estimators.sampleCovariance(r)
        let mu = Estimators.mean(r)
        let w = [0.4, 0.3, -0.2, 0.5]
        let a = try MonteCarlo.linearPortfolio(weights: w, mean: mu, covariance: cov, horizonDays: 1, paths: 50_000, seed: 42, workers: 1)
        let b = try MonteCarlo.linearPortfolio(weights: w, mean: mu, covariance: cov, horizonDays: 1, paths: 50_000, seed: 42, workers: 2)
        #expect(a == b)
        let c = try MonteCarlo.linearPortfolio(weights: w, mean: mu, covariance: cov, horizonDays: 1, paths: 50_000, seed: 43, workers: 2)
        #expect(a != c)
        let m = try MonteCarlo.measures(pnl: a, confidences: [0.99])[0]
        let p = try VaR.parametric(mean: BLAS.dot(w, mu), sigma: BLAS.quadraticForm(cov, w).squareRoot(), confidence: 0.99)
        #expect(abs(m.valueAtRisk / p.valueAtRisk - 1) < 0.03, "MC \(m.valueAtRisk) vs parametric \(p.valueAtRisk)")
    }

    /// Kept from the former RiskBenchmarks timing test (correlation 500 × 2,520, now `Benchmarks/run.sh --only
    /// correlation`): the correlation matrix has a diagonal of exactly 1, is exactly symmetric and bounded by 1.
    @Test func correlationDiagonalIsExactlyOne() throws {
        let c = try Estimators.correlation(randomReturns(600, 40, seed: 3))
        for j in 0..<40 { #expect(c[j, j] == 1) }
        #expect(c.isSymmetric(tolerance: 0))
        #expect(c.storage.allSatisfy { abs($0) <= 1 })
    }

    /// Kept from the former RiskBenchmarks timing test (Monte Carlo 1e6 paths × 30 assets + 10 option legs, now
    /// `Benchmarks/run.sh --only mcvar`), at 20,000 paths: with full option revaluation the P&L is the same for 1 and 2
    /// workers (jumped xoshiro256** streams per chunk), and VaR/ES are positive and ordered (ES ≥ VaR, VaR rising with
    /// the confidence).
    @Test func monteCarloWithOptionLegsIsReproducibleAcrossWorkers() throws {
        let n = 30
        let r = randomReturns(1000, n, seed: 5)
        let cov = try Estimators.sampleCovariance(r)
        let mean = Estimators.mean(r)
        var legs: [RiskLeg] = (0..<n).map { RiskLeg(id: "S\($0)", factor: $0, exposure: $0 % 3 == 0 ? -0.02 : 0.04) }
        for k in 0..<10 {
            let o = OptionLeg(right: k % 2 == 0 ? .put : .call, spot: 100, strike: k % 2 == 0 ? 85 : 115, time: 0.5,
                              rate: 0.04, dividendYield: 0.01, volatility: 0.35, scale: 0.001)
            legs.append(RiskLeg(id: "O\(k)", factor: k * 3, exposure: 0, option: o))
        }
        let lp = LegPortfolio(legs: legs, horizonDays: 1)
        func run(_ workers: Int) throws -> [Double] {
            try MonteCarlo.simulate(mean: mean, covariance: cov, horizonDays: 1, paths: 20_000, seed: 9, workers: workers) {
                x, rows, out in lp.revalue(x, rows: rows, into: out)
            }.pnl
        }
        let one = try run(1), two = try run(2)
        #expect(one == two)
        #expect(one.allSatisfy { $0.isFinite })
        let m = try MonteCarlo.measures(pnl: two, confidences: [0.95, 0.975, 0.99])
        #expect(m[2].valueAtRisk > 0)
        #expect(m[0].valueAtRisk < m[1].valueAtRisk && m[1].valueAtRisk < m[2].valueAtRisk)
        for x in m { #expect(x.expectedShortfall >= x.valueAtRisk) }
    }

    /// Full revaluation of a put: a long put's P&L at the horizon is BS(S·eˣ, T − h/252) − BS(S, T), times the scale.
    @Test func optionLegRevaluedInFull() {
        let leg = OptionLeg(right: .put, spot: 100, strike: 80, time: 0.5, rate: 0.03, dividendYield: 0, volatility: 0.4, scale: 0.01)
        let lp = LegPortfolio(legs: [RiskLeg(id: "P", factor: 0, exposure: -0.2, option: leg)], horizonDays: 5)
        var x: [Double] = [-0.3, 0, 0.2]
        var out = [Double](repeating: 0, count: 3)
        x.withUnsafeMutableBufferPointer { xp in out.withUnsafeMutableBufferPointer { lp.revalue(xp.baseAddress!, rows: 3, into: $0.baseAddress!) } }
        for i in 0..<3 {
            let v = Pricing.BlackScholes.price(right: .put, spot: 100 * Foundation.exp(x[i]), strike: 80, time: 0.5 - 5.0 / 252,
                                               rate: 0.03, dividendYield: 0, volatility: 0.4)
            #expect(abs(out[i] - 0.01 * (v - leg.price0)) < 1e-15)
        }
        #expect(out[0] > 0 && out[2] < 0)
    }
}

@Suite struct PairwiseCorrelationTests {
    /// Three series on different windows: A and B move together early, B and C together late, A and C against each
    /// other in their short overlap — pairwise estimates that no single joint sample could give, hence not PSD.
    @Test func unequalHistoriesRepairedByHigham() throws {
        var g = Xoshiro256(seed: 11)
        let z = g.normals(300)
        let e = g.normals(300)
        func prices(_ r: [Double]) -> [Double?] {
            var p = 100.0
            return [p] + r.map { p *= Foundation.exp($0); return p }
        }
        let d = (0...200).map { LocalDate(daysSinceEpoch: 19_000 + $0) }
        // A: days 0…120, B: 0…200, C: 80…200.
        let ra = (0..<120).map { 0.01 * z[$0] }
        var rb: [Double] = []
        for k in 0..<200 { rb.append(k < 100 ? 0.01 * z[k] + 0.001 * e[k] : 0.01 * e[k]) }
        var rc: [Double] = []
        for k in 80..<200 { rc.append(k < 120 ? -0.01 * z[k] : 0.01 * e[k] + 0.001 * z[k]) }
        let a = PriceSeries(ticker: "A", dates: Array(d[0...120]), values: prices(ra))
        let b = PriceSeries(ticker: "B", dates: d, values: prices(rb))
        let c = PriceSeries(ticker: "C", dates: Array(d[80...200]), values: prices(rc))
        let m = try Estimators.pairwiseCorrelation([a, b, c])
        let eig = try LAPACK.symmetricEigen(m)
        #expect(eig.values[0] < 0, "pairwise matrix should be indefinite here: \(eig.values)")
        let fixed = try NearestCorrelation.compute(m)
        #expect(fixed.converged && fixed.outputEigenvalues[0] > -1e-12)
        #expect(fixed.frobeniusDistance > 0 && !fixed.changedEigenvalues.isEmpty)
        #expect(throws: RiskError.self) { try Estimators.pairwiseCorrelation([a, c], minOverlap: 60) }
    }
}
