import LinearAlgebra
import QuantMath

/// Which covariance estimator to use.
public enum CovarianceMethod: Sendable, Equatable {
    /// Sample covariance, divisor n − 1, around the sample mean.
    case sample
    /// RiskMetrics EWMA (zero mean). See ``Estimators/ewmaCovariance(_:lambda:normalizedWeights:)``.
    case ewma(lambda: Double, normalizedWeights: Bool)
    /// Ledoit–Wolf (2004) shrinkage to a scaled identity, exactly as scikit-learn's `LedoitWolf()` defaults.
    case ledoitWolf

    public var name: String {
        switch self {
        case .sample: return "sample"
        case .ewma: return "ewma"
        case .ledoitWolf: return "ledoit-wolf"
        }
    }
}

/// A covariance estimate of daily returns (units: return², per day).
public struct CovarianceEstimate: Sendable, Equatable {
    public var method: CovarianceMethod
    /// Sample mean of each asset's daily return (always the plain sample mean, whatever the covariance method).
    public var mean: [Double]
    public var covariance: Matrix
    public var correlation: Matrix
    /// Ledoit–Wolf shrinkage intensity δ ∈ [0, 1] (nil for other methods).
    public var shrinkage: Double?
}

/// Covariance and correlation estimators on a T × N return matrix (column-major, asset j in column j).
/// All heavy work is BLAS: `dsyrk` for the Gram matrices.
public enum Estimators {
    /// Column means.
    public static func mean(_ r: Matrix) -> [Double] {
        let t = r.rows
        var m = [Double](repeating: 0, count: r.cols)
        guard t > 0 else { return m }
        r.storage.withUnsafeBufferPointer { p in
            for j in 0..<r.cols {
                var s = 0.0
                let b = j * t
                for i in 0..<t { s += p[b + i] }
                m[j] = s / Double(t)
            }
        }
        return m
    }

    /// R − 1·meanᵀ.
    public static func centered(_ r: Matrix, mean m: [Double]) -> Matrix {
        var c = r
        let t = r.rows
        c.storage.withUnsafeMutableBufferPointer { p in
            for j in 0..<r.cols {
                let b = j * t, mj = m[j]
                for i in 0..<t { p[b + i] -= mj }
            }
        }
        return c
    }

    static func checkFinite(_ r: Matrix) throws(RiskError) {
        for v in r.storage where !v.isFinite { throw .nonFinite("return matrix") }
    }

    /// Sample covariance (divisor n − 1): Σ = (R − 1r̄ᵀ)ᵀ(R − 1r̄ᵀ)/(n − 1) by `dsyrk`.
    /// - Throws: ``RiskError/tooFewObservations(observations:assets:needed:)`` for n < 2.
    public static func sampleCovariance(_ r: Matrix) throws(RiskError) -> Matrix {
        guard r.rows >= 2 else {
            throw .tooFewObservations(observations: r.rows, assets: r.cols, needed: "sample covariance needs at least 2")
        }
        try checkFinite(r)
        let c = centered(r, mean: mean(r))
        var s = Matrix(rows: r.cols, cols: r.cols)
        BLAS.syrk(c, transpose: true, alpha: 1 / Double(r.rows - 1), into: &s)
        return s
    }

