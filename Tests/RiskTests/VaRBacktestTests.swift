import Foundation
import Risk
import Testing

/// VaR backtesting against tools/var_backtest_reference.py (scipy.stats.chi2, xlogy) on the same series: exceptions
/// identical, statistics and p-values within 1e-10; hand cases for the Basel zones and the Kupiec closed form.
@Suite struct VaRBacktestTests {
    static var golden: [String: Any] { try! Golden.load("var_backtest") }

    static func series() throws -> (pnl: [Double], var: [[Double]]) {
        let text = try String(contentsOfFile: Golden.dir + "/var_backtest_series.csv", encoding: .utf8)
        var pnl: [Double] = [], v: [[Double]] = [[], [], []]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map { Double($0)! }
            pnl.append(f[1]); for k in 0..<3 { v[k].append(f[2 + k]) }
        }
        return (pnl, v)
    }

    static func check(_ r: VaRBacktest.Result, _ g: [String: Any]) {
        #expect(r.exceptionIndices == (g["exceptionIndices"] as! [Int]))
        #expect(r.days == g["days"] as! Int)
        for (mine, key) in [(r.kupiec, "kupiec"), (r.independence, "independence"), (r.conditionalCoverage, "conditionalCoverage")] {
            let ref = g[key] as! [String: Any]
            #expect(abs(mine.statistic - Golden.number(ref["statistic"])) <= 1e-10, "\(key) statistic")
            #expect(abs(mine.pValue - Golden.number(ref["pValue"])) <= 1e-10, "\(key) p-value")
        }
        let t = g["transitions"] as! [String: Int]
        #expect([r.transitions.n00, r.transitions.n01, r.transitions.n10, r.transitions.n11] == [t["n00"], t["n01"], t["n10"], t["n11"]])
        if let b = g["basel"] as? [String: Any] {
            #expect(r.basel?.exceptions == b["exceptions"] as? Int)
            #expect(r.basel?.zone.rawValue == b["zone"] as? String)
            #expect(r.basel?.plusFactor == Golden.number(b["plusFactor"]))
        } else {
            #expect(r.basel == nil)
        }
    }

    @Test func seriesMatchesScipy() throws {
        let (pnl, v) = try Self.series()
        let gs = Self.golden["series"] as! [[String: Any]]
        #expect(gs.count == 3)
        for (k, g) in gs.enumerated() {
            let c = Golden.number(g["confidence"])
            Self.check(VaRBacktest.run(pnl: pnl, valueAtRisk: v[k], confidence: c), g)
        }
    }

    @Test func edgeCasesMatchScipy() {
        for g in Self.golden["edgeCases"] as! [[String: Any]] {
            let r = VaRBacktest.run(pnl: Golden.vector(g["pnl"]), valueAtRisk: Golden.vector(g["var"]), confidence: Golden.number(g["confidence"]))
            Self.check(r, g)
        }
    }

    /// Kupiec with no exception in n days: LR = −2n ln(1 − p); exactly the expected count: LR = 0.
    @Test func kupiecClosedForms() {
        let none = VaRBacktest.kupiec(days: 250, exceptions: 0, expectedRate: 0.01)
        #expect(abs(none.statistic - (-2 * 250 * log(0.99))) < 1e-12)
        #expect(VaRBacktest.kupiec(days: 500, exceptions: 5, expectedRate: 0.01).statistic < 1e-12)
        #expect(VaRBacktest.kupiec(days: 500, exceptions: 5, expectedRate: 0.01).pValue > 1 - 1e-9)
    }

    /// BCBS table: 4 green, 5 yellow (+0.40), 9 yellow (+0.85), 10 red (+1.00); the zone reads the last 250 days only.
    @Test func baselZones() {
        #expect(VaRBacktest.basel(exceptions: 4).zone == .green)
        #expect(VaRBacktest.basel(exceptions: 5) == .init(days: 250, exceptions: 5, zone: .yellow, plusFactor: 0.40))
        #expect(VaRBacktest.basel(exceptions: 9).plusFactor == 0.85)
        #expect(VaRBacktest.basel(exceptions: 10) == .init(days: 250, exceptions: 10, zone: .red, plusFactor: 1.0))
        // 12 exceptions in the first 50 days and none after: the last 250 days are green.
        let pnl = [Double](repeating: -0.1, count: 12) + [Double](repeating: 0, count: 288)
        let r = VaRBacktest.run(pnl: pnl, valueAtRisk: [Double](repeating: 0.02, count: 300), confidence: 0.99)
        #expect(r.exceptions == 12 && r.basel?.exceptions == 0 && r.basel?.zone == .green)
        #expect(VaRBacktest.run(pnl: pnl, valueAtRisk: [Double](repeating: 0.02, count: 300), confidence: 0.95).basel == nil)
    }

    /// A loss exactly equal to VaR is not an exception (strict inequality).
    @Test func exceptionIsStrict() {
        #expect(VaRBacktest.hits(pnl: [-0.02, -0.0200001, 0.05], valueAtRisk: [0.02, 0.02, 0.02]) == [false, true, false])
    }
}
