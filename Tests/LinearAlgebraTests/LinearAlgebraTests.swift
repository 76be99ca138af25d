import LinearAlgebra
import QuantMath
import Testing

/// A deterministic SPD matrix A = BᵀB + n·I from seeded normals.
func spd(_ n: Int, seed: UInt64) -> Matrix {
    var rng = Xoshiro256(seed: seed)
    let b = Matrix(rows: n, cols: n, columnMajor: rng.normals(n * n))
    return BLAS.gram(b) + Double(n) * Matrix.identity(n)
}

/// Naive triple loop: the independent reference for gemm.
func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
    var c = Matrix(rows: a.rows, cols: b.cols)
    for i in 0..<a.rows { for j in 0..<b.cols { var s = 0.0; for k in 0..<a.cols { s += a[i, k] * b[k, j] }; c[i, j] = s } }
    return c
}

@Suite struct BLASTests {
    @Test func gemmMatchesNaiveLoopIncludingTransposes() {
        var rng = Xoshiro256(seed: 1)
        let a = Matrix(rows: 7, cols: 5, columnMajor: rng.normals(35))
        let b = Matrix(rows: 5, cols: 4, columnMajor: rng.normals(20))
        #expect((BLAS.product(a, b) - naiveProduct(a, b)).maxAbs < 1e-13)
        #expect((BLAS.product(a.transposed, transposeA: true, b) - naiveProduct(a, b)).maxAbs < 1e-13)
        #expect((BLAS.product(a, b.transposed, transposeB: true) - naiveProduct(a, b)).maxAbs < 1e-13)
    }

    @Test func gemmAccumulatesWithAlphaBeta() {
        let a = Matrix(rowsOf: [[1, 2], [3, 4]])
        var c = Matrix(rowsOf: [[1, 1], [1, 1]])
        BLAS.gemm(a, a, alpha: 2, beta: 3, into: &c)
        // 2·A² + 3·1 with A² = [[7,10],[15,22]]
        #expect(c == Matrix(rowsOf: [[17, 23], [33, 47]]))
    }

    @Test func gemvAndSymvAgreeWithHandValues() {
        let a = Matrix(rowsOf: [[2, 1], [1, 3]])
        #expect(BLAS.multiply(a, [1, 2]) == [4, 7])
        #expect(BLAS.multiply(a, transpose: true, [1, 2]) == [4, 7])
        #expect(BLAS.symmetricMultiply(a, [1, 2]) == [4, 7])
        #expect(BLAS.quadraticForm(a, [1, 2]) == 18)
        let r = Matrix(rowsOf: [[1, 2, 3], [4, 5, 6]])
        #expect(BLAS.multiply(r, transpose: true, [1, 1]) == [5, 7, 9])
    }

    @Test func syrkGivesTheFullSymmetricGram() {
        var rng = Xoshiro256(seed: 2)
        let x = Matrix(rows: 30, cols: 6, columnMajor: rng.normals(180))
        let g = BLAS.gram(x)
        #expect((g - naiveProduct(x.transposed, x)).maxAbs < 1e-12)
        #expect(g.isSymmetric(tolerance: 0))
    }

    @Test func emptyShapesDoNotTrap() {
        let a = Matrix(rows: 3, cols: 0)
        let b = Matrix(rows: 0, cols: 2)
        #expect(BLAS.product(a, b) == Matrix(rows: 3, cols: 2))
        #expect(BLAS.dot([], []) == 0)
    }
}

@Suite struct LAPACKTests {
    @Test(arguments: [1, 3, 50, 200])
    func choleskyReconstructs(n: Int) throws {
        let a = spd(n, seed: UInt64(n))
        let l = try Cholesky(a).lower
        let residual = (BLAS.product(l, l, transposeB: true) - a).frobeniusNorm / a.frobeniusNorm
        #expect(residual < 1e-14)
        for j in 0..<n { for i in 0..<j { #expect(l[i, j] == 0) } }
    }

    @Test func choleskyKnownTwoByTwo() throws {
        // [[4, 2], [2, 3]] = L Lᵀ with L = [[2, 0], [1, √2]].
        let l = try Cholesky(Matrix(rowsOf: [[4, 2], [2, 3]])).lower
        #expect(l[0, 0] == 2 && l[1, 0] == 1 && l[0, 1] == 0)
        #expect(abs(l[1, 1] - 2.0.squareRoot()) < 1e-15)
    }

    @Test func choleskyNamesTheFailingColumn() {
        // Leading 2×2 minor is PD; the full 3×3 is not (third pivot negative).
        let a = Matrix(rowsOf: [[1, 0, 0], [0, 1, 0], [0, 0, -1]])
        #expect(throws: LinearAlgebraError.notPositiveDefinite(column: 3)) { try Cholesky(a) }
        let e = LinearAlgebraError.notPositiveDefinite(column: 7)
        #expect(e.description == "matrix is not positive definite at column 7")
    }

    @Test func choleskyRejectsNaNAndNonSquare() {
        #expect(throws: LinearAlgebraError.self) { try Cholesky(Matrix(rowsOf: [[1, .nan], [.nan, 1]])) }
        #expect(throws: LinearAlgebraError.self) { try Cholesky(Matrix(rows: 2, cols: 3)) }
    }

    @Test func potrsSolvesTheSystem() throws {
        let a = spd(20, seed: 9)
        var rng = Xoshiro256(seed: 10)
        let x = rng.normals(20)
        let b = BLAS.multiply(a, x)
        let solved = try Cholesky(a).solve(b)
        #expect(zip(solved, x).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test(arguments: [2, 10, 100])
    func eigenReconstructsAndIsOrthonormal(n: Int) throws {
        let a = spd(n, seed: 100 + UInt64(n))
        let e = try LAPACK.symmetricEigen(a)
        #expect((e.reconstruct() - a).frobeniusNorm / a.frobeniusNorm < 1e-13)
        let qtq = BLAS.product(e.vectors, transposeA: true, e.vectors)
        #expect((qtq - Matrix.identity(n)).maxAbs < 1e-13)
        #expect(zip(e.values, e.values.dropFirst()).allSatisfy { $0 <= $1 })
        // Trace identity: Σλ = tr(A).
        #expect(abs(e.values.reduce(0, +) - a.diagonalElements.reduce(0, +)) < 1e-10 * Double(n * n))
    }

    @Test func eigenKnownTwoByTwo() throws {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
        let e = try LAPACK.symmetricEigen(Matrix(rowsOf: [[2, 1], [1, 2]]))
        #expect(abs(e.values[0] - 1) < 1e-15 && abs(e.values[1] - 3) < 1e-15)
    }

    @Test func generalSolveAndSingularCase() throws {
        let a = Matrix(rowsOf: [[0, 2], [3, 1]])  // needs pivoting
        let x = try LAPACK.solve(a, [4, 5])
        #expect(abs(x[0] - 1) < 1e-15 && abs(x[1] - 2) < 1e-15)
        #expect(throws: LinearAlgebraError.singular(column: 2)) {
            try LAPACK.solve(Matrix(rowsOf: [[1, 2], [2, 4]]), [1, 1])
        }
    }
}
