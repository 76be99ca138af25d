import Foundation
import Basics
import MarketData
@testable import Backtest

/// Golden files written by tools/backtest_reference.py (excluded from the target; read from the source tree).
enum GoldenFiles {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path(name)))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }
    /// ../shared/data relative to the repository root (Tests/BacktestTests/ → ../../..).
    static let sharedData = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/data").path
    /// The real-data tests run when `../shared/data/adjclose_to_2026` is present and are reported as skipped otherwise.
    static let hasSharedData = FileManager.default.fileExists(atPath: sharedData + "/adjclose_to_2026")
    /// The thesis replay also needs SPY (its calendar and first benchmark).
    static let hasThesisHistory = FileManager.default.fileExists(atPath: sharedData + "/adjclose_to_2026/SPY.csv")
}

func relErr(_ a: Double, _ b: Double) -> Double {
    if a == b { return 0 }
    return abs(a - b) / max(abs(b), 1e-300)
}

func date(_ s: String) -> LocalDate { LocalDate(iso: s)! }

/// Builds engine inputs from one golden case of the reference script.
func goldenInputs(_ c: [String: Any], tickers: [String]) throws -> (WeightSchedule, BacktestConfig) {
    let cfg = c["config"] as! [String: Any]
    var config = BacktestConfig(rebalance: try RebalanceRule(parsing: cfg["rebalance"] as! String),
                                commissionBps: cfg["commissionBps"] as? Double ?? 0,
                                slippageBps: cfg["slippageBps"] as? Double ?? 0,
                                borrowRate: cfg["borrowRate"] as? Double ?? 0,
                                cashRate: cfg["cashRate"] as? Double ?? 0,
                                initialNAV: cfg["initialNav"] as! Double,
                                riskFreeRate: c["riskFreeRate"] as? Double ?? 0)
    if let rates = cfg["borrowRates"] as? [Double] {
        for (t, r) in zip(tickers, rates) { config.borrowRates[t] = r }
    }
    if let w = c["window"] as? [String] {
        config.from = date(w[0])
        config.to = date(w[1])
    }
    let entries = (c["schedule"] as! [[Any]]).map { e in
        ScheduleEntry(date: date(e[0] as! String),
                      targets: zip(tickers, e[1] as! [Double]).map { Target(ticker: $0, weight: $1) })
    }
    return (WeightSchedule(entries: entries), config)
}
