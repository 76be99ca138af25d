import LinearAlgebra

/// Nearest correlation matrix in the Frobenius norm (Higham, "Computing the nearest correlation matrix — a problem
/// from finance", IMA J. Numer. Anal. 22 (2002) 329–343), Algorithm 3.3 with W = I: alternating projections onto
/// S = {X ⪰ 0} and U = {X = Xᵀ, diag X = 1} with Dykstra's correction applied to the S projection.
///
///     ΔS₀ = 0, Y₀ = A
///     for k = 1, 2, …:  R = Yₖ₋₁ − ΔSₖ₋₁;  Xₖ = P_S(R);  ΔSₖ = Xₖ − R;  Yₖ = P_U(Xₖ)
///
/// P_S sets negative eigenvalues to `minEigenvalue` (0 by default) using `dsyevd`; P_U sets the diagonal to 1.
/// Stops when ‖Yₖ − Xₖ‖_F / ‖Yₖ‖_F, ‖Xₖ − Xₖ₋₁‖_F/‖Xₖ‖_F and ‖Yₖ − Yₖ₋₁‖_F/‖Yₖ‖_F are all below `tolerance`.
/// The result is Yₖ (unit diagonal exactly; its smallest eigenvalue is ≥ −tolerance-level round-off).
public enum NearestCorrelation {
    public struct Result: Sendable, Equatable {
        public var matrix: Matrix
        public var iterations: Int
        public var converged: Bool
        /// ‖A − X‖_F.
        public var frobeniusDistance: Double
        /// Eigenvalues of the input and of the result, ascending.
        public var inputEigenvalues: [Double]
        public var outputEigenvalues: [Double]
        /// Indices (ascending order of eigenvalues) whose value moved by more than `1e-12·max(1, |λ|)`.
        public var changedEigenvalues: [(index: Int, before: Double, after: Double)]

        public static func == (a: Result, b: Result) -> Bool {
            a.matrix == b.matrix && a.iterations == b.iterations && a.inputEigenvalues == b.inputEigenvalues
        }
    }

    /// - Throws: ``RiskError/shape(_:)`` for a non-square input, ``RiskError/invalidParameter(_:)`` for an input
    ///   that is not symmetric within 1e-8 (absolute) — small asymmetry is averaged away — and ``RiskError/nonFinite(_:)``.
    public static func compute(_ a: Matrix, tolerance: Double = 1e-12, maxIterations: Int = 10_000,
                               minEigenvalue: Double = 0) throws(RiskError) -> Result {
        guard a.isSquare else { throw .shape("nearest correlation of a \(a.rows)×\(a.cols) matrix") }
        guard a.storage.allSatisfy({ $0.isFinite }) else { throw .nonFinite("input matrix") }
        guard a.isSymmetric(tolerance: 1e-8) else {
            throw .invalidParameter("input matrix is not symmetric (|A − Aᵀ| > 1e-8 somewhere)")
        }
        guard minEigenvalue >= 0, minEigenvalue < 1 else { throw .invalidParameter("minimum eigenvalue \(minEigenvalue)") }
        let n = a.rows
        var sym = a
        for j in 0..<n { for i in 0..<j { let m = 0.5 * (a[i, j] + a[j, i]); sym[i, j] = m; sym[j, i] = m } }
        let inputEig: [Double]
        do { inputEig = try LAPACK.symmetricEigen(sym).values } catch { throw .linearAlgebra(error) }

        var dS = Matrix(rows: n, cols: n)
        var y = sym
        var x = sym
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            iterations += 1
            let r = y - dS
            let eig: SymmetricEigen
            do { eig = try LAPACK.symmetricEigen(r) } catch { throw .linearAlgebra(error) }
            var xNew = eig.reconstruct { max($0, minEigenvalue) }
            // Keep exact symmetry.
            for j in 0..<n { for i in 0..<j { let m = 0.5 * (xNew[i, j] + xNew[j, i]); xNew[i, j] = m; xNew[j, i] = m } }
            dS = xNew - r
            var yNew = xNew
            for j in 0..<n { yNew[j, j] = 1 }
            let relX = (xNew - x).frobeniusNorm / max(xNew.frobeniusNorm, 1e-300)
            let relY = (yNew - y).frobeniusNorm / max(yNew.frobeniusNorm, 1e-300)
            let relYX = (yNew - xNew).frobeniusNorm / max(yNew.frobeniusNorm, 1e-300)
            x = xNew
            y = yNew
            if max(relX, relY, relYX) <= tolerance { converged = true; break }
        }
        let outEig: [Double]
        do { outEig = try LAPACK.symmetricEigen(y).values } catch { throw .linearAlgebra(error) }
        var changed: [(Int, Double, Double)] = []
        for k in 0..<n where abs(outEig[k] - inputEig[k]) > 1e-12 * max(1, abs(inputEig[k])) {
            changed.append((k, inputEig[k], outEig[k]))
        }
        return Result(matrix: y, iterations: iterations, converged: converged,
                      frobeniusDistance: (sym - y).frobeniusNorm, inputEigenvalues: inputEig,
                      outputEigenvalues: outEig, changedEigenvalues: changed.map { (index: $0.0, before: $0.1, after: $0.2) })
    }
}
