import Foundation
import Testing
import Basics
import FileFormats
@testable import Backtest

/// The report's tear-sheet series against the pandas reference (tools/tearsheet_reference.py: A00 as NAV, A01 as
/// benchmark of the synthetic panel).
@Suite struct TearSheetTests {
    func inputs() throws -> (g: [String: Any], nav: [Double], bench: [Double], dates: [LocalDate]) {
        let g = try GoldenFiles.json("tearsheet_golden.json")
        let panel = try PricePanelFile.loadWide(path: GoldenFiles.path(g["panel"] as! String))
        let a = try #require(panel.index(of: g["nav"] as! String)), b = try #require(panel.index(of: g["benchmark"] as! String))
        return (g, (0..<panel.dates.count).map { panel.prices[$0, a] }, (0..<panel.dates.count).map { panel.prices[$0, b] }, panel.dates)
    }

    @Test func rollingBetaVolatilityAndSharpeMatchPandas() throws {
        let (g, nav, bench, dates) = try inputs()
        let ref = g["rolling"] as! [[String: Any]]
        let got = TearSheet.rolling(nav: nav, dates: dates, benchmark: bench, window: g["window"] as! Int)
        #expect(got.count == ref.count)
        var worst = 0.0
        for (x, r) in zip(got, ref) {
            #expect(x.date.description == r["date"] as! String)
            worst = max(worst, relErr(try #require(x.beta), r["beta"] as! Double), relErr(x.volatility, r["volatility"] as! Double),
                        relErr(try #require(x.sharpe), r["sharpe"] as! Double))
        }
        print("tear sheet: max relative error of rolling beta / vol / Sharpe vs pandas \(worst)")
        #expect(worst < 1e-9)
        #expect(TearSheet.rolling(nav: Array(nav.prefix(100)), dates: Array(dates.prefix(100)), benchmark: nil).isEmpty)
    }

    @Test func monthlyAndYearlyReturnsMatchPandasAndCompoundToTheTotal() throws {
        let (g, nav, _, dates) = try inputs()
        let (monthly, yearly) = TearSheet.periodReturns(nav: nav, dates: dates)
        let mRef = g["monthly"] as! [[String: Any]], yRef = g["yearly"] as! [[String: Any]]
        #expect(monthly.count == mRef.count && yearly.count == yRef.count)
        for (x, r) in zip(monthly, mRef) {
            #expect(x.year == r["year"] as! Int && x.month == r["month"] as? Int)
            #expect(abs(x.value - (r["value"] as! Double)) < 1e-12)
        }
        for (x, r) in zip(yearly, yRef) {
            #expect(x.year == r["year"] as! Int && x.month == nil)
            #expect(abs(x.value - (r["value"] as! Double)) < 1e-12)
        }
        // Identity: the compounded periods give the total return.
        let total = nav.last! / nav.first! - 1
        #expect(abs(monthly.reduce(1.0) { $0 * (1 + $1.value) } - 1 - total) < 1e-12)
        #expect(abs(yearly.reduce(1.0) { $0 * (1 + $1.value) } - 1 - total) < 1e-12)
    }

    @Test func fiveDeepestDrawdownsMatchPandasAndTheMaximumDrawdown() throws {
        let (g, nav, _, dates) = try inputs()
        let ref = g["drawdowns"] as! [[String: Any]]
        let got = TearSheet.drawdowns(nav: nav, dates: dates, top: 5)
        #expect(got.count == ref.count)
        for (x, r) in zip(got, ref) {
            #expect(x.peak.description == r["peak"] as! String)
            #expect(x.trough.description == r["trough"] as! String)
            #expect(x.recovery?.description == r["recovery"] as? String)
            #expect(x.lengthDays == r["lengthDays"] as! Int)
            #expect(abs(x.depth - (r["depth"] as! Double)) < 1e-12)
        }
        // The deepest period is the metrics' maximum drawdown, with the same peak and trough.
        let m = PerformanceMetrics(nav: nav, dates: dates)
        #expect(abs(got[0].depth - m.maxDrawdown) < 1e-15)
        #expect(got[0].peak == m.drawdownPeak && got[0].trough == m.drawdownTrough)
        // Hand case: 100, 90, 100 (recovered), 80, 85 (still under water).
        let d = (0..<5).map { LocalDate(iso: "2024-01-0\($0 + 1)")! }
        let h = TearSheet.drawdowns(nav: [100, 90, 100, 80, 85], dates: d)
        #expect(h.count == 2)
        #expect(abs(h[0].depth + 0.2) < 1e-15 && h[0].recovery == nil && h[0].lengthDays == 2 && h[0].peak == d[2])
        #expect(abs(h[1].depth + 0.1) < 1e-15 && h[1].recovery == d[2] && h[1].lengthDays == 2)
    }
}
