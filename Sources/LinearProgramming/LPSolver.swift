#if canImport(Glibc)
import Glibc
#endif
import CClp

/// How the solver is asked to work.
public struct LPOptions: Sendable, Equatable {
    public enum Formulation: String, Sendable, Equatable {
        /// The dual programme when the model has more than 4 rows per column (a CVaR LP: one row per scenario, a few
        /// dozen columns), else the model as given.
        case automatic
        /// The model as given (CLP's dual simplex).
        case direct
        /// The explicit dual programme, solved by CLP's dual simplex; the primal solution read from its row prices and
        /// checked (feasibility, objective equal to −(dual objective)); a failed check falls back to `direct`.
        case dual
    }
    public var formulation: Formulation
    /// Stop after this many seconds of solver time (nil: none).
    public var maxSeconds: Double?
    /// Stop after this many simplex iterations (nil: none).
    public var maxIterations: Int?

    public init(formulation: Formulation = .automatic, maxSeconds: Double? = nil, maxIterations: Int? = nil) {
        self.formulation = formulation
        self.maxSeconds = maxSeconds
        self.maxIterations = maxIterations
    }
}

/// An optimal solution.
public struct LPSolution: Sendable, Equatable {
    /// cᵀx at `x`.
    public var objective: Double
    public var x: [Double]
    /// Simplex iterations (of the programme actually solved).
    public var iterations: Int
    /// Which programme was solved: `direct` or `dual`.
    public var formulation: LPOptions.Formulation
    /// The largest scaled row or bound violation of `x` (see ``LinearProgram/maxViolation(_:)``).
    public var maxViolation: Double
}

/// Solves ``LinearProgram``s with COIN-OR CLP 1.17 (Debian `coinor-libclp-dev`), the faster of the two maintained
/// solvers measured on the CVaR benchmark LP (GLPK 5.0 was 4–27× slower; Benchmarks/README.md). This module is the
/// only importer of the C library.
public enum LPSolver {
    /// The CLP version the process is linked against, e.g. "1.17.6".
    public static var version: String { String(cString: Clp_Version()) }

    /// Minimises the programme. - Throws: ``LPError``: infeasible (naming the rows to relax), unbounded, time or
    /// iteration limit, invalid model, solver failure.
    public static func solve(_ lp: LinearProgram, options: LPOptions = LPOptions()) throws(LPError) -> LPSolution {
        try lp.validate()
        let useDual: Bool
        switch options.formulation {
        case .direct: useDual = false
        case .dual: useDual = true
        case .automatic: useDual = lp.rowCount > 4 * (lp.columnCount - singletons(lp).count)
        }
        if useDual, let s = try solveThroughDual(lp, options: options) { return s }
        return try solveDirect(lp, options: options)
    }

    // MARK: Direct

    static func solveDirect(_ lp: LinearProgram, options: LPOptions) throws(LPError) -> LPSolution {
        let r = run(lp, options: options)
        switch r.status {
        case 0:
            return LPSolution(objective: lp.objectiveValue(r.x), x: r.x, iterations: r.iterations, formulation: .direct,
                              maxViolation: lp.maxViolation(r.x))
        case 1: throw .infeasible(constraints: try elasticRows(lp, options: options))
        case 2: throw .unbounded(columns: r.unboundedColumns)
        case 3:
            if r.hitIterations, let n = options.maxIterations { throw .iterationLimit(iterations: n) }
            throw .timeLimit(seconds: options.maxSeconds ?? 0)
        default: throw .solverFailed(status: Int(r.status), detail: "secondary status \(r.secondary)")
        }
    }

    /// The rows an elastic re-solve must relax: minimise Σ violations with one non-negative slack per row direction.
    static func elasticRows(_ lp: LinearProgram, options: LPOptions) throws(LPError) -> [(name: String, violation: Double)] {
        var e = LinearProgram()
        for i in 0..<lp.rowCount { e.addRow(lp.rowNames[i], lp.senses[i], lp.rhs[i]) }
        for j in 0..<lp.columnCount {
            let k = lp.columnStarts[j]..<lp.columnStarts[j + 1]
            e.addColumn(lp.columnNames[j], objective: 0, lower: lp.lowerBounds[j], upper: lp.upperBounds[j],
                        entries: k.map { (Int(lp.rowIndices[$0]), lp.values[$0]) })
        }
        var slackRow: [Int] = []
        for i in 0..<lp.rowCount {
            if lp.senses[i] != .lessOrEqual { e.addColumn("elastic+\(i)", objective: 1, entries: [(i, 1.0)]); slackRow.append(i) }
            if lp.senses[i] != .greaterOrEqual { e.addColumn("elastic-\(i)", objective: 1, entries: [(i, -1.0)]); slackRow.append(i) }
        }
        let r = run(e, options: options)
        guard r.status == 0 else { return [] }
        var out: [(String, Double)] = []
        for (k, i) in slackRow.enumerated() {
            let v = r.x[lp.columnCount + k]
            if v > 1e-9 * max(1, abs(lp.rhs[i])) { out.append((lp.rowNames[i], v)) }
        }
        return out.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
    }

