import Foundation
import Testing
import Basics
import LinearAlgebra
import MarketData
import QuantMath
@testable import Backtest

/// Small cases checked by hand against the documented event order (numbers worked out in the comments).
@Suite struct EngineTests {
    /// Two names over three days (Fri 2024-01-05, Mon 01-08, Tue 01-09), long A 100%, short B −50%, daily rebalance,
    /// 10 bp cost, borrow 36.5%/yr (so a day's fee is 0.1% × days of the short value at the previous close).
    static func tinyPanel() -> PricePanel {
        PricePanel(dates: [date("2024-01-05"), date("2024-01-08"), date("2024-01-09")], tickers: ["A", "B"],
                   prices: Matrix(rowsOf: [[100, 50], [110, 40], [99, 44]]))
    }

    @Test func eventOrderByHand() throws {
        let cfg = BacktestConfig(rebalance: .daily, commissionBps: 6, slippageBps: 4, borrowRate: 0.365, initialNAV: 1000)
        let r = try Backtester.run(panel: Self.tinyPanel(), schedule: WeightSchedule(constant: [("A", 1.0), ("B", -0.5)]),
                                   config: cfg)
        // Day 0: NAV_pre 1000; buy 10 A (1000), short 10 B (500); traded 1500 → cost 1.5; cash = 1000 − 1000 + 500 − 1.5.
        // NAV0 = 498.5 + 10·100 − 10·50 = 998.5.
        var cash = 1000.0 - 1000 + 500 - 1.5
        #expect(abs(r.nav[0] - 998.5) < 1e-12)
        // Day 1 (3 calendar days): (a) fee = 10·50·0.365·3/365 = 1.5; (b) mark: 10·110 − 10·40 = 700;
        // NAV_pre = 497 + 700 = 1197; (c) targets: A 1197/110 sh, B −598.5/40 sh.
        cash -= 1.5
        let navPre1 = cash + 1100 - 400
        #expect(abs(navPre1 - 1197) < 1e-12)
        let qA1 = navPre1 / 110, qB1 = -0.5 * navPre1 / 40
        let tr1 = abs(qA1 - 10) * 110 + abs(qB1 + 10) * 40
        cash -= (qA1 - 10) * 110 + (qB1 + 10) * 40 + tr1 * 0.001
        let nav1 = cash + qA1 * 110 + qB1 * 40
        #expect(abs(r.nav[1] - nav1) < 1e-9)
        #expect(abs(r.nav[1] - (1197 - tr1 * 0.001)) < 1e-9)      // (d) = NAV_pre − costs
        // Day 2 (1 day): fee on the previous close's short value |qB1|·40 × 0.001.
        let fee2 = -qB1 * 40 * 0.365 / 365
        #expect(abs(r.dailyBorrow[2] - fee2) < 1e-12)
        #expect(abs(r.totalBorrow - (1.5 + fee2)) < 1e-12)
        // Turnover counts rebalances after day 0 only, two-sided ÷ pre-trade NAV.
        let navPre2 = cash - fee2 + qA1 * 99 + qB1 * 44
        let tr2 = abs(navPre2 / 99 - qA1) * 99 + abs(-0.5 * navPre2 / 44 - qB1) * 44
        #expect(abs(r.turnoverSum - (tr1 / navPre1 + tr2 / navPre2)) < 1e-12)
        #expect(abs(annualizedTurnover(r)! - r.turnoverSum / (2.0 / 252)) < 1e-12)
        #expect(r.rebalanceDays == [0, 1, 2])
        // Exposures after the trade: gross 1.5, net 0.5 (of the post-cost NAV: costs make it a bit more).
        #expect(abs(r.gross[1] - 1.5 * navPre1 / nav1) < 1e-12)
        // Attribution identity: Σ net P&L per name + interest = final − initial NAV.
        let total = r.netPnL.reduce(0, +) + r.totalInterest
        #expect(abs(total - (r.finalNAV - r.initialNAV)) < 1e-9)
    }

