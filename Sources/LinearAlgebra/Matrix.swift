/// A dense, column-major matrix of `Double`, the storage layout BLAS and LAPACK expect.
///
/// Element (i, j) lives at `storage[j * rows + i]`. Value semantics (copy on write through `[Double]`).
/// Shapes are checked with `precondition` only for programmer errors (mismatched shapes built by the
/// engine itself); numerical failures reported by LAPACK are thrown as ``LinearAlgebraError``.
public struct Matrix: Sendable, Equatable {
    public let rows: Int
    public let cols: Int
    public var storage: [Double]

    /// A `rows × cols` matrix filled with `value`.
    public init(rows: Int, cols: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && cols >= 0, "Matrix: negative shape")
        self.rows = rows
        self.cols = cols
        self.storage = [Double](repeating: value, count: rows * cols)
    }

    /// A matrix over existing column-major storage.
    public init(rows: Int, cols: Int, columnMajor storage: [Double]) {
        precondition(storage.count == rows * cols, "Matrix: storage count \(storage.count) ≠ \(rows)×\(cols)")
        self.rows = rows
        self.cols = cols
        self.storage = storage
    }

    /// A matrix from a list of rows (row-major literal, convenient in tests and file loaders).
    public init(rowsOf values: [[Double]]) {
        let r = values.count
        let c = values.first?.count ?? 0
        precondition(values.allSatisfy { $0.count == c }, "Matrix: ragged rows")
        var s = [Double](repeating: 0, count: r * c)
        for i in 0..<r { for j in 0..<c { s[j * r + i] = values[i][j] } }
        self.init(rows: r, cols: c, columnMajor: s)
    }

    /// The n × n identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, cols: n)
        for i in 0..<n { m.storage[i * n + i] = 1 }
        return m
    }

    /// A diagonal matrix.
    public static func diagonal(_ d: [Double]) -> Matrix {
        var m = Matrix(rows: d.count, cols: d.count)
        for i in 0..<d.count { m.storage[i * d.count + i] = d[i] }
        return m
    }

    @inlinable
    public subscript(i: Int, j: Int) -> Double {
        get { storage[j * rows + i] }
        set { storage[j * rows + i] = newValue }
    }

    /// Column j as an array.
    public func column(_ j: Int) -> [Double] { Array(storage[(j * rows)..<((j + 1) * rows)]) }

    /// Row i as an array.
    public func row(_ i: Int) -> [Double] { (0..<cols).map { storage[$0 * rows + i] } }

    /// The rows as arrays (for output).
    public var rowArrays: [[Double]] { (0..<rows).map { row($0) } }

    /// The diagonal.
    public var diagonalElements: [Double] { (0..<Swift.min(rows, cols)).map { storage[$0 * rows + $0] } }

    public var isSquare: Bool { rows == cols }

    /// The transpose (a copy).
    public var transposed: Matrix {
        var t = Matrix(rows: cols, cols: rows)
        for j in 0..<cols { for i in 0..<rows { t.storage[i * cols + j] = storage[j * rows + i] } }
        return t
    }

    /// Frobenius norm ‖A‖_F.
    public var frobeniusNorm: Double { storage.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    /// Largest absolute element.
    public var maxAbs: Double { storage.reduce(0) { Swift.max($0, abs($1)) } }

    /// Element-wise difference.
    public static func - (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.rows == b.rows && a.cols == b.cols, "Matrix -: shape mismatch")
        var c = a
        for k in 0..<c.storage.count { c.storage[k] -= b.storage[k] }
        return c
    }

    /// Element-wise sum.
    public static func + (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.rows == b.rows && a.cols == b.cols, "Matrix +: shape mismatch")
        var c = a
        for k in 0..<c.storage.count { c.storage[k] += b.storage[k] }
        return c
    }

    /// Scalar multiple.
    public static func * (s: Double, a: Matrix) -> Matrix {
        var c = a
        for k in 0..<c.storage.count { c.storage[k] *= s }
        return c
    }

    /// Copies the upper triangle into the lower one (after `dsyrk`/`dsyevd` wrote only one half).
    public mutating func symmetrizeFromUpper() {
        precondition(isSquare)
        let n = rows
        storage.withUnsafeMutableBufferPointer { p in
            for j in 0..<n { for i in 0..<j { p[i * n + j] = p[j * n + i] } }
        }
    }

    /// True when the matrix equals its transpose within `tolerance` (absolute).
    public func isSymmetric(tolerance: Double = 1e-12) -> Bool {
        guard isSquare else { return false }
        for j in 0..<cols { for i in 0..<j where abs(self[i, j] - self[j, i]) > tolerance { return false } }
        return true
    }
}