    // MARK: Through the dual

    /// Columns that become bounds of the dual: a single entry aᵢⱼ in an inequality row i that no other such column
    /// shares, cost cⱼ ≥ 0, bounds [0, ∞) — the slack-like uₛ of a CVaR programme. Their dual row aᵢⱼ yᵢ ≤ cⱼ is a bound
    /// on yᵢ, and their value is recovered as the least that keeps row i feasible (optimal, since cⱼ ≥ 0).
    static func singletons(_ lp: LinearProgram) -> [Int: (row: Int, value: Double)] {
        var byRow: [Int: Int] = [:], out: [Int: (row: Int, value: Double)] = [:]
        var shared = Set<Int>()
        for j in 0..<lp.columnCount where lp.columnStarts[j + 1] - lp.columnStarts[j] == 1 {
            let k = lp.columnStarts[j]
            let i = Int(lp.rowIndices[k])
            guard lp.objective[j] >= 0, lp.lowerBounds[j] == 0, lp.upperBounds[j] == .infinity, lp.senses[i] != .equal else { continue }
            if byRow[i] != nil { shared.insert(i); continue }
            byRow[i] = j
            out[j] = (i, lp.values[k])
        }
        for i in shared { if let j = byRow[i] { out[j] = nil } }
        return out
    }

    /// Dual of  min cᵀx, A x (≥|≤|=) b, x ≥ 0 or free, x ≤ u:
    ///     min −bᵀy + uᵀν   s.t.  for each column j:  A_jᵀ y − ν_j ≤ c_j (x_j ≥ 0)  or  = c_j (x_j free),
    ///     y_i ≥ 0 for ≥ rows, ≤ 0 for ≤ rows, free for = rows; ν ≥ 0 (one per finite upper bound); singleton columns
    ///     (``singletons(_:)``) enter as bounds on y_i instead of rows.
    /// x_j is minus the row price of dual row j. Returns nil when the dual is not solved to optimality or the recovered
    /// x fails the checks (the caller then solves the model directly, which classifies the failure).
    static func solveThroughDual(_ lp: LinearProgram, options: LPOptions) throws(LPError) -> LPSolution? {
        let single = singletons(lp)
        let (d, dualRowOf) = dual(of: lp, singletons: single)
        let r = run(d, options: options)
        if r.status == 3 {
            if r.hitIterations, let n = options.maxIterations { throw .iterationLimit(iterations: n) }
            throw .timeLimit(seconds: options.maxSeconds ?? 0)
        }
        guard r.status == 0 else { return nil }
        var x = [Double](repeating: 0, count: lp.columnCount)
        for j in 0..<lp.columnCount {
            guard let row = dualRowOf[j] else { continue }
            x[j] = -r.rowPrices[row]
            // Clean sign noise against the bounds (prices are exact up to the solver's tolerance).
            if lp.lowerBounds[j] == 0 && x[j] < 0 && x[j] > -1e-9 { x[j] = 0 }
            if x[j] > lp.upperBounds[j] && x[j] - lp.upperBounds[j] < 1e-9 * max(1, lp.upperBounds[j]) { x[j] = lp.upperBounds[j] }
        }
        if !single.isEmpty {
            let act = lp.activities(x)
            for (j, e) in single {
                let i = e.row, a = e.value, b = lp.rhs[i]
                switch lp.senses[i] {
                case .greaterOrEqual: x[j] = a > 0 ? max(0, (b - act[i]) / a) : 0
                case .lessOrEqual: x[j] = a < 0 ? max(0, (act[i] - b) / -a) : 0
                case .equal: break
                }
            }
        }
        let obj = lp.objectiveValue(x)
        let viol = lp.maxViolation(x)
        let dualObj = -r.objective
        guard viol <= 1e-7, abs(obj - dualObj) <= 1e-7 * max(1, abs(obj)) else { return nil }
        return LPSolution(objective: obj, x: x, iterations: r.iterations, formulation: .dual, maxViolation: viol)
    }

