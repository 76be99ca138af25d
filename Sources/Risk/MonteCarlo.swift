import Dispatch
import LinearAlgebra
import QuantMath

/// Monte Carlo simulation of correlated h-day asset returns and a user valuation on each path.
///
/// Model: X = μ·h + √h·L·Z with Σ = LLᵀ (Cholesky, `dpotrf`) and Z i.i.d. N(0, 1) (xoshiro256** + Marsaglia polar).
/// Paths are generated in fixed chunks; chunk k uses the generator seeded with `seed` and advanced by k `jump()`s
/// (2¹²⁸ steps each), and every BLAS/LAPACK call (estimation, factor, the per-chunk `dgemm`) runs on one OpenBLAS
/// thread (``OpenBLAS/serial(_:)``), so the P&L is bit-identical for a given seed whatever the number of workers and
/// whatever `OPENBLAS_NUM_THREADS` is. Draws are stored tall (chunk × N, column-major) and correlated with one `dgemm`
/// Z·Lᵀ per chunk.
///
/// When Σ is not positive definite (singular or slightly indefinite), the factor falls back to
/// L = Q·diag(√max(λ, 0)) from `dsyevd` (documented repair; `usedEigenFactor` reports it). A clearly
/// indefinite Σ (λ_min < −1e-10·λ_max) throws.
public enum MonteCarlo {
    public struct Factor: Sendable {
        public var matrix: Matrix
        public var usedEigenFactor: Bool
    }

    public static func factor(_ covariance: Matrix) throws(RiskError) -> Factor {
        do {
            return Factor(matrix: try Cholesky(covariance).lower, usedEigenFactor: false)
        } catch .notPositiveDefinite {
            let eig: SymmetricEigen
            do { eig = try LAPACK.symmetricEigen(covariance) } catch { throw .linearAlgebra(error) }
            let lmax = eig.values.last ?? 0
            if let lmin = eig.values.first, lmin < -1e-10 * max(lmax, 1e-300) {
                throw .notPositiveSemidefinite(
                    "covariance is not positive semidefinite (smallest eigenvalue \(lmin), largest \(lmax)); repair the correlation with `hedgebook nearest-correlation`")
            }
            let n = covariance.rows
            var f = eig.vectors
            for j in 0..<n {
                let s = max(eig.values[j], 0).squareRoot()
                for i in 0..<n { f.storage[j * n + i] *= s }
            }
            return Factor(matrix: f, usedEigenFactor: true)
        } catch {
            throw .linearAlgebra(error)
        }
    }

    /// A box that lets workers write disjoint ranges of one buffer.
    struct SendablePointer: @unchecked Sendable { let base: UnsafeMutablePointer<Double> }

    public static let chunkSize = 16_384

    /// The number of chunks of a run of `paths` paths (the last one may be short).
    public static func chunkCount(paths: Int) -> Int { (paths + chunkSize - 1) / chunkSize }

    /// The paths of chunks `chunks` in a run of `paths` paths.
    public static func pathRange(chunks: Range<Int>, paths: Int) -> Range<Int> {
        min(chunks.lowerBound * chunkSize, paths)..<min(chunks.upperBound * chunkSize, paths)
    }

    /// `chunks` (nil: all of them) checked against a run of `paths` paths.
    static func checkedChunks(_ chunks: Range<Int>?, paths: Int) throws(RiskError) -> Range<Int> {
        let allChunks = chunkCount(paths: paths)
        let run = chunks ?? 0..<allChunks
        guard run.lowerBound >= 0, run.upperBound <= allChunks, !run.isEmpty else {
            throw .invalidParameter("chunks \(run.lowerBound)..<\(run.upperBound); expected a non-empty range within 0..<\(allChunks) (\(paths) paths, \(chunkSize) per chunk)")
        }
        return run
    }

    /// Simulates `paths` h-day scenarios and returns one P&L (fraction of NAV) per path, in path order.
    /// - Parameter chunks: only these chunks of the run (nil: all of them); the P&L returned is then exactly the
    ///   slice ``pathRange(chunks:paths:)`` of the whole run's, since chunk k's stream depends only on `seed` and k
    ///   (a shard of a distributed run is the same whoever computes it).
    /// - Parameter valuation: called per chunk with the chunk's asset returns (rows × N, column-major, row = path),
    ///   the row count, and the output slot for that chunk's P&L. Must be thread-safe (pure).
    public static func simulate(mean: [Double], covariance: Matrix, horizonDays h: Int, paths: Int, seed: UInt64,
                                workers: Int = 2, chunks: Range<Int>? = nil,
                                valuation: @escaping @Sendable (UnsafePointer<Double>, Int, UnsafeMutablePointer<Double>) -> Void)
        throws(RiskError) -> (pnl: [Double], usedEigenFactor: Bool)
    {
        guard paths >= 2 else { throw .invalidParameter("paths = \(paths); expected ≥ 2") }
        let run = try checkedChunks(chunks, paths: paths)
        let offset = run.lowerBound * chunkSize
        var out = [Double](repeating: 0, count: pathRange(chunks: run, paths: paths).count)
        let eig = try out.withUnsafeMutableBufferPointer { ob throws(RiskError) -> Bool in
            let box = SendablePointer(base: ob.baseAddress!)
            return try forEachChunk(mean: mean, covariance: covariance, horizonDays: h, paths: paths, seed: seed,
                                    workers: workers, chunks: run) {
                x, rows, start in valuation(x, rows, box.base + (start - offset))
            }
        }
        return (out, eig)
    }