    /// Pearson correlation of the columns (like `np.corrcoef(R, rowvar=False)`): each column centred and scaled to
    /// unit Euclidean norm in one pass, then ZᵀZ by `dsyrk`, the diagonal set to exactly 1.
    /// - Throws: ``RiskError/constantSeries(asset:)`` naming the column index when a column is constant.
    public static func correlation(_ r: Matrix, names: [String]? = nil) throws(RiskError) -> Matrix {
        guard r.rows >= 2 else {
            throw .tooFewObservations(observations: r.rows, assets: r.cols, needed: "correlation needs at least 2")
        }
        let t = r.rows, n = r.cols
        var z = Matrix(rows: t, cols: n)
        var bad = -1
        var nonFinite = false
        r.storage.withUnsafeBufferPointer { p in
            z.storage.withUnsafeMutableBufferPointer { q in
                // Per column: one pass for the sum and max |x|, one for Σ(x − m)², one to write; the reductions run on
                // four interleaved accumulators (fixed order, so deterministic) instead of one latency-bound chain.
                let t4 = t & ~3
                for j in 0..<n {
                    let x = p.baseAddress! + j * t
                    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                    var m0 = 0.0, m1 = 0.0, m2 = 0.0, m3 = 0.0
                    var i = 0
                    while i < t4 {
                        let a0 = x[i], a1 = x[i + 1], a2 = x[i + 2], a3 = x[i + 3]
                        s0 += a0; s1 += a1; s2 += a2; s3 += a3
                        m0 = max(m0, abs(a0)); m1 = max(m1, abs(a1)); m2 = max(m2, abs(a2)); m3 = max(m3, abs(a3))
                        i += 4
                    }
                    while i < t { s0 += x[i]; m0 = max(m0, abs(x[i])); i += 1 }
                    let m = ((s0 + s1) + (s2 + s3)) / Double(t)
                    var q0 = 0.0, q1 = 0.0, q2 = 0.0, q3 = 0.0
                    i = 0
                    while i < t4 {
                        let d0 = x[i] - m, d1 = x[i + 1] - m, d2 = x[i + 2] - m, d3 = x[i + 3] - m
                        q0 += d0 * d0; q1 += d1 * d1; q2 += d2 * d2; q3 += d3 * d3
                        i += 4
                    }
                    while i < t { let d = x[i] - m; q0 += d * d; i += 1 }
                    let ss = (q0 + q1) + (q2 + q3)
                    if !ss.isFinite { nonFinite = true; return }
                    let mx = max(max(m0, m1), max(m2, m3))
                    // Constant up to rounding: every deviation below a few ulps of the largest value.
                    if !(ss > Double(t) * (8 * Double.ulpOfOne * mx) * (8 * Double.ulpOfOne * mx)) || ss == 0 { bad = j; return }
                    let inv = 1 / ss.squareRoot()
                    let z = q.baseAddress! + j * t
                    for i in 0..<t { z[i] = (x[i] - m) * inv }
                }
            }
        }
        if nonFinite { throw .nonFinite("return matrix") }
        if bad >= 0 { throw .constantSeries(asset: names?[bad] ?? "column \(bad + 1)") }
        var c = Matrix(rows: n, cols: n)
        BLAS.syrk(z, transpose: true, into: &c)
        for j in 0..<n { c.storage[j * n + j] = 1 }
        return c
    }

    /// Correlation from a covariance: C_ij = Σ_ij / √(Σ_ii Σ_jj), diagonal exactly 1.
    public static func correlation(fromCovariance s: Matrix, names: [String]? = nil) throws(RiskError) -> Matrix {
        let n = s.rows
        let d = s.diagonalElements
        for (j, v) in d.enumerated() where !(v > 0) { throw .constantSeries(asset: names?[j] ?? "column \(j + 1)") }
        let inv = d.map { 1 / $0.squareRoot() }
        var c = s
        for j in 0..<n { for i in 0..<n { c.storage[j * n + i] *= inv[i] * inv[j] } }
        for j in 0..<n { c.storage[j * n + j] = 1 }
        return c
    }

    /// RiskMetrics EWMA covariance, zero mean, returned as Sₙ (per day).
    ///
    /// Recursion (default): S₁ = r₁r₁ᵀ, Sₜ = λSₜ₋₁ + (1 − λ)rₜrₜᵀ for t = 2…n. Unrolled, Sₙ = Σₜ wₜ rₜrₜᵀ with
    /// w₁ = λⁿ⁻¹ and wₜ = (1 − λ)λⁿ⁻ᵗ (t ≥ 2); these weights already sum to 1. It is computed in one `dsyrk` on the rows
    /// scaled by √wₜ (not a loop of rank-1 updates).
    ///
    /// `normalizedWeights: true` uses instead wₜ = (1 − λ)λⁿ⁻ᵗ / (1 − λⁿ) for every t (the finite-window normalised form,
    /// which gives r₁ the same decay as the other dates).
    /// - Throws: ``RiskError/invalidParameter(_:)`` unless 0 < λ < 1; ``RiskError/tooFewObservations(observations:assets:needed:)`` for n < 1.
    public static func ewmaCovariance(_ r: Matrix, lambda: Double = 0.94, normalizedWeights: Bool = false)
        throws(RiskError) -> Matrix
    {
        guard lambda > 0, lambda < 1 else { throw .invalidParameter("EWMA λ = \(lambda); expected 0 < λ < 1") }
        let n = r.rows
        guard n >= 1 else { throw .tooFewObservations(observations: 0, assets: r.cols, needed: "EWMA needs at least 1") }
        try checkFinite(r)
        let w = ewmaWeights(count: n, lambda: lambda, normalized: normalizedWeights)
        var scaled = r
        let sq = w.map { $0.squareRoot() }
        scaled.storage.withUnsafeMutableBufferPointer { p in
            for j in 0..<r.cols {
                let b = j * n
                for i in 0..<n { p[b + i] *= sq[i] }
            }
        }
        var s = Matrix(rows: r.cols, cols: r.cols)
        BLAS.syrk(scaled, transpose: true, into: &s)
        return s
    }

