import Foundation
import Testing
import Basics
import FileFormats
import FileFormats
import MarketData
@testable import Backtest

/// `date,ticker,weight` schedules: the reference script's two-entry case read from a file reproduces its NAV.
@Suite struct ScheduleFileTests {
    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("schedule-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func scheduleFileReproducesGoldenCase() throws {
        let g = try GoldenFiles.json("backtest_golden.json")
        let tickers = g["tickers"] as! [String]
        let c = try #require((g["cases"] as! [[String: Any]]).first { $0["name"] as? String == "schedule_cash_window" })
        var text = "date,ticker,weight\n"
        for e in c["schedule"] as! [[Any]] {
            for (t, w) in zip(tickers, e[1] as! [Double]) { text += "\(e[0] as! String),\(t),\(w)\n" }
        }
        let sched = try ScheduleFile.load(path: try Self.write(text))
        #expect(sched.entries.count == 2)
        let (_, config) = try goldenInputs(c, tickers: tickers)
        let panel = try PricePanelFile.loadWide(path: GoldenFiles.path("synthetic_panel.csv"))
        let r = try Backtester.run(panel: panel, schedule: sched, config: config)
        var worst = 0.0
        for (a, b) in zip(r.nav, c["nav"] as! [Double]) { worst = max(worst, relErr(a, b)) }
        #expect(worst < 1e-10)
        #expect(r.rebalanceDays.count == c["rebalances"] as! Int)
    }

    @Test func badSchedulesNameFileAndLine() throws {
        let p1 = try Self.write("2020-02-01,A,0.5\n2020-01-01,A,0.4\n")
        #expect(throws: BacktestError.badSchedule(file: p1, line: 2, reason: "date 2020-01-01 comes before 2020-02-01; dates must not decrease")) {
            try ScheduleFile.load(path: p1)
        }
        let p2 = try Self.write("2020-02-01,A,abc\n")
        #expect(throws: BacktestError.badSchedule(file: p2, line: 1, reason: "column weight: cannot parse 'abc' (expected a finite fraction of NAV)")) {
            try ScheduleFile.load(path: p2)
        }
        let p3 = try Self.write("2020-02-01,A,0.1\n2020-02-01,A,0.2\n")
        #expect(throws: BacktestError.badSchedule(file: p3, line: 2, reason: "ticker A twice on 2020-02-01")) {
            try ScheduleFile.load(path: p3)
        }
    }
}
