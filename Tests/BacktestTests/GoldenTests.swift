import Foundation
import Testing
import Basics
import FileFormats
import MarketData
@testable import Backtest

/// The engine against the independent numpy implementation in tools/backtest_reference.py (same documented
/// event order), and the metrics against empyrical 0.7.1 definitions (the script asserts its formulas equal
/// empyrical's to 1e-12 when empyrical is importable; the golden file records the version).
@Suite struct GoldenTests {
    /// The case names written by tools/backtest_reference.py (`make_golden`).
    static let caseNames = ["monthly", "weekly", "daily", "threshold", "schedule_cash_window"]

    @Test(arguments: caseNames)
    func navSeriesAndMetricsMatchReference(name: String) throws {
        let g = try GoldenFiles.json("backtest_golden.json")
        let tickers = g["tickers"] as! [String]
        let c = try #require((g["cases"] as! [[String: Any]]).first { $0["name"] as? String == name })
        let panel = try PricePanelFile.loadWide(path: GoldenFiles.path(g["panel"] as! String))
        #expect(panel.tickers == tickers)
        let (schedule, config) = try goldenInputs(c, tickers: tickers)
        let r = try Backtester.run(panel: panel, schedule: schedule, config: config)

        let navRef = c["nav"] as! [Double]
        let datesRef = c["dates"] as! [String]
        #expect(r.nav.count == navRef.count)
        #expect(r.dates.map(\.description) == datesRef)
        var worst = 0.0
        for (a, b) in zip(r.nav, navRef) { worst = max(worst, relErr(a, b)) }
        print("golden \(c["name"] as? String ?? ""): max relative NAV error vs numpy reference \(worst)")
        #expect(worst < 1e-10, "max relative NAV error \(worst)")
        var worstExposure = 0.0
        for (a, b) in zip(r.gross, c["gross"] as! [Double]) { worstExposure = max(worstExposure, abs(a - b)) }
        for (a, b) in zip(r.net, c["net"] as! [Double]) { worstExposure = max(worstExposure, abs(a - b)) }
        #expect(worstExposure < 1e-10)

        #expect(relErr(r.finalNAV, c["finalNav"] as! Double) < 1e-10)
        #expect(relErr(r.totalCosts, c["totalCosts"] as! Double) < 1e-10)
        #expect(relErr(r.totalBorrow, c["totalBorrowFees"] as! Double) < 1e-10)
        #expect(r.rebalanceDays.count == c["rebalances"] as! Int)
        #expect(relErr(annualizedTurnover(r)!, c["turnoverAnnualized"] as! Double) < 1e-10)
        for (a, b) in zip(r.pricePnL, c["pricePnL"] as! [Double]) { #expect(abs(a - b) < 1e-10 * r.initialNAV) }
        for (a, b) in zip(r.costs, c["costsByName"] as! [Double]) { #expect(abs(a - b) < 1e-10 * r.initialNAV) }
        for (a, b) in zip(r.borrow, c["borrowByName"] as! [Double]) { #expect(abs(a - b) < 1e-10 * r.initialNAV) }

        let m = PerformanceMetrics(nav: r.nav, dates: r.dates, riskFreeRate: config.riskFreeRate)
        let ref = c["metrics"] as! [String: Any]
        let pairs: [(String, Double?)] = [
            ("totalReturn", m.totalReturn), ("cagr", m.cagr), ("volatility", m.volatility), ("sharpe", m.sharpe),
            ("sortino", m.sortino), ("maxDrawdown", m.maxDrawdown), ("calmar", m.calmar), ("hitRate", m.hitRate),
        ]
        for (k, v) in pairs {
            let e = ref[k] as! Double
            #expect(v != nil && abs(v! - e) <= 1e-10 * max(1, abs(e)), "\(k): \(String(describing: v)) vs \(e)")
        }
        #expect(m.drawdownPeak?.description == ref["drawdownPeak"] as? String)
        #expect(m.drawdownTrough?.description == ref["drawdownTrough"] as? String)
        #expect(m.drawdownRecovery?.description == ref["drawdownRecovery"] as? String)
        let bench = c["benchmark"] as! String
        let j = panel.index(of: bench)!
        let lo = panel.dates.firstIndex(of: r.dates[0])!
        let prices = (0..<r.nav.count).map { panel.prices[lo + $0, j] }
        let rel = PerformanceMetrics.relative(nav: r.nav, benchmark: bench, prices: prices)
        #expect(abs(rel.beta! - (ref["beta"] as! Double)) <= 1e-10 * max(1, abs(ref["beta"] as! Double)))
        #expect(abs(rel.correlation! - (ref["correlation"] as! Double)) <= 1e-10)
        // The reference script cross-checked its formulas against empyrical.
        #expect(ref["_empyrical"] as? String == "0.7.1")
    }

    @Test(.enabled(if: GoldenFiles.hasSharedData, "needs ../shared/data/adjclose_to_2026 (CI has it)"))
    func realDataReplayMatchesReference() throws {
        let folder = GoldenFiles.sharedData + "/adjclose_to_2026"
        let c = try GoldenFiles.json("real_golden.json")
        let tickers = c["tickers"] as! [String]
        let panel = try PricePanelFile.loadFolder(path: folder, tickers: tickers, column: "Close")
        let (schedule, config) = try goldenInputs(c, tickers: tickers)
        let r = try Backtester.run(panel: panel, schedule: schedule, config: config)
        let navRef = c["nav"] as! [Double]
        #expect(r.nav.count == navRef.count)
        #expect(r.dates.first?.description == (c["dates"] as! [String]).first)
        var worst = 0.0
        for (a, b) in zip(r.nav, navRef) { worst = max(worst, relErr(a, b)) }
        print("golden \(c["name"] as? String ?? ""): max relative NAV error vs numpy reference \(worst)")
        #expect(worst < 1e-10, "max relative NAV error \(worst)")
        let m = PerformanceMetrics(nav: r.nav, dates: r.dates, riskFreeRate: config.riskFreeRate)
        let ref = c["metrics"] as! [String: Any]
        #expect(abs(m.sharpe! - (ref["sharpe"] as! Double)) < 1e-10)
        #expect(abs(m.maxDrawdown - (ref["maxDrawdown"] as! Double)) < 1e-10)
        #expect(relErr(r.totalBorrow, c["totalBorrowFees"] as! Double) < 1e-10)
    }
}
