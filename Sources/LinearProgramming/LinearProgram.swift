/// A linear programme in the form the solver takes:
///
///     minimise  cᵀx   subject to   rowᵢ:  aᵢ·x  (≥ | ≤ | =)  bᵢ,     lⱼ ≤ xⱼ ≤ uⱼ
///
/// with every lower bound 0 or −∞ (a free column) and upper bounds finite or +∞. Coefficients are stored by column
/// (compressed sparse column): rows are declared first, then each column with its entries. Every row and column has a
/// name (no whitespace, the MPS rule), used by errors ("infeasible: budget …") and by the MPS export.
public struct LinearProgram: Sendable, Equatable {
    public enum Sense: String, Sendable, Equatable {
        case greaterOrEqual = "G", lessOrEqual = "L", equal = "E"
    }

    public private(set) var rowNames: [String] = []
    public private(set) var senses: [Sense] = []
    public private(set) var rhs: [Double] = []

    public private(set) var columnNames: [String] = []
    public private(set) var objective: [Double] = []
    public private(set) var lowerBounds: [Double] = []
    public private(set) var upperBounds: [Double] = []
    /// CSC: entries of column j are `columnStarts[j] ..< columnStarts[j + 1]` of `rowIndices` / `values`.
    public private(set) var columnStarts: [Int] = [0]
    public private(set) var rowIndices: [Int32] = []
    public private(set) var values: [Double] = []

    public var rowCount: Int { rowNames.count }
    public var columnCount: Int { columnNames.count }
    public var nonzeroCount: Int { values.count }

    public init() {}

    /// Declares a row; returns its index.
    @discardableResult
    public mutating func addRow(_ name: String, _ sense: Sense, _ rhs: Double) -> Int {
        rowNames.append(name)
        senses.append(sense)
        self.rhs.append(rhs)
        return rowNames.count - 1
    }

    /// Adds a column with its (row, value) entries (rows already declared, each at most once, zeros dropped).
    /// - Parameters: lower: 0 (default) or −∞ (free); upper: +∞ (default) or a finite value ≥ lower.
    @discardableResult
    public mutating func addColumn(_ name: String, objective c: Double, lower: Double = 0, upper: Double = .infinity,
                                   entries: some Sequence<(Int, Double)>) -> Int {
        columnNames.append(name)
        objective.append(c)
        lowerBounds.append(lower)
        upperBounds.append(upper)
        for (i, v) in entries where v != 0 {
            rowIndices.append(Int32(i))
            values.append(v)
        }
        columnStarts.append(values.count)
        return columnNames.count - 1
    }

    /// Adds a column whose entries are `dense[k]` in rows `firstRow + k` (a block of consecutive rows), then `extra`.
    @discardableResult
    public mutating func addColumn(_ name: String, objective c: Double, lower: Double = 0, upper: Double = .infinity,
                                   denseFrom firstRow: Int, _ dense: UnsafeBufferPointer<Double>,
                                   extra: [(Int, Double)] = []) -> Int {
        columnNames.append(name)
        objective.append(c)
        lowerBounds.append(lower)
        upperBounds.append(upper)
        rowIndices.reserveCapacity(rowIndices.count + dense.count + extra.count)
        values.reserveCapacity(values.count + dense.count + extra.count)
        for k in 0..<dense.count where dense[k] != 0 {
            rowIndices.append(Int32(firstRow + k))
            values.append(dense[k])
        }
        for (i, v) in extra where v != 0 {
            rowIndices.append(Int32(i))
            values.append(v)
        }
        columnStarts.append(values.count)
        return columnNames.count - 1
    }

    /// Row activities A·x.
    public func activities(_ x: [Double]) -> [Double] {
        var a = [Double](repeating: 0, count: rowCount)
        for j in 0..<columnCount where x[j] != 0 {
            for k in columnStarts[j]..<columnStarts[j + 1] { a[Int(rowIndices[k])] += values[k] * x[j] }
        }
        return a
    }

    /// The largest violation of a row or bound by `x`, scaled by max(1, |bᵢ|) per row (0 = feasible).
    public func maxViolation(_ x: [Double]) -> Double {
        var worst = 0.0
        let a = activities(x)
        for i in 0..<rowCount {
            let d: Double
            switch senses[i] {
            case .greaterOrEqual: d = rhs[i] - a[i]
            case .lessOrEqual: d = a[i] - rhs[i]
            case .equal: d = abs(a[i] - rhs[i])
            }
            worst = max(worst, d / max(1, abs(rhs[i])))
        }
        for j in 0..<columnCount {
            worst = max(worst, lowerBounds[j] - x[j], x[j] - upperBounds[j])
        }
        return worst
    }

    /// cᵀx.
    public func objectiveValue(_ x: [Double]) -> Double {
        var s = 0.0
        for j in 0..<columnCount { s += objective[j] * x[j] }
        return s
    }

    /// Checks the shape rules (names, bounds, finiteness). - Throws: ``LPError/invalid(_:)``.
    public func validate() throws(LPError) {
        for (k, n) in (rowNames + columnNames).enumerated() where n.isEmpty || n.contains(where: \.isWhitespace) {
            throw .invalid("\(k < rowCount ? "row" : "column") name '\(n)' is empty or contains whitespace")
        }
        if let i = rhs.firstIndex(where: { !$0.isFinite }) { throw .invalid("row \(rowNames[i]): right-hand side \(rhs[i]) is not finite") }
        for j in 0..<columnCount {
            let l = lowerBounds[j], u = upperBounds[j]
            guard l == 0 || l == -.infinity else { throw .invalid("column \(columnNames[j]): lower bound \(l); expected 0 or -infinity") }
            guard !u.isNaN, u >= l, u > -.infinity else { throw .invalid("column \(columnNames[j]): upper bound \(u) below its lower bound \(l)") }
            guard objective[j].isFinite else { throw .invalid("column \(columnNames[j]): objective coefficient \(objective[j]) is not finite") }
        }
        if let k = values.firstIndex(where: { !$0.isFinite }) {
            let j = columnStarts.lastIndex { $0 <= k } ?? 0
            throw .invalid("column \(columnNames[min(j, columnCount - 1)]), row \(rowNames[Int(rowIndices[k])]): coefficient \(values[k]) is not finite")
        }
    }
}
