import CBLAS
import Synchronization

/// Thin, shape-checked wrappers over CBLAS (OpenBLAS), column-major throughout. Each call runs on one OpenBLAS
/// thread (``OpenBLAS/serial(_:)``), so results never depend on the thread count.
///
/// The output argument never aliases an input (Swift's exclusivity rules reject that anyway).
public enum BLAS {
    /// C = alpha · op(A) · op(B) + beta · C   (`cblas_dgemm`).
    public static func gemm(
        _ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false,
        alpha: Double = 1, beta: Double = 0, into c: inout Matrix
    ) {
        let m = transposeA ? a.cols : a.rows
        let k = transposeA ? a.rows : a.cols
        let kb = transposeB ? b.cols : b.rows
        let n = transposeB ? b.rows : b.cols
        precondition(k == kb && c.rows == m && c.cols == n, "gemm: shape mismatch")
        if m == 0 || n == 0 { return }
        if k == 0 {
            for idx in 0..<c.storage.count { c.storage[idx] *= beta }
            return
        }
        a.storage.withUnsafeBufferPointer { ap in
            b.storage.withUnsafeBufferPointer { bp in
                c.storage.withUnsafeMutableBufferPointer { cp in
                    OpenBLAS.serial {
                        cblas_dgemm(
                            CblasColMajor, transposeA ? CblasTrans : CblasNoTrans,
                            transposeB ? CblasTrans : CblasNoTrans,
                            Int32(m), Int32(n), Int32(k), alpha, ap.baseAddress, Int32(max(1, a.rows)),
                            bp.baseAddress, Int32(max(1, b.rows)), beta, cp.baseAddress, Int32(max(1, c.rows)))
                    }
                }
            }
        }
    }

    /// op(A) · op(B) as a new matrix.
    public static func product(_ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false) -> Matrix {
        var c = Matrix(rows: transposeA ? a.cols : a.rows, cols: transposeB ? b.rows : b.cols)
        gemm(a, transposeA: transposeA, b, transposeB: transposeB, into: &c)
        return c
    }

    /// y = alpha · op(A) · x + beta · y   (`cblas_dgemv`).
    public static func gemv(
        _ a: Matrix, transpose: Bool = false, _ x: [Double], alpha: Double = 1, beta: Double = 0,
        into y: inout [Double]
    ) {
        let m = transpose ? a.cols : a.rows
        let n = transpose ? a.rows : a.cols
        precondition(x.count == n && y.count == m, "gemv: shape mismatch")
        if m == 0 { return }
        if n == 0 {
            for i in 0..<m { y[i] *= beta }
            return
        }
        a.storage.withUnsafeBufferPointer { ap in
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    OpenBLAS.serial {
                        cblas_dgemv(
                            CblasColMajor, transpose ? CblasTrans : CblasNoTrans, Int32(a.rows), Int32(a.cols),
                            alpha, ap.baseAddress, Int32(max(1, a.rows)), xp.baseAddress, 1, beta, yp.baseAddress, 1)
                    }
                }
            }
        }
    }

    /// op(A) · x as a new vector.
    public static func multiply(_ a: Matrix, transpose: Bool = false, _ x: [Double]) -> [Double] {
        var y = [Double](repeating: 0, count: transpose ? a.cols : a.rows)
        gemv(a, transpose: transpose, x, into: &y)
        return y
    }

    /// C = alpha · AᵀA + beta · C (trans = true) or alpha · AAᵀ + beta · C (trans = false), full symmetric
    /// result (`cblas_dsyrk` on the upper triangle, then mirrored).
    public static func syrk(_ a: Matrix, transpose: Bool = true, alpha: Double = 1, beta: Double = 0, into c: inout Matrix) {
        let n = transpose ? a.cols : a.rows
        let k = transpose ? a.rows : a.cols
        precondition(c.rows == n && c.cols == n, "syrk: shape mismatch")
        if n == 0 { return }
        if k > 0 {
            a.storage.withUnsafeBufferPointer { ap in
                c.storage.withUnsafeMutableBufferPointer { cp in
                    OpenBLAS.serial {
                        cblas_dsyrk(
                            CblasColMajor, CblasUpper, transpose ? CblasTrans : CblasNoTrans, Int32(n), Int32(k),
                            alpha, ap.baseAddress, Int32(max(1, a.rows)), beta, cp.baseAddress, Int32(max(1, n)))
                    }
                }
            }
        } else {
            for idx in 0..<c.storage.count { c.storage[idx] *= beta }
        }
        c.symmetrizeFromUpper()
    }

    /// The Gram matrix AᵀA.
    public static func gram(_ a: Matrix) -> Matrix {
        var c = Matrix(rows: a.cols, cols: a.cols)
        syrk(a, transpose: true, into: &c)
        return c
    }

    /// y = alpha · A · x + beta · y for symmetric A (`cblas_dsymv`, reads the upper triangle).
    public static func symv(_ a: Matrix, _ x: [Double], alpha: Double = 1, beta: Double = 0, into y: inout [Double]) {
        precondition(a.isSquare && x.count == a.cols && y.count == a.rows, "symv: shape mismatch")
        if a.rows == 0 { return }
        a.storage.withUnsafeBufferPointer { ap in
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    OpenBLAS.serial {
                        cblas_dsymv(
                            CblasColMajor, CblasUpper, Int32(a.rows), alpha, ap.baseAddress, Int32(max(1, a.rows)),
                            xp.baseAddress, 1, beta, yp.baseAddress, 1)
                    }
                }
            }
        }
    }

    /// Σx for symmetric Σ, as a new vector.
    public static func symmetricMultiply(_ a: Matrix, _ x: [Double]) -> [Double] {
        var y = [Double](repeating: 0, count: a.rows)
        symv(a, x, into: &y)
        return y
    }

    /// xᵀy (`cblas_ddot`).
    public static func dot(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "dot: length mismatch")
        if x.isEmpty { return 0 }
        return x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in OpenBLAS.serial { cblas_ddot(Int32(x.count), xp.baseAddress, 1, yp.baseAddress, 1) } }
        }
    }

    /// xᵀ A x for symmetric A.
    public static func quadraticForm(_ a: Matrix, _ x: [Double]) -> Double { dot(x, symmetricMultiply(a, x)) }
}

