import Basics

/// When the engine trades the book back to its target weights.
///
/// Day 0 of the window (the initial build) is always a rebalance day, whatever the rule.
public enum RebalanceRule: Sendable, Equatable, CustomStringConvertible {
    /// Every trading day.
    case daily
    /// The first trading day of each ISO week (Monday-based): the day whose ISO week differs from the previous trading day's.
    case weekly
    /// The first trading day of each calendar month: the day whose month differs from the previous trading day's.
    case monthly
    /// Whenever, after the close mark, some traded name's weight differs from its target by more than this
    /// absolute fraction of NAV (0.05 = 5 percentage points).
    case threshold(Double)
    /// Only the initial build (and forced events: schedule changes, names entering/leaving data, pair exits, option rolls).
    case never

    /// Parses `daily`, `weekly`, `monthly`, `never`, `threshold:0.05` (or `threshold:5%`).
    public init(parsing text: String) throws(BacktestError) {
        let t = text.trimmingCharacters(in: " ").lowercased()
        switch t {
        case "daily", "d": self = .daily
        case "weekly", "w": self = .weekly
        case "monthly", "m": self = .monthly
        case "never", "none", "buy-and-hold": self = .never
        default:
            if t.hasPrefix("threshold:") || t.hasPrefix("threshold=") {
                var v = String(t.dropFirst("threshold:".count))
                var scale = 1.0
                if v.hasSuffix("%") { v.removeLast(); scale = 0.01 }
                if let x = Double(v), x.isFinite, x > 0 {
                    self = .threshold(x * scale)
                    return
                }
            }
            throw .badRebalanceRule(text)
        }
    }

    public var description: String {
        switch self {
        case .daily: return "daily"
        case .weekly: return "weekly"
        case .monthly: return "monthly"
        case .never: return "never"
        case .threshold(let x): return "threshold:\(x)"
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}

/// One target in a schedule entry.
public struct Target: Sendable, Equatable {
    public var ticker: String
    /// Target weight as a fraction of NAV (negative = short). `nil` = hold: the name is not traded on
    /// ordinary rebalance days (used for options, which are only bought at inception and at rolls).
    public var weight: Double?
    public init(ticker: String, weight: Double?) {
        self.ticker = ticker
        self.weight = weight
    }
}

/// Target weights in force from a date on (until the next entry). The first trading day on or after `date`
/// is a forced rebalance day.
public struct ScheduleEntry: Sendable, Equatable {
    public var date: LocalDate
    public var targets: [Target]
    public init(date: LocalDate, targets: [Target]) {
        self.date = date
        self.targets = targets
    }
}

/// A schedule of target weights. Before the first entry's date the book is all cash.
/// A ticker absent from an entry has target 0 while that entry is in force.
public struct WeightSchedule: Sendable, Equatable {
    public var entries: [ScheduleEntry]
    public init(entries: [ScheduleEntry]) { self.entries = entries.sorted { $0.date < $1.date } }
    /// Constant weights over the whole window (the entry date is the earliest representable date).
    public init(constant weights: [(ticker: String, weight: Double)]) {
        self.entries = [ScheduleEntry(date: LocalDate(daysSinceEpoch: Int.min / 4),
                                      targets: weights.map { Target(ticker: $0.ticker, weight: $0.weight) })]
    }
    /// All tickers in order of first appearance.
    public var tickers: [String] {
        var seen = Set<String>()
        var out: [String] = []
        for e in entries { for t in e.targets where seen.insert(t.ticker).inserted { out.append(t.ticker) } }
        return out
    }
}

/// A forced single-name trade on a given date, outside the rebalance rule (pair exit, option roll, name entering
/// or leaving data). The name is traded to `weight` × the pre-trade NAV; other names are not traded.
public struct ForcedTrade: Sendable, Equatable {
    public var date: LocalDate
    public var ticker: String
    public var weight: Double
    public var reason: String
    public init(date: LocalDate, ticker: String, weight: Double, reason: String) {
        self.date = date
        self.ticker = ticker
        self.weight = weight
        self.reason = reason
    }
}

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

/// Errors the backtest reports instead of trapping or producing NaN.
public enum BacktestError: Error, Equatable, CustomStringConvertible {
    case badRebalanceRule(String)
    case tickerNotInPanel(ticker: String, source: String?)
    case emptyWindow(from: LocalDate?, to: LocalDate?, panelFirst: LocalDate?, panelLast: LocalDate?)
    case nonPositivePrice(ticker: String, date: LocalDate, value: Double)
    case invalidParameter(name: String, value: String, reason: String)
    case emptySchedule
    case badSchedule(file: String, line: Int, reason: String)
    case bookProblem(String)

    public var description: String {
        switch self {
        case .badRebalanceRule(let s):
            return "rebalance rule '\(s)' does not parse (expected daily, weekly, monthly, never or threshold:0.05)"
        case .tickerNotInPanel(let t, let src):
            return "ticker \(t)\(src.map { " (\($0))" } ?? "") is not in the price panel"
        case .emptyWindow(let f, let t, let a, let b):
            return "no price data in the window \(f?.description ?? "start")…\(t?.description ?? "end")"
                + " (panel covers \(a?.description ?? "nothing")…\(b?.description ?? "nothing"))"
        case .nonPositivePrice(let t, let d, let v):
            return "price of \(t) on \(d) is \(v): prices must be finite and > 0"
        case .invalidParameter(let n, let v, let r):
            return "invalid \(n) '\(v)': \(r)"
        case .emptySchedule:
            return "the weight schedule has no targets"
        case .badSchedule(let f, let l, let r):
            return "\(f):\(l): \(r)"
        case .bookProblem(let s):
            return s
        }
    }
}
