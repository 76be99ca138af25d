import CLAPACKE

/// The solution of min ‖A X − B‖₂ column by column (one right-hand side per column of B).
public struct LeastSquaresSolution: Sendable {
    /// n × k coefficients (column j solves for column j of B).
    public let coefficients: Matrix
    /// Residual sum of squares per right-hand side, ‖A xⱼ − bⱼ‖², from the rows n..<m that `dgels` leaves in B (the
    /// components of bⱼ orthogonal to the range of A, in the Q basis).
    public let residualSumOfSquares: [Double]
}

extension LAPACK {
    /// Full-rank least squares min ‖A X − B‖₂ by QR (`LAPACKE_dgels`, no transpose), A m × n with m ≥ n, B m × k.
    /// One factorisation of A serves every right-hand side, so many regressions on the same design cost one QR.
    /// - Throws: ``LinearAlgebraError/rankDeficient(column:)`` when A does not have full column rank (an exactly zero
    ///   diagonal element of R, 1-based as LAPACK reports it); shape and non-finite errors.
    public static func leastSquares(_ a: Matrix, _ b: Matrix) throws(LinearAlgebraError) -> LeastSquaresSolution {
        let m = a.rows, n = a.cols, k = b.cols
        guard b.rows == m else { throw .shapeMismatch("least squares: A is \(m)×\(n), B is \(b.rows)×\(k)") }
        guard m >= n else { throw .shapeMismatch("least squares: A is \(m)×\(n); need at least as many rows as columns") }
        guard a.storage.allSatisfy({ $0.isFinite }), b.storage.allSatisfy({ $0.isFinite }) else {
            throw .nonFinite("least-squares input")
        }
        if n == 0 || k == 0 {
            let rss = (0..<k).map { j in b.column(j).reduce(0) { $0 + $1 * $1 } }
            return LeastSquaresSolution(coefficients: Matrix(rows: n, cols: k), residualSumOfSquares: rss)
        }
        var qr = a
        var x = b
        // The `_work` entry point: the inputs were checked for NaN/∞ above (LAPACKE_dgels would scan them again).
        let trans = CChar(UInt8(ascii: "N"))
        var query = 0.0
        var info = qr.storage.withUnsafeMutableBufferPointer { ap in
            x.storage.withUnsafeMutableBufferPointer { bp in
                OpenBLAS.serial {
                    LAPACKE_dgels_work(LAPACK_COL_MAJOR, trans, Int32(m), Int32(n), Int32(k), ap.baseAddress, Int32(m),
                                       bp.baseAddress, Int32(m), &query, -1)
                }
            }
        }
        if info == 0 {
            var work = [Double](repeating: 0, count: max(1, Int(query)))
            info = qr.storage.withUnsafeMutableBufferPointer { ap in
                x.storage.withUnsafeMutableBufferPointer { bp in
                    work.withUnsafeMutableBufferPointer { wp in
                        OpenBLAS.serial {
                            LAPACKE_dgels_work(LAPACK_COL_MAJOR, trans, Int32(m), Int32(n), Int32(k), ap.baseAddress, Int32(m),
                                               bp.baseAddress, Int32(m), wp.baseAddress, Int32(wp.count))
                        }
                    }
                }
            }
        }
        if info > 0 { throw .rankDeficient(column: Int(info)) }
        if info < 0 { throw .illegalArgument(routine: "dgels", position: Int(-info)) }
        var coef = Matrix(rows: n, cols: k)
        var rss = [Double](repeating: 0, count: k)
        for j in 0..<k {
            for i in 0..<n { coef.storage[j * n + i] = x.storage[j * m + i] }
            var s = 0.0
            for i in n..<m { let v = x.storage[j * m + i]; s += v * v }
            rss[j] = s
        }
        return LeastSquaresSolution(coefficients: coef, residualSumOfSquares: rss)
    }
}
