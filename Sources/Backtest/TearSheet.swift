#if canImport(Glibc)
import Glibc
#endif
import Basics

/// The tear-sheet series a portfolio manager expects next to the headline metrics (pyfolio / quantstats layout),
/// computed from a NAV series and its dates.
///
/// Conventions (checked against pandas in tools/tearsheet_reference.py → Tests/BacktestTests/Golden/tearsheet_golden.json):
/// - Daily returns are simple: r_t = NAV_t / NAV_{t−1} − 1, dated at t.
/// - Rolling statistics over the last `window` returns (126 trading days ≈ 6 months), dated at the window's last
///   return: beta = sample cov(r, b) ÷ sample var(b) against the benchmark's simple returns; volatility = sample std
///   (n − 1) × √252; Sharpe = mean ÷ sample std × √252 (risk-free 0). No value before a full window.
/// - Period returns compound the daily returns dated inside the calendar month (year): Π(1 + r) − 1.
/// - Drawdown periods: maximal runs of days below the running peak (NAV ÷ running max − 1 < 0). Peak = the last day at
///   the running max before the run, trough = the lowest day in it, recovery = the first day back at the peak (nil
///   while still under water); depth is the trough's drawdown (a negative fraction); length in trading days from
///   peak to recovery (or to the last day). Ranked deepest first (ties: earlier peak first).
public enum TearSheet {
    public struct RollingPoint: Sendable, Equatable {
        public var date: LocalDate
        public var beta: Double?
        public var volatility: Double
        public var sharpe: Double?
    }

    public struct PeriodReturn: Sendable, Equatable {
        public var year: Int
        /// 1…12, or nil for a whole year.
        public var month: Int?
        public var value: Double
    }

    public struct DrawdownPeriod: Sendable, Equatable {
        public var peak: LocalDate
        public var trough: LocalDate
        public var recovery: LocalDate?
        public var depth: Double
        public var lengthDays: Int
    }

    /// Simple daily returns of a level series (one fewer than the levels).
    public static func returns(_ levels: [Double]) -> [Double] {
        levels.count < 2 ? [] : (1..<levels.count).map { levels[$0] / levels[$0 - 1] - 1 }
    }

    /// Rolling beta (when `benchmark` levels are given, same dates as `nav`), volatility and Sharpe.
    public static func rolling(nav: [Double], dates: [LocalDate], benchmark: [Double]?, window: Int = 126) -> [RollingPoint] {
        precondition(nav.count == dates.count && (benchmark?.count ?? nav.count) == nav.count)
        let r = returns(nav), b = benchmark.map(returns)
        guard window >= 2, r.count >= window else { return [] }
        let ann = Conventions.tradingDaysPerYear.squareRoot()
        var out: [RollingPoint] = []
        for end in (window - 1)..<r.count {
            let lo = end - window + 1
            var mr = 0.0, mb = 0.0
            for t in lo...end { mr += r[t]; mb += b?[t] ?? 0 }
            mr /= Double(window); mb /= Double(window)
            var srr = 0.0, srb = 0.0, sbb = 0.0
            for t in lo...end {
                let dr = r[t] - mr, db = (b?[t] ?? 0) - mb
                srr += dr * dr; srb += dr * db; sbb += db * db
            }
            let sd = (srr / Double(window - 1)).squareRoot()
            out.append(RollingPoint(date: dates[end + 1], beta: b != nil && sbb > 0 ? srb / sbb : nil,
                                    volatility: sd * ann, sharpe: sd > 0 ? mr / sd * ann : nil))
        }
        return out
    }

    /// Monthly and yearly compounded returns, in date order.
    public static func periodReturns(nav: [Double], dates: [LocalDate]) -> (monthly: [PeriodReturn], yearly: [PeriodReturn]) {
        precondition(nav.count == dates.count)
        let r = returns(nav)
        var monthly: [PeriodReturn] = [], yearly: [PeriodReturn] = []
        for (t, x) in r.enumerated() {
            let d = dates[t + 1]
            if let last = monthly.last, last.year == d.year, last.month == d.month {
                monthly[monthly.count - 1].value = (1 + last.value) * (1 + x) - 1
            } else {
                monthly.append(PeriodReturn(year: d.year, month: d.month, value: x))
            }
            if let last = yearly.last, last.year == d.year {
                yearly[yearly.count - 1].value = (1 + last.value) * (1 + x) - 1
            } else {
                yearly.append(PeriodReturn(year: d.year, month: nil, value: x))
            }
        }
        return (monthly, yearly)
    }

    /// The `top` deepest drawdown periods.
    public static func drawdowns(nav: [Double], dates: [LocalDate], top: Int = 5) -> [DrawdownPeriod] {
        precondition(nav.count == dates.count)
        var periods: [DrawdownPeriod] = []
        var peakValue = -Double.infinity, peakIndex = 0
        var inRun = false, troughIndex = 0, depth = 0.0
        for t in nav.indices {
            if nav[t] >= peakValue {
                if inRun {
                    periods.append(DrawdownPeriod(peak: dates[peakIndex], trough: dates[troughIndex], recovery: dates[t],
                                                  depth: depth, lengthDays: t - peakIndex))
                    inRun = false
                }
                peakValue = nav[t]; peakIndex = t
                continue
            }
            let dd = nav[t] / peakValue - 1
            if !inRun { inRun = true; troughIndex = t; depth = dd }
            if dd < depth { depth = dd; troughIndex = t }
        }
        if inRun {
            periods.append(DrawdownPeriod(peak: dates[peakIndex], trough: dates[troughIndex], recovery: nil, depth: depth,
                                          lengthDays: nav.count - 1 - peakIndex))
        }
        let ranked = periods.enumerated().sorted { $0.element.depth != $1.element.depth ? $0.element.depth < $1.element.depth : $0.offset < $1.offset }
        return ranked.prefix(max(0, top)).map(\.element)
    }
}
