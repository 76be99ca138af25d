import Backtest
import FileFormats
import Foundation
import MarketData

/// A backtest of target weights (`ticker,weight`) or a schedule (`date,ticker,weight`) on a wide price panel.
public enum WeightsBacktest {
    public static func run(prices: String, weights: String?, schedule: String?, config: BacktestConfig) throws -> BacktestReport {
        let sched: WeightSchedule
        let wPath: String
        if let sPath = schedule {
            sched = try ScheduleFile.load(path: sPath)
            wPath = sPath
        } else if let p = weights {
            sched = WeightSchedule(constant: try WeightsFile.load(path: p))
            wPath = p
        } else {
            throw SessionError("weights mode needs --weights WEIGHTS.csv or --schedule SCHEDULE.csv (or give a BOOK and --market)")
        }
        let panel = try PricePanelFile.loadWide(path: prices)
        for t in sched.tickers where panel.index(of: t) == nil {
            throw BacktestError.tickerNotInPanel(ticker: t, source: "\(wPath):\(lineOf(ticker: t, in: wPath)), panel \(prices)")
        }
        let result = try Backtester.run(panel: panel, schedule: sched, config: config)
        return BacktestReport(mode: "weights", result: result, config: config, panel: panel)
    }

    /// 1-based line of a ticker in a weights or schedule file (for error messages); 0 when not found.
    static func lineOf(ticker: String, in path: String) -> Int {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return 0 }
        for (i, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let f = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if f.first == ticker || (f.count == 3 && f[1] == ticker) { return i + 1 }
        }
        return 0
    }
}
