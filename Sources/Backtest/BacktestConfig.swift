import Basics

/// Engine parameters. Rates are fractions per year; costs are basis points of traded notional.
public struct BacktestConfig: Sendable, Equatable {
    public var rebalance: RebalanceRule
    /// Commission in bp of traded notional (both buys and sells).
    public var commissionBps: Double
    /// Slippage in bp of traded notional; added to commission (the trade itself executes at the close).
    public var slippageBps: Double
    /// Annual borrow fee applied to every short without its own rate in `borrowRates`.
    public var borrowRate: Double
    /// Per-ticker annual borrow fee overrides.
    public var borrowRates: [String: Double]
    /// Annual simple interest on the cash balance (negative balance pays it), ACT/365 on the previous close's
    /// cash. Default 0: no interest on cash.
    public var cashRate: Double
    /// NAV (base currency) before the initial build.
    public var initialNAV: Double
    /// Inclusive window; nil = the panel's first/last date.
    public var from: LocalDate?
    public var to: LocalDate?
    /// Annual risk-free rate for Sharpe/Sortino; converted to a daily rate as rf/252.
    public var riskFreeRate: Double
    /// Benchmark tickers in the panel (beta/correlation); absent ones are reported as skipped.
    public var benchmarks: [String]
    /// Per-ticker availability (first and last date with data). Outside it the name's target is 0; when it
    /// ends inside the window the name is sold at its last close (a forced trade). nil = the whole window.
    public var availability: [String: ClosedRange<LocalDate>]
    /// Tickers whose price may be 0 (options at intrinsic); every other price must be > 0.
    public var derivativeTickers: Set<String> = []

    public init(rebalance: RebalanceRule = .monthly, commissionBps: Double = 0, slippageBps: Double = 0,
                borrowRate: Double = 0, borrowRates: [String: Double] = [:], cashRate: Double = 0,
                initialNAV: Double = 1_000_000, from: LocalDate? = nil, to: LocalDate? = nil, riskFreeRate: Double = 0,
                benchmarks: [String] = [], availability: [String: ClosedRange<LocalDate>] = [:]) {
        self.rebalance = rebalance
        self.commissionBps = commissionBps
        self.slippageBps = slippageBps
        self.borrowRate = borrowRate
        self.borrowRates = borrowRates
        self.cashRate = cashRate
        self.initialNAV = initialNAV
        self.from = from
        self.to = to
        self.riskFreeRate = riskFreeRate
        self.benchmarks = benchmarks
        self.availability = availability
    }

    /// Total cost rate (fraction of traded notional).
    public var costRate: Double { (commissionBps + slippageBps) / 10_000 }
}