    /// The weights wₜ (oldest first) of ``ewmaCovariance(_:lambda:normalizedWeights:)``.
    public static func ewmaWeights(count n: Int, lambda: Double, normalized: Bool) -> [Double] {
        var w = [Double](repeating: 0, count: n)
        guard n > 0 else { return w }
        var p = 1.0  // λ^(n−t)
        for t in stride(from: n - 1, through: 0, by: -1) {
            w[t] = (1 - lambda) * p
            if t > 0 { p *= lambda }
        }
        if normalized {
            let denom = 1 - Foundation_pow(lambda, Double(n))
            for t in 0..<n { w[t] /= denom }
        } else {
            w[0] = p  // λ^(n−1)
        }
        return w
    }

    /// Ledoit–Wolf shrinkage, reproducing scikit-learn's `LedoitWolf()` defaults (`assume_centered=False`,
    /// `store_precision` irrelevant): X = R − 1r̄ᵀ, S = XᵀX/n (divisor n), μ = tr(S)/p,
    /// δ̂ = ‖S‖²_F/… as in `sklearn.covariance.ledoit_wolf_shrinkage`:
    ///   δ' = ‖S‖²_F, β' = Σₜ(Σᵢ xₜᵢ²)² (= sum of (X∘X)ᵀ(X∘X)),
    ///   β = (β'/n − δ')/(p·n), δ = (δ' − 2μ·tr(S) + pμ²)/p, β ← min(β, δ), shrinkage = β/δ (0 if β = 0),
    /// Σ̂ = (1 − shrinkage)·S + shrinkage·μ·I. For p = 1 scikit-learn returns S unshrunk (shrinkage 0).
    /// Works for n < p (the point of shrinkage).
    public static func ledoitWolf(_ r: Matrix) throws(RiskError) -> (covariance: Matrix, shrinkage: Double) {
        let n = r.rows, p = r.cols
        guard n >= 2 else { throw .tooFewObservations(observations: n, assets: p, needed: "Ledoit–Wolf needs at least 2") }
        try checkFinite(r)
        let x = centered(r, mean: mean(r))
        var s = Matrix(rows: p, cols: p)
        BLAS.syrk(x, transpose: true, alpha: 1 / Double(n), into: &s)
        if p == 1 { return (s, 0) }
        let nd = Double(n), pd = Double(p)
        var trace = 0.0
        for j in 0..<p { trace += s.storage[j * p + j] }
        let mu = trace / pd
        var deltaPrime = 0.0
        for v in s.storage { deltaPrime += v * v }
        var betaPrime = 0.0
        x.storage.withUnsafeBufferPointer { q in
            var rowSq = [Double](repeating: 0, count: n)
            for j in 0..<p {
                let b = j * n
                for i in 0..<n { rowSq[i] += q[b + i] * q[b + i] }
            }
            for v in rowSq { betaPrime += v * v }
        }
        var beta = (betaPrime / nd - deltaPrime) / (pd * nd)
        let delta = (deltaPrime - 2 * mu * trace + pd * mu * mu) / pd
        beta = min(beta, delta)
        let shrink = beta == 0 ? 0 : beta / delta
        var out = s
        for k in 0..<out.storage.count { out.storage[k] *= (1 - shrink) }
        for j in 0..<p { out.storage[j * p + j] += shrink * mu }
        return (out, shrink)
    }

    /// Runs the chosen estimator and derives the correlation.
    /// - Throws: ``RiskError/tooFewObservations(observations:assets:needed:)`` when the sample or EWMA estimator has
    ///   no more observations than assets (the matrix would be singular); Ledoit–Wolf accepts n ≤ p.
    public static func estimate(_ r: Matrix, method: CovarianceMethod, names: [String]? = nil) throws(RiskError) -> CovarianceEstimate {
        if r.rows >= 2 { _ = try correlation(r, names: names) }  // typed errors for NaN and constant series
        let cov: Matrix
        var shrink: Double? = nil
        switch method {
        case .sample:
            guard r.rows > r.cols else {
                throw .tooFewObservations(observations: r.rows, assets: r.cols,
                                          needed: "the sample covariance needs more observations than assets (use --covariance ledoit-wolf, or a longer window)")
            }
            cov = try sampleCovariance(r)
        case .ewma(let l, let norm):
            guard r.rows > r.cols else {
                throw .tooFewObservations(observations: r.rows, assets: r.cols,
                                          needed: "the EWMA covariance needs more observations than assets")
            }
            cov = try ewmaCovariance(r, lambda: l, normalizedWeights: norm)
        case .ledoitWolf:
            let lw = try ledoitWolf(r)
            cov = lw.covariance
            shrink = lw.shrinkage
        }
        let corr = try correlation(fromCovariance: cov, names: names)
        return CovarianceEstimate(method: method, mean: mean(r), covariance: cov, correlation: corr, shrinkage: shrink)
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) func Foundation_pow(_ a: Double, _ b: Double) -> Double { Glibc.pow(a, b) }
#else
import Foundation
@inline(__always) func Foundation_pow(_ a: Double, _ b: Double) -> Double { Foundation.pow(a, b) }
#endif
