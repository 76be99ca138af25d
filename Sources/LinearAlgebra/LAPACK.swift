import CLAPACKE

/// A numerical failure reported by LAPACK, turned into a typed Swift error (never a trap).
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible, Sendable {
    /// `dpotrf` found a leading minor that is not positive definite (1-based column, as LAPACK reports it).
    case notPositiveDefinite(column: Int)
    /// `dgesv`/`dgetrf` found an exactly zero pivot (1-based column).
    case singular(column: Int)
    /// `dgels` found an exactly zero diagonal element of R: the design does not have full column rank (1-based column).
    case rankDeficient(column: Int)
    /// `dsyevd` failed to converge (`info` off-diagonal elements did not converge).
    case eigenNotConverged(info: Int)
    /// An argument had an illegal value (a bug in the wrapper; should not happen).
    case illegalArgument(routine: String, position: Int)
    /// The matrix was not square or shapes did not conform.
    case shapeMismatch(String)
    /// A matrix contained NaN or infinity.
    case nonFinite(String)

    public var description: String {
        switch self {
        case .notPositiveDefinite(let c): return "matrix is not positive definite at column \(c)"
        case .singular(let c): return "matrix is singular: zero pivot at column \(c)"
        case .rankDeficient(let c): return "least-squares design is rank deficient: column \(c) is a combination of the others"
        case .eigenNotConverged(let i): return "symmetric eigendecomposition did not converge (\(i) off-diagonal elements)"
        case .illegalArgument(let r, let p): return "\(r): illegal value in argument \(p)"
        case .shapeMismatch(let s): return "shape mismatch: \(s)"
        case .nonFinite(let s): return "non-finite values in \(s)"
        }
    }
}

/// A symmetric eigendecomposition A = Q Λ Qᵀ with eigenvalues in ascending order.
public struct SymmetricEigen: Sendable {
    /// Eigenvalues, ascending.
    public let values: [Double]
    /// Orthonormal eigenvectors as columns, in the order of `values`.
    public let vectors: Matrix

    /// Q · diag(f(λ)) · Qᵀ — rebuilds the matrix with transformed eigenvalues.
    public func reconstruct(_ transform: (Double) -> Double = { $0 }) -> Matrix {
        let n = values.count
        var scaled = vectors
        for j in 0..<n {
            let f = transform(values[j])
            for i in 0..<n { scaled.storage[j * n + i] *= f }
        }
        return BLAS.product(scaled, vectors, transposeB: true)
    }
}

/// Cholesky factor A = L Lᵀ, kept to solve systems (`dpotrs`).
public struct Cholesky: Sendable {
    /// The lower factor L (upper triangle zeroed).
    public let lower: Matrix

    /// Factorises a symmetric positive definite matrix (`LAPACKE_dpotrf`, lower).
    /// - Throws: ``LinearAlgebraError/notPositiveDefinite(column:)`` naming the failing column (1-based).
    public init(_ a: Matrix) throws(LinearAlgebraError) {
        guard a.isSquare else { throw .shapeMismatch("Cholesky of a \(a.rows)×\(a.cols) matrix") }
        guard a.storage.allSatisfy({ $0.isFinite }) else { throw .nonFinite("Cholesky input") }
        var l = a
        let n = a.rows
        if n > 0 {
            let info = l.storage.withUnsafeMutableBufferPointer { p in
                OpenBLAS.serial {
                    LAPACKE_dpotrf(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), Int32(n), p.baseAddress, Int32(n))
                }
            }
            if info > 0 { throw .notPositiveDefinite(column: Int(info)) }
            if info < 0 { throw .illegalArgument(routine: "dpotrf", position: Int(-info)) }
        }
        for j in 0..<n { for i in 0..<j { l.storage[j * n + i] = 0 } }
        lower = l
    }

    /// Solves A X = B for X (`LAPACKE_dpotrs`).
    public func solve(_ b: Matrix) throws(LinearAlgebraError) -> Matrix {
        let n = lower.rows
        guard b.rows == n else { throw .shapeMismatch("solve: A is \(n)×\(n), B has \(b.rows) rows") }
        var x = b
        if n == 0 || b.cols == 0 { return x }
        let info = lower.storage.withUnsafeBufferPointer { lp in
            x.storage.withUnsafeMutableBufferPointer { xp in
                OpenBLAS.serial {
                    LAPACKE_dpotrs(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), Int32(n), Int32(b.cols),
                                   lp.baseAddress, Int32(n), xp.baseAddress, Int32(n))
                }
            }
        }
        if info < 0 { throw .illegalArgument(routine: "dpotrs", position: Int(-info)) }
        return x
    }

    /// Solves A x = b for one right-hand side.
    public func solve(_ b: [Double]) throws(LinearAlgebraError) -> [Double] {
        try solve(Matrix(rows: b.count, cols: 1, columnMajor: b)).storage
    }
}

