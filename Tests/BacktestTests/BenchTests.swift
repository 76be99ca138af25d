import Foundation
import Testing
import Basics
import LinearAlgebra
import MarketData
import QuantMath
@testable import Backtest

/// Speed check of issue 6: 500 assets × 20 years (5,040 days) daily, monthly rebalancing with costs and borrow.
/// Heavy, so it runs only with HEDGEBOOK_BENCH=1, in release:
/// `HEDGEBOOK_BENCH=1 OPENBLAS_NUM_THREADS=1 swift test -c release --scratch-path .build-backtest --filter BenchTests`
/// Compare with `python3 tools/backtest_reference.py --bench` (the vectorised numpy engine on the same shape).
@Suite struct BenchTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["HEDGEBOOK_BENCH"] == "1"))
    func fiveHundredAssetsTwentyYearsMonthly() throws {
        let T = 5040, N = 500
        var rng = Xoshiro256(seed: 7)
        var dates: [LocalDate] = []
        var d = LocalDate(year: 2006, month: 1, day: 2)!
        while dates.count < T {
            if d.weekday <= 5 { dates.append(d) }
            d = d.adding(days: 1)
        }
        var prices = Matrix(rows: T, cols: N)
        let z = rng.normals(T * N)
        for j in 0..<N {
            var p = 100.0
            for t in 0..<T { p *= exp(0.0003 + 0.02 * z[j * T + t]); prices.storage[j * T + t] = p }
        }
        let tickers = (0..<N).map { "A\($0)" }
        var w = (0..<N).map { _ in 2 * rng.nextUniform() - 1 }
        let g = w.reduce(0) { $0 + abs($1) }
        w = w.map { $0 / g * 1.5 }
        let panel = PricePanel(dates: dates, tickers: tickers, prices: prices)
        let schedule = WeightSchedule(constant: zip(tickers, w).map { ($0, $1) })
        let config = BacktestConfig(rebalance: .monthly, commissionBps: 7, slippageBps: 3, borrowRate: 0.03)
        var best = Double.infinity
        var bestEngine = Double.infinity
        var last: BacktestResult?
        for _ in 0..<7 {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let r = try Backtester.run(panel: panel, schedule: schedule, config: config)
            bestEngine = min(bestEngine, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
            let m = PerformanceMetrics(nav: r.nav, dates: r.dates)
            let lines = Attribution.byPosition(r)
            let t1 = DispatchTime.now().uptimeNanoseconds
            best = min(best, Double(t1 - t0) / 1e9)
            #expect(m.volatility != nil && lines.count == N)
            last = r
        }
        let r = try #require(last)
        print("bench: \(N) assets × \(T) days, monthly, costs + borrow: best of 7 = \(best * 1e3) ms (engine + metrics + attribution; engine alone \(bestEngine * 1e3) ms); rebalances \(r.rebalanceDays.count)")
        let months = Set(r.dates.map { $0.year * 12 + $0.month }).count
        #expect(r.rebalanceDays.count == months)
        #expect(best < 0.25)
    }
}
