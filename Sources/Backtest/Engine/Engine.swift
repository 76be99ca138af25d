import Basics
import LinearAlgebra
import MarketData

/// The daily backtest engine.
///
/// ## Event order on each trading day t of the window (the documented default of issue 6)
/// - (a) t > 0: borrow fee for the holding period on the previous close's short market value:
///   fee = Σ_{shares<0} |shares| × close(t−1) × rate × (calendar days from t−1 to t) / 365, paid from cash.
///   Cash interest (only when `cashRate` ≠ 0) = cash(t−1) × cashRate × days / 365, in the same step.
/// - (b) mark every holding to market at the close of t.
/// - (c) on a rebalance day, trade every name to exactly target weight × the NAV before costs (cash + Σ marked
///   values after (a) and (b)); fractional shares; commission + slippage = (bps sum / 10⁴) × |traded notional|,
///   paid from cash per name, not solved into the trade size. Forced single-name trades (see ``ForcedTrade``)
///   use the same pre-trade NAV.
/// - (d) record NAV = cash + Σ shares × close(t).
/// Day 0 starts from `initialNAV` in cash and is always a rebalance (the initial build); `nav[0]` is after its costs.
///
/// ## Where each step lives (Sources/Backtest/Engine/)
/// - `EngineInputs.swift`: parameter checks, the traded universe and its panel columns, the date window.
/// - `DayPlan.swift`: everything known before the first day (availability, targets per schedule entry, the days
///   entries, forced trades and availability boundaries fall on, rule-driven rebalance days, candidate days).
/// - `EngineBuffers.swift`: the run's working memory, allocated once.
/// - `StretchSweep.swift`: steps (a) and (b) over a stretch of days with constant shares; `PriceValidation.swift`:
///   the block-wise price check that runs just ahead of the sweep.
/// - `DayLoop.swift`: the per-day loop (a), (b), (d); `Trading.swift`: step (c) on candidate days.
/// - `ResultAssembly.swift`: the ``BacktestResult``.
///
/// Performance: no allocation inside the day loop; prices are read from the panel's column-major storage.
public enum Backtester {
    /// Days validated (and so brought into cache) per block: 64 days × 500 names ≈ 256 KB, inside L2.
    static let validationBlock = 64

    public static func run(panel: PricePanel, schedule: WeightSchedule, forcedTrades: [ForcedTrade] = [],
                           config: BacktestConfig) throws(BacktestError) -> BacktestResult {
        try validateParameters(config, schedule: schedule)
        let universe = try Universe(panel: panel, schedule: schedule, forcedTrades: forcedTrades)
        try validateWeights(schedule)
        let window = try Window(dates: panel.dates, config: config)
        let plan = DayPlan(universe: universe, window: window, schedule: schedule, forcedTrades: forcedTrades,
                           config: config)
        let rows = panel.prices.rows
        return try panel.prices.storage.withUnsafeBufferPointer { (storage) throws(BacktestError) -> BacktestResult in
            var loop = DayLoop(prices: storage.baseAddress!, rows: rows, universe: universe, window: window, plan: plan,
                               config: config)
            try loop.run()
            return loop.result(initialNAV: config.initialNAV)
        }
    }
}