/// LAPACK drivers. Like the BLAS wrappers, each call runs on one OpenBLAS thread (``OpenBLAS/serial(_:)``): OpenBLAS's
/// threaded `dpotrf`, `dgetrf` and the `dsymv` inside `dsytrd` round differently on different thread counts.
public enum LAPACK {
    /// Symmetric eigendecomposition (`LAPACKE_dsyevd`, divide and conquer, eigenvectors computed).
    public static func symmetricEigen(_ a: Matrix) throws(LinearAlgebraError) -> SymmetricEigen {
        guard a.isSquare else { throw .shapeMismatch("eigendecomposition of a \(a.rows)×\(a.cols) matrix") }
        guard a.storage.allSatisfy({ $0.isFinite }) else { throw .nonFinite("eigendecomposition input") }
        let n = a.rows
        var q = a
        var w = [Double](repeating: 0, count: n)
        if n > 0 {
            let info = q.storage.withUnsafeMutableBufferPointer { qp in
                w.withUnsafeMutableBufferPointer { wp in
                    OpenBLAS.serial {
                        LAPACKE_dsyevd(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")),
                                       Int32(n), qp.baseAddress, Int32(n), wp.baseAddress)
                    }
                }
            }
            if info > 0 { throw .eigenNotConverged(info: Int(info)) }
            if info < 0 { throw .illegalArgument(routine: "dsyevd", position: Int(-info)) }
        }
        return SymmetricEigen(values: w, vectors: q)
    }

    /// Solves the general square system A X = B by LU with partial pivoting (`LAPACKE_dgesv`).
    /// - Throws: ``LinearAlgebraError/singular(column:)`` for an exactly singular A.
    public static func solve(_ a: Matrix, _ b: Matrix) throws(LinearAlgebraError) -> Matrix {
        guard a.isSquare, b.rows == a.rows else {
            throw .shapeMismatch("solve: A is \(a.rows)×\(a.cols), B is \(b.rows)×\(b.cols)")
        }
        guard a.storage.allSatisfy({ $0.isFinite }), b.storage.allSatisfy({ $0.isFinite }) else {
            throw .nonFinite("solve input")
        }
        let n = a.rows
        var lu = a
        var x = b
        if n == 0 || b.cols == 0 { return x }
        var ipiv = [Int32](repeating: 0, count: n)
        let info = lu.storage.withUnsafeMutableBufferPointer { ap in
            x.storage.withUnsafeMutableBufferPointer { bp in
                ipiv.withUnsafeMutableBufferPointer { pp in
                    OpenBLAS.serial {
                        LAPACKE_dgesv(LAPACK_COL_MAJOR, Int32(n), Int32(b.cols), ap.baseAddress, Int32(n),
                                      pp.baseAddress, bp.baseAddress, Int32(n))
                    }
                }
            }
        }
        if info > 0 { throw .singular(column: Int(info)) }
        if info < 0 { throw .illegalArgument(routine: "dgesv", position: Int(-info)) }
        return x
    }

    /// Solves A x = b for one right-hand side.
    public static func solve(_ a: Matrix, _ b: [Double]) throws(LinearAlgebraError) -> [Double] {
        try solve(a, Matrix(rows: b.count, cols: 1, columnMajor: b)).storage
    }
}