/// OpenBLAS's thread pool, and the rule that keeps Hedgebook's numbers independent of it.
///
/// OpenBLAS splits many routines over its threads in ways that change the order of the floating-point additions, so
/// their results depend on the thread count. Measured on OpenBLAS 0.3.21 (1 vs 2 threads, bit for bit): `dsymv` at every
/// size, `ddot` above 10,000 entries, transposed `dgemv`, `dgemm` with a long inner dimension, `dpotrf` from n ≈ 100,
/// `dgesv` and `dsyevd` (its `dsytrd` calls `dsymv`) at every size. So every call LinearAlgebra makes runs inside
/// ``serial(_:)``, on one OpenBLAS thread: results depend on the inputs only, for any `OPENBLAS_NUM_THREADS` and any
/// number of callers' threads. Parallel speed comes from Hedgebook's own workers over fixed partitions of the work
/// (Monte Carlo chunks, option revaluation rows), which never change the arithmetic.
public enum OpenBLAS {
    struct Pin {
        var depth = 0
        var saved = 1
    }
    static let pin = Mutex(Pin())

    /// The thread count OpenBLAS uses outside LinearAlgebra's calls (from `OPENBLAS_NUM_THREADS` at load). LinearAlgebra's
    /// own calls always run on one thread; a value set while some call is pinned is applied when the last one returns.
    public static var threads: Int {
        get { pin.withLock { $0.depth > 0 ? $0.saved : Int(openblas_get_num_threads()) } }
        set {
            pin.withLock { p in
                if p.depth > 0 { p.saved = newValue } else { openblas_set_num_threads(Int32(newValue)) }
            }
        }
    }

    /// The count OpenBLAS would use for a call made right now (1 while any LinearAlgebra call is in flight).
    public static var activeThreads: Int { Int(openblas_get_num_threads()) }

    /// Runs `body` with OpenBLAS pinned to one thread. `openblas_set_num_threads` is process-global, so the pin is
    /// reference-counted under a lock: the first caller in saves the count and sets 1, the last one out restores it.
    /// It nests and is safe from many threads at once (no caller can unpin another's call in flight).
    public static func serial<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pin.withLock { p in
            if p.depth == 0 {
                p.saved = Int(openblas_get_num_threads())
                if p.saved != 1 { openblas_set_num_threads(1) }
            }
            p.depth += 1
        }
        defer {
            pin.withLock { p in
                p.depth -= 1
                if p.depth == 0, p.saved != 1 { openblas_set_num_threads(Int32(p.saved)) }
            }
        }
        return try body()
    }

    public static var coreName: String { String(cString: openblas_get_corename()) }
    public static var config: String { String(cString: openblas_get_config()) }
}
