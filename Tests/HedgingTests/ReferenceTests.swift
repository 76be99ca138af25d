import Foundation
import LinearAlgebra
import LinearProgramming
import Testing
@testable import Hedging

let hedgingGolden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").path

/// A synthetic hedge problem, the same on every run: 300 scenarios of two factors (a market and a sector move, from a
/// 64-bit LCG and Box–Muller), a book of 80% market + 40% sector exposure, and 8 candidates: puts on each factor at
/// 4 strikes (payoff max(K − (1 + f), 0) × 100 per unit, minus a premium of 2% above the mean payoff).
func syntheticProblem() throws -> HedgeProblem {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func uniform() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return (Double(state >> 11) + 0.5) / 9_007_199_254_740_992
    }
    func normal() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform()) }
    let s = 300
    var market = [Double](), sector = [Double]()
    for _ in 0..<s {
        let m = 0.08 * normal()
        market.append(m)
        sector.append(1.3 * m + 0.06 * normal())
    }
    let book = (0..<s).map { 100 * (0.8 * market[$0] + 0.4 * sector[$0]) }
    var pnl = Matrix(rows: s, cols: 8)
    var premium: [Double] = [], ids: [String] = []
    for (f, factor) in [market, sector].enumerated() {
        for (k, strike) in [0.85, 0.9, 0.95, 1.0].enumerated() {
            let j = f * 4 + k
            let payoff = factor.map { max(strike - (1 + $0), 0) * 100 }
            let c = payoff.reduce(0, +) / Double(s) * 1.02 + 0.01
            for i in 0..<s { pnl[i, j] = payoff[i] - c }
            premium.append(c)
            ids.append("\(f == 0 ? "MKT" : "SEC")-P\(Int(strike * 100))")
        }
    }
    return try HedgeProblem(scenarioIDs: (0..<s).map { "s\($0)" }, namedCount: 0,
                            weights: [Double](repeating: 1 / Double(s), count: s), alpha: 0.95, book: book, pnl: pnl,
                            premium: premium, caps: [Double](repeating: 5, count: 8), candidateIDs: ids)
}

@Suite struct ReferenceTests {
    /// The exported LP is the committed fixture, and CLP's optimum equals scipy/HiGHS's on it (tools/hedge_lp_reference.py,
    /// Golden/hedge-lp.json) to 1e-6 relative, through both formulations; the CVaR of the chosen hedge recomputed from
    /// its scenario P&L equals the LP optimum.
    @Test func clpEqualsHiGHSOnTheExportedLP() throws {
        let p = try syntheticProblem()
        let lp = try p.linearProgram(.minimiseCVaR(budgetPercent: 1.5))
        let text = MPSWriter.text(lp, name: "HEDGE")
        let mps = hedgingGolden + "/hedge-lp.mps"
        if ProcessInfo.processInfo.environment["HEDGEBOOK_RECORD"] == "1" {
            try text.write(toFile: mps, atomically: true, encoding: .utf8)
        }
        #expect(try String(contentsOfFile: mps, encoding: .utf8) == text, "re-record with HEDGEBOOK_RECORD=1, then run tools/hedge_lp_reference.py")
        let data = try Data(contentsOf: URL(fileURLWithPath: hedgingGolden + "/hedge-lp.json"))
        let golden = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let reference = golden["objective"] as! Double
        #expect(golden["status"] as? Int == 0)
        for f in [LPOptions.Formulation.direct, .dual] {
            let s = try p.solve(.minimiseCVaR(budgetPercent: 1.5), options: LPOptions(formulation: f))
            #expect(abs(s.lpObjective - reference) <= 1e-6 * abs(reference), "\(f): \(s.lpObjective) vs HiGHS \(reference)")
            let o = p.outcome(units: s.units)
            #expect(abs(o.tail.conditionalValueAtRisk - s.lpObjective) <= 1e-9 * abs(reference))
            #expect(o.premium <= 1.5 + 1e-9)
            // The optimum is better than spending the budget on any single candidate alone.
            for j in 0..<8 {
                var x = [Double](repeating: 0, count: 8)
                x[j] = min(p.caps[j], 1.5 / p.premium[j])
                #expect(p.outcome(units: x).tail.conditionalValueAtRisk >= s.lpObjective - 1e-9)
            }
        }
        // The budget binds (protection is worth its price here), and unhedged CVaR is higher.
        let none = p.outcome(units: [Double](repeating: 0, count: 8))
        #expect(none.tail.conditionalValueAtRisk > reference + 0.5)
    }
}
