import LinearAlgebra
import QuantMath
import Testing

/// `LAPACK.leastSquares` (dgels): exact fits, the normal equations, residual sums and rank deficiency.
@Suite struct LeastSquaresTests {
    /// A line through 4 points by hand: x = 0, 1, 2, 3 and y = 1, 3, 2, 4 → slope 0.8, intercept 1.3
    /// (Σx = 6, Σy = 10, Σxy = 19, Σx² = 14: b = (4·19 − 60)/(4·14 − 36) = 0.8, a = (10 − 4.8)/4 = 1.3);
    /// residuals −0.3, 0.9, −0.9, 0.3 → RSS 1.8.
    @Test func lineByHand() throws {
        let a = Matrix(rowsOf: [[1, 0], [1, 1], [1, 2], [1, 3]])
        let s = try LAPACK.leastSquares(a, Matrix(rows: 4, cols: 1, columnMajor: [1, 3, 2, 4]))
        #expect(abs(s.coefficients[0, 0] - 1.3) < 1e-14 && abs(s.coefficients[1, 0] - 0.8) < 1e-14)
        #expect(abs(s.residualSumOfSquares[0] - 1.8) < 1e-13)
    }

    /// Many right-hand sides against the normal equations AᵀA x = Aᵀb solved by Cholesky, and RSS against the explicit
    /// residuals.
    @Test func manyRightHandSidesMatchNormalEquations() throws {
        var rng = Xoshiro256(seed: 7)
        let a = Matrix(rows: 50, cols: 5, columnMajor: rng.normals(250))
        let b = Matrix(rows: 50, cols: 3, columnMajor: rng.normals(150))
        let s = try LAPACK.leastSquares(a, b)
        let x = try Cholesky(BLAS.gram(a)).solve(BLAS.product(a, transposeA: true, b))
        #expect((s.coefficients - x).frobeniusNorm < 1e-12)
        let r = b - BLAS.product(a, s.coefficients)
        for j in 0..<3 {
            let rss = r.column(j).reduce(0) { $0 + $1 * $1 }
            #expect(abs(s.residualSumOfSquares[j] - rss) < 1e-12 * rss)
        }
    }

    @Test func rankDeficientDesignIsATypedError() {
        let a = Matrix(rowsOf: [[1, 0], [2, 0], [3, 0]])  // an exactly zero second column: R₂₂ = 0
        #expect(throws: LinearAlgebraError.rankDeficient(column: 2)) {
            try LAPACK.leastSquares(a, Matrix(rows: 3, cols: 1, columnMajor: [1, 2, 3]))
        }
        #expect(throws: LinearAlgebraError.self) { try LAPACK.leastSquares(Matrix(rows: 2, cols: 3), Matrix(rows: 2, cols: 1)) }
    }
}