    @Test func monthlyAndWeeklyRuleDays() throws {
        // 2024-01-29 (Mon) … 2024-02-06 (Tue), weekdays only, 2024-02-01 (Thu) the first trading day of February.
        let ds = ["2024-01-29", "2024-01-30", "2024-01-31", "2024-02-01", "2024-02-02", "2024-02-05", "2024-02-06"].map(date)
        let panel = PricePanel(dates: ds, tickers: ["A"], prices: Matrix(rows: ds.count, cols: 1, repeating: 10))
        let s = WeightSchedule(constant: [("A", 0.5)])
        let m = try Backtester.run(panel: panel, schedule: s, config: BacktestConfig(rebalance: .monthly))
        #expect(m.rebalanceDays == [0, 3])
        let w = try Backtester.run(panel: panel, schedule: s, config: BacktestConfig(rebalance: .weekly))
        #expect(w.rebalanceDays == [0, 5])   // Monday 2024-02-05 starts a new ISO week
        let n = try Backtester.run(panel: panel, schedule: s, config: BacktestConfig(rebalance: .never))
        #expect(n.rebalanceDays == [0])
        // Constant prices, no costs: NAV flat at the initial NAV.
        #expect(m.nav.allSatisfy { $0 == 1_000_000 })
    }

    @Test func thresholdRuleFiresOnDrift() throws {
        // A doubles on day 1: weight 0.5 → 1/1.5 = 0.667, drift 0.167 > 0.1 → rebalance; day 2 flat → none.
        let panel = PricePanel(dates: [date("2024-03-01"), date("2024-03-04"), date("2024-03-05")], tickers: ["A"],
                               prices: Matrix(rowsOf: [[10], [20], [20]]))
        let r = try Backtester.run(panel: panel, schedule: WeightSchedule(constant: [("A", 0.5)]),
                                   config: BacktestConfig(rebalance: .threshold(0.1)))
        #expect(r.rebalanceDays == [0, 1])
        #expect(abs(r.nav[2] - 1_500_000) < 1e-6)
    }

    @Test func rebalanceRuleParsing() throws {
        #expect(try RebalanceRule(parsing: "Monthly") == .monthly)
        #expect(try RebalanceRule(parsing: "threshold:5%") == .threshold(0.05))
        #expect(try RebalanceRule(parsing: "threshold:0.02") == .threshold(0.02))
        #expect(throws: BacktestError.badRebalanceRule("fortnightly")) { try RebalanceRule(parsing: "fortnightly") }
        #expect(throws: BacktestError.badRebalanceRule("threshold:-1")) { try RebalanceRule(parsing: "threshold:-1") }
    }