    /// The simulated h-day returns themselves: a paths × N matrix (column-major, row = path), the same draws as
    /// ``simulate(mean:covariance:horizonDays:paths:seed:workers:valuation:)`` for the same seed (bit-identical for
    /// any worker count). Used by the hedge optimiser's Monte Carlo scenarios.
    public static func simulateReturns(mean: [Double], covariance: Matrix, horizonDays h: Int, paths: Int, seed: UInt64,
                                       workers: Int = 2) throws(RiskError) -> (returns: Matrix, usedEigenFactor: Bool) {
        guard paths >= 2 else { throw .invalidParameter("paths = \(paths); expected ≥ 2") }
        let n = covariance.rows
        var m = Matrix(rows: paths, cols: n)
        let eig = try m.storage.withUnsafeMutableBufferPointer { mb throws(RiskError) -> Bool in
            let box = SendablePointer(base: mb.baseAddress!)
            return try forEachChunk(mean: mean, covariance: covariance, horizonDays: h, paths: paths, seed: seed, workers: workers) {
                x, rows, start in
                for j in 0..<n {
                    (box.base + j * paths + start).update(from: x + j * rows, count: rows)
                }
            }
        }
        return (m, eig)
    }

    /// The chunked generator behind both: calls `body(x, rows, start)` once per chunk of `chunks` (nil: all) with the
    /// chunk's returns (rows × N, column-major) and the index of its first path in the whole run. Workers call `body`
    /// concurrently on disjoint chunks.
    static func forEachChunk(mean: [Double], covariance: Matrix, horizonDays h: Int, paths: Int, seed: UInt64, workers: Int,
                             chunks: Range<Int>? = nil,
                             body: @escaping @Sendable (UnsafePointer<Double>, Int, Int) -> Void) throws(RiskError) -> Bool {
        guard paths >= 2 else { throw .invalidParameter("paths = \(paths); expected ≥ 2") }
        let run = try checkedChunks(chunks, paths: paths)
        guard h >= 1 else { throw .invalidParameter("horizon \(h) days; expected ≥ 1") }
        let n = covariance.rows
        guard mean.count == n, covariance.isSquare else { throw .shape("mean \(mean.count) vs covariance \(covariance.rows)") }
        let f = try factor(covariance)
        var lt = f.matrix
        let scale = Double(h).squareRoot()
        for k in 0..<lt.storage.count { lt.storage[k] *= scale }
        let factorT = lt
        let mu = mean.map { $0 * Double(h) }
        let first = run.lowerBound, chunks = run.upperBound
        do {
            let work: @Sendable (Int) -> Void = { w in
                var k = first + w
                var rng = Xoshiro256(seed: seed)
                for _ in 0..<k { rng.jump() }
                var z = Matrix(rows: chunkSize, cols: n)
                var x = Matrix(rows: chunkSize, cols: n)
                while k < chunks {
                    let start = k * chunkSize
                    let rows = min(chunkSize, paths - start)
                    if rows != z.rows {
                        z = Matrix(rows: rows, cols: n)
                        x = Matrix(rows: rows, cols: n)
                    }
                    z.storage.withUnsafeMutableBufferPointer { rng.fillNormal($0) }
                    // X = Z·(√h L)ᵀ, then add the mean column by column.
                    BLAS.gemm(z, factorT, transposeB: true, into: &x)
                    x.storage.withUnsafeMutableBufferPointer { xp in
                        for j in 0..<n where mu[j] != 0 {
                            let b = j * rows, m = mu[j]
                            for i in 0..<rows { xp[b + i] += m }
                        }
                        body(UnsafePointer(xp.baseAddress!), rows, start)
                    }
                    // Advance this worker's generator to chunk k + workers.
                    k += max(1, workers)
                    if k < chunks {
                        rng = Xoshiro256(seed: seed)
                        for _ in 0..<k { rng.jump() }
                    }
                }
            }
            if workers <= 1 {
                work(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: workers) { work($0) }
            }
        }
        return f.usedEigenFactor
    }

    /// Linear portfolio: P&L = X·w per path (`dgemv`).
    public static func linearPortfolio(weights: [Double], mean: [Double], covariance: Matrix, horizonDays h: Int,
                                       paths: Int, seed: UInt64, workers: Int = 2) throws(RiskError) -> [Double] {
        guard weights.count == covariance.rows else { throw .shape("\(weights.count) weights vs \(covariance.rows) assets") }
        let w = weights
        return try simulate(mean: mean, covariance: covariance, horizonDays: h, paths: paths, seed: seed, workers: workers) {
            xp, rows, outp in
            for i in 0..<rows { outp[i] = 0 }
            for j in 0..<w.count {
                let wj = w[j], b = xp + j * rows
                for i in 0..<rows { outp[i] += wj * b[i] }
            }
        }.pnl
    }

    /// VaR/ES from simulated P&L (fractions of NAV) with the NumPy-linear quantile of ``VaR/historical(sorted:confidence:definition:)``.
    public static func measures(pnl: [Double], confidences: [Double]) throws(RiskError) -> [VaR.Measure] {
        for c in confidences { try VaR.checkConfidence(c) }
        let s = pnl.sorted()
        return confidences.map { VaR.historical(sorted: s, confidence: $0) }
    }
}
