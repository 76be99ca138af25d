import Testing
@testable import LinearProgramming

/// min −x − y  s.t.  c1: x + 2y ≤ 4,  c2: 3x + y ≤ 6,  x, y ≥ 0.  By hand: both rows bind at the optimum,
/// x + 2y = 4 and 3x + y = 6 → x = 8/5, y = 6/5, objective −14/5.
func twoByTwo() -> LinearProgram {
    var lp = LinearProgram()
    lp.addRow("c1", .lessOrEqual, 4)
    lp.addRow("c2", .lessOrEqual, 6)
    lp.addColumn("x", objective: -1, entries: [(0, 1.0), (1, 3.0)])
    lp.addColumn("y", objective: -1, entries: [(0, 2.0), (1, 1.0)])
    return lp
}

@Suite struct LPSolverTests {
    @Test(arguments: [LPOptions.Formulation.direct, .dual, .automatic])
    func handSolvedTwoByTwo(_ f: LPOptions.Formulation) throws {
        let s = try LPSolver.solve(twoByTwo(), options: LPOptions(formulation: f))
        #expect(abs(s.objective + 14.0 / 5) < 1e-12)
        #expect(abs(s.x[0] - 8.0 / 5) < 1e-12)
        #expect(abs(s.x[1] - 6.0 / 5) < 1e-12)
        #expect(s.maxViolation < 1e-12)
    }

    /// A free column, an equality row, an upper bound and a singleton slack column, through both formulations:
    /// min z + 2u  s.t.  e: x + z = 3 (z free),  g: z + u ≥ 1,  x ≤ 2,  x, u ≥ 0.
    /// z = 3 − x; the objective 3 − x + 2u with u ≥ max(0, x − 2) → x = 2 (its bound), z = 1, u = 0, objective 1.
    @Test(arguments: [LPOptions.Formulation.direct, .dual])
    func freeColumnEqualityBoundAndSingleton(_ f: LPOptions.Formulation) throws {
        var lp = LinearProgram()
        lp.addRow("e", .equal, 3)
        lp.addRow("g", .greaterOrEqual, 1)
        lp.addColumn("x", objective: 0, upper: 2, entries: [(0, 1.0)])
        lp.addColumn("z", objective: 1, lower: -.infinity, entries: [(0, 1.0), (1, 1.0)])
        lp.addColumn("u", objective: 2, entries: [(1, 1.0)])
        let s = try LPSolver.solve(lp, options: LPOptions(formulation: f))
        #expect(abs(s.objective - 1) < 1e-12)
        #expect(abs(s.x[0] - 2) < 1e-12 && abs(s.x[1] - 1) < 1e-12 && abs(s.x[2]) < 1e-12)
        #expect(LPSolver.singletons(lp).keys.sorted() == [2])
    }

    /// x ≥ 5 ("need") with x ≤ 3: the elastic re-solve names the row and the violation it needs (2).
    @Test func infeasibleNamesTheConstraint() {
        var lp = LinearProgram()
        lp.addRow("need", .greaterOrEqual, 5)
        lp.addRow("harmless", .lessOrEqual, 100)
        lp.addColumn("x", objective: 1, upper: 3, entries: [(0, 1.0), (1, 1.0)])
        for f in [LPOptions.Formulation.direct, .dual] {
            do {
                _ = try LPSolver.solve(lp, options: LPOptions(formulation: f))
                Issue.record("expected infeasible")
            } catch {
                guard case .infeasible(let rows) = error else { Issue.record("got \(error)"); continue }
                #expect(rows.map(\.name) == ["need"])
                #expect(abs(rows[0].violation - 2) < 1e-9)
                #expect(error.description.contains("need (violated by 2.0)"))
            }
        }
    }

    /// min −x with x ≥ 1 and no upper bound: unbounded along x.
    @Test func unboundedNamesTheColumn() {
        var lp = LinearProgram()
        lp.addRow("floor", .greaterOrEqual, 1)
        lp.addColumn("x", objective: -1, entries: [(0, 1.0)])
        #expect(throws: LPError.unbounded(columns: ["x"])) { try LPSolver.solve(lp, options: LPOptions(formulation: .direct)) }
        #expect(throws: LPError.unbounded(columns: ["x"])) { try LPSolver.solve(lp, options: LPOptions(formulation: .dual)) }
    }

    /// An iteration limit of 1 on a programme that needs more: a typed limit error, not a wrong answer.
    @Test func iterationLimit() {
        var lp = LinearProgram()
        let n = 30
        for i in 0..<n { lp.addRow("r\(i)", .lessOrEqual, Double(1 + i % 7)) }
        for j in 0..<n {
            lp.addColumn("x\(j)", objective: -Double(1 + (j * 7) % 11),
                         entries: (0..<n).map { i in (i, Double(1 + (i * j + 3) % 5)) })
        }
        #expect(throws: LPError.iterationLimit(iterations: 1)) {
            try LPSolver.solve(lp, options: LPOptions(formulation: .direct, maxIterations: 1))
        }
    }

    @Test func invalidModelsAreRefused() {
        var lp = LinearProgram()
        lp.addRow("bad name", .lessOrEqual, 1)
        lp.addColumn("x", objective: 1, entries: [(0, 1.0)])
        #expect(throws: LPError.invalid("row name 'bad name' is empty or contains whitespace")) { try LPSolver.solve(lp) }
        var nan = LinearProgram()
        nan.addRow("r", .lessOrEqual, .nan)
        nan.addColumn("x", objective: 1, entries: [(0, 1.0)])
        #expect(throws: LPError.invalid("row r: right-hand side nan is not finite")) { try LPSolver.solve(nan) }
    }

    /// The MPS text, line for line (the form tools/hedge_lp_reference.py, glpsol and clp read).
    @Test func mpsText() {
        var lp = twoByTwo()
        lp.addColumn("z", objective: 0, lower: -.infinity, upper: 5, entries: [(0, 0.5)])
        #expect(MPSWriter.text(lp, name: "T") == """
        NAME T
        ROWS
         N obj
         L c1
         L c2
        COLUMNS
         x obj -1.0
         x c1 1.0
         x c2 3.0
         y obj -1.0
         y c1 2.0
         y c2 1.0
         z c1 0.5
        RHS
         rhs c1 4.0
         rhs c2 6.0
        BOUNDS
         MI bnd z
         UP bnd z 5.0
        ENDATA

        """)
    }
}