    /// The dual programme and, per primal column, its dual row (nil for singleton columns).
    static func dual(of lp: LinearProgram, singletons single: [Int: (row: Int, value: Double)] = [:]) -> (LinearProgram, [Int?]) {
        var d = LinearProgram()
        var rowOf = [Int?](repeating: nil, count: lp.columnCount)
        for j in 0..<lp.columnCount where single[j] == nil {
            rowOf[j] = d.addRow(lp.columnNames[j], lp.lowerBounds[j] == 0 ? .lessOrEqual : .equal, lp.objective[j])
        }
        // Bounds on y_i from singleton columns: a y_i ≤ c.
        var yLo = [Double](repeating: 0, count: lp.rowCount), yHi = [Double](repeating: 0, count: lp.rowCount)
        for i in 0..<lp.rowCount {
            switch lp.senses[i] {
            case .greaterOrEqual: (yLo[i], yHi[i]) = (0, .infinity)
            case .lessOrEqual: (yLo[i], yHi[i]) = (-.infinity, 0)
            case .equal: (yLo[i], yHi[i]) = (-.infinity, .infinity)
            }
        }
        for (j, e) in single {
            let bound = lp.objective[j] / e.value
            if e.value > 0 { yHi[e.row] = min(yHi[e.row], bound) } else { yLo[e.row] = max(yLo[e.row], bound) }
        }
        // Transpose A (without the singleton columns): the entries of each primal row, by dual row.
        var counts = [Int](repeating: 0, count: lp.rowCount + 1)
        for j in 0..<lp.columnCount where rowOf[j] != nil {
            for k in lp.columnStarts[j]..<lp.columnStarts[j + 1] { counts[Int(lp.rowIndices[k]) + 1] += 1 }
        }
        for i in 0..<lp.rowCount { counts[i + 1] += counts[i] }
        var cols = [Int](repeating: 0, count: counts[lp.rowCount])
        var vals = [Double](repeating: 0, count: counts[lp.rowCount])
        var next = counts
        for j in 0..<lp.columnCount {
            guard let dj = rowOf[j] else { continue }
            for k in lp.columnStarts[j]..<lp.columnStarts[j + 1] {
                let i = Int(lp.rowIndices[k])
                cols[next[i]] = dj
                vals[next[i]] = lp.values[k]
                next[i] += 1
            }
        }
        for i in 0..<lp.rowCount {
            let range = counts[i]..<counts[i + 1]
            d.addColumn("y:\(lp.rowNames[i])", objective: -lp.rhs[i], lower: yLo[i], upper: yHi[i],
                        entries: range.map { (cols[$0], vals[$0]) })
        }
        for j in 0..<lp.columnCount where lp.upperBounds[j].isFinite {
            if let dj = rowOf[j] { d.addColumn("nu:\(lp.columnNames[j])", objective: lp.upperBounds[j], entries: [(dj, -1.0)]) }
        }
        return (d, rowOf)
    }

    // MARK: CLP

    struct RunResult {
        var status: Int32
        var secondary: Int32
        var objective: Double
        var x: [Double]
        var rowPrices: [Double]
        var iterations: Int
        var hitIterations: Bool
        var unboundedColumns: [String]
    }

    /// One CLP model: load (column-major), dual simplex, read back.
    static func run(_ lp: LinearProgram, options: LPOptions) -> RunResult {
        let m = lp.rowCount, n = lp.columnCount
        var rowLo = [Double](repeating: 0, count: m), rowHi = [Double](repeating: 0, count: m)
        for i in 0..<m {
            switch lp.senses[i] {
            case .greaterOrEqual: rowLo[i] = lp.rhs[i]; rowHi[i] = .infinity
            case .lessOrEqual: rowLo[i] = -.infinity; rowHi[i] = lp.rhs[i]
            case .equal: rowLo[i] = lp.rhs[i]; rowHi[i] = lp.rhs[i]
            }
        }
        // CLP reads ±DBL_MAX-sized bounds as infinite; pass its own infinity (COIN_DBL_MAX).
        func clip(_ v: Double) -> Double { v == .infinity ? Double.greatestFiniteMagnitude : (v == -.infinity ? -Double.greatestFiniteMagnitude : v) }
        rowLo = rowLo.map(clip); rowHi = rowHi.map(clip)
        let colLo = lp.lowerBounds.map(clip), colHi = lp.upperBounds.map(clip)
        let starts = lp.columnStarts.map { Int32($0) }
        guard let model = Clp_newModel() else {
            return RunResult(status: 4, secondary: 0, objective: .nan, x: [], rowPrices: [], iterations: 0, hitIterations: false, unboundedColumns: [])
        }
        defer { Clp_deleteModel(model) }
        Clp_setLogLevel(model, 0)
        starts.withUnsafeBufferPointer { s in
            lp.rowIndices.withUnsafeBufferPointer { idx in
                Clp_loadProblem(model, Int32(n), Int32(m), s.baseAddress, idx.baseAddress, lp.values, colLo, colHi, lp.objective,
                                rowLo, rowHi)
            }
        }
        if let t = options.maxSeconds { Clp_setMaximumSeconds(model, t) }
        if let it = options.maxIterations { Clp_setMaximumIterations(model, Int32(clamping: it)) }
        _ = Clp_initialDualSolve(model)
        let status = Clp_status(model)
        var x: [Double] = [], y: [Double] = []
        if status == 0 {
            if n > 0, let p = Clp_primalColumnSolution(model) { x = Array(UnsafeBufferPointer(start: p, count: n)) }
            if m > 0, let p = Clp_dualRowSolution(model) { y = Array(UnsafeBufferPointer(start: p, count: m)) }
        }
        var unbounded: [String] = []
        if status == 2, let ray = Clp_unboundedRay(model) {
            for j in 0..<n where abs(ray[j]) > 1e-9 { unbounded.append(lp.columnNames[j]) }
            Clp_freeRay(model, ray)
        }
        return RunResult(status: status, secondary: Clp_secondaryStatus(model), objective: Clp_objectiveValue(model), x: x,
                         rowPrices: y, iterations: Int(Clp_numberIterations(model)),
                         hitIterations: Clp_isIterationLimitReached(model) != 0, unboundedColumns: unbounded)
    }
}