    @Test func badInputsAreTypedErrors() throws {
        let p = Self.tinyPanel()
        #expect(throws: BacktestError.tickerNotInPanel(ticker: "ZZZ", source: nil)) {
            try Backtester.run(panel: p, schedule: WeightSchedule(constant: [("ZZZ", 1)]), config: BacktestConfig())
        }
        let window = BacktestConfig(from: date("2025-01-01"), to: date("2025-12-31"))
        #expect(throws: BacktestError.emptyWindow(from: date("2025-01-01"), to: date("2025-12-31"),
                                                  panelFirst: date("2024-01-05"), panelLast: date("2024-01-09"))) {
            try Backtester.run(panel: p, schedule: WeightSchedule(constant: [("A", 1)]), config: window)
        }
        var bad = p
        bad.prices[1, 1] = -3
        #expect(throws: BacktestError.nonPositivePrice(ticker: "B", date: date("2024-01-08"), value: -3)) {
            try Backtester.run(panel: bad, schedule: WeightSchedule(constant: [("A", 0.5), ("B", -0.5)]), config: BacktestConfig())
        }
        bad.prices[1, 1] = .nan
        do {
            _ = try Backtester.run(panel: bad, schedule: WeightSchedule(constant: [("B", -0.5)]), config: BacktestConfig())
            Issue.record("NaN price accepted")
        } catch let e {
            #expect(e.description.contains("price of B on 2024-01-08"))
        }
        #expect(throws: BacktestError.self) {
            try Backtester.run(panel: p, schedule: WeightSchedule(constant: [("A", 1)]), config: BacktestConfig(initialNAV: 0))
        }
    }

    @Test func availabilityEntersAndExitsWithForcedTrades() throws {
        // B has data only on days 1…2 of 0…3: bought at target on day 1, sold at its day-2 close, cash afterwards.
        let ds = ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"].map(date)
        let panel = PricePanel(dates: ds, tickers: ["A", "B"], prices: Matrix(rowsOf: [[10, 1], [10, 5], [10, 6], [10, 1]]))
        var cfg = BacktestConfig(rebalance: .never)
        cfg.availability = ["B": date("2024-01-03")...date("2024-01-04")]
        let r = try Backtester.run(panel: panel, schedule: WeightSchedule(constant: [("A", 0.5), ("B", 0.5)]), config: cfg)
        #expect(r.events.map(\.reason) == ["data starts: enter at target", "data ends: sold at last close"])
        #expect(r.forcedTradeDays == [1, 2])
        // Day 1: NAV 1,000,000, B bought 500,000 at 5; day 2 at 6 → +100,000; day 3 B's price 1 is never read.
        #expect(abs(r.nav[3] - 1_100_000) < 1e-6)
        #expect(r.finalShares[1] == 0)
    }

    /// Kept from the former BenchTests timing test (500 assets × 5,040 days, now `Benchmarks/run.sh --only backtest`),
    /// at 40 assets × 3 years of weekdays: the monthly rule rebalances once per calendar month (the first trading day
    /// of each), attribution has one line per name and sums to the NAV change, and the metrics are defined.
    @Test func monthlyRuleOverYearsRebalancesOncePerMonthAndAttributesEveryName() throws {
        let t = 783, n = 40   // 2006-01-02 … 2008-12-31
        var rng = Xoshiro256(seed: 7)
        var dates: [LocalDate] = []
        var d = LocalDate(year: 2006, month: 1, day: 2)!
        while dates.count < t {
            if d.weekday <= 5 { dates.append(d) }
            d = d.adding(days: 1)
        }
        var prices = Matrix(rows: t, cols: n)
        let z = rng.normals(t * n)
        for j in 0..<n {
            var p = 100.0
            for i in 0..<t { p *= exp(0.0003 + 0.02 * z[j * t + i]); prices.storage[j * t + i] = p }
        }
        let tickers = (0..<n).map { "A\($0)" }
        var w = (0..<n).map { _ in 2 * rng.nextUniform() - 1 }
        let g = w.reduce(0) { $0 + abs($1) }
        w = w.map { $0 / g * 1.5 }
        let panel = PricePanel(dates: dates, tickers: tickers, prices: prices)
        let config = BacktestConfig(rebalance: .monthly, commissionBps: 7, slippageBps: 3, borrowRate: 0.03)
        let r = try Backtester.run(panel: panel, schedule: WeightSchedule(constant: zip(tickers, w).map { ($0, $1) }), config: config)
        let months = Set(r.dates.map { $0.year * 12 + $0.month }).count
        #expect(months == 36 && r.rebalanceDays.count == months)
        for k in r.rebalanceDays.dropFirst() { #expect(r.dates[k].month != r.dates[k - 1].month) }
        let lines = Attribution.byPosition(r)
        #expect(lines.count == n)
        #expect(abs(lines.reduce(0) { $0 + $1.net } - (r.finalNAV - r.initialNAV)) < 1e-6 * r.initialNAV)
        let m = PerformanceMetrics(nav: r.nav, dates: r.dates)
        #expect(m.volatility != nil && m.sharpe != nil && m.maxDrawdown <= 0)
    }
}
