#if canImport(Glibc)
import Glibc
#endif
import Basics

/// Performance statistics of a NAV series, following **empyrical** (Quantopian, v0.5.5 / empyrical-reloaded 0.7)
/// definitions on the daily simple returns r_t = NAV_t / NAV_{t−1} − 1, t = 1…T−1 (T NAV observations,
/// NAV_0 = the post-cost day-0 NAV). 252 periods per year. Hit rate follows **quantstats** `win_rate`.
///
/// - `totalReturn` = NAV_{T−1}/NAV_0 − 1 (empyrical `cum_returns_final`).
/// - `cagr` = (1 + totalReturn)^(252/(T−1)) − 1 (empyrical `annual_return`, years = number of returns / 252).
/// - `volatility` = sample std (ddof 1) of r × √252 (empyrical `annual_volatility`).
/// - `sharpe` = mean(r − rf_d) / std(r − rf_d, ddof 1) × √252 with rf_d = riskFreeRate / 252 (empyrical `sharpe_ratio`).
/// - `sortino` = mean(r − rf_d) × 252 / (√(mean(min(r − rf_d, 0)²)) × √252) (empyrical `sortino_ratio` with
///   `required_return` = rf_d; the downside deviation averages over all days, ddof 0).
/// - `maxDrawdown` = min_t (NAV_t / max_{s≤t} NAV_s − 1), ≤ 0, over NAV_0…NAV_{T−1} (empyrical `max_drawdown`).
///   Dates: the peak before the trough, the trough, and the first later date with NAV ≥ the peak (nil if none).
/// - `calmar` = cagr / |maxDrawdown| (empyrical `calmar_ratio`; nil when there is no drawdown).
/// - `beta` = cov(r, b) / var(b), `correlation` = Pearson ρ(r, b) on the same days (empyrical `beta`; numpy corrcoef).
/// - `hitRate` = #(r > 0) / #(r ≠ 0) (quantstats `win_rate`).
/// Undefined values (fewer than 2 returns, zero variance) are nil, never NaN.
public struct PerformanceMetrics: Sendable, Equatable {
    public var observations: Int
    public var totalReturn: Double?
    public var cagr: Double?
    public var volatility: Double?
    public var sharpe: Double?
    public var sortino: Double?
    public var maxDrawdown: Double
    public var drawdownPeak: LocalDate?
    public var drawdownTrough: LocalDate?
    public var drawdownRecovery: LocalDate?
    public var calmar: Double?
    public var hitRate: Double?
    public var bestDay: Double?
    public var worstDay: Double?

    /// Beta/correlation of the daily returns against one benchmark price series.
    public struct Relative: Sendable, Equatable {
        public var benchmark: String
        public var beta: Double?
        public var correlation: Double?
        public var benchmarkTotalReturn: Double?
    }

    /// Drawdown at each date: NAV_t / max_{s≤t} NAV_s − 1 (≤ 0, fraction).
    public static func drawdownSeries(_ nav: [Double]) -> [Double] {
        var peak = -Double.infinity
        return nav.map { v in peak = max(peak, v); return v / peak - 1 }
    }

    public init(nav: [Double], dates: [LocalDate], riskFreeRate: Double = 0) {
        precondition(nav.count == dates.count)
        let T = nav.count
        observations = T
        let m = T - 1
        var r = [Double](repeating: 0, count: max(m, 0))
        for t in 0..<max(m, 0) { r[t] = nav[t + 1] / nav[t] - 1 }
        func opt(_ x: Double) -> Double? { x.isFinite ? x : nil }
        // Drawdown (over the NAV levels themselves; the same series as ``drawdownSeries(_:)``).
        var peak = nav.first ?? 0, peakIdx = 0
        var mdd = 0.0, mddPeak = 0, mddTrough = 0
        let dds = PerformanceMetrics.drawdownSeries(nav)
        for t in 0..<T {
            if nav[t] > peak { peak = nav[t]; peakIdx = t }
            let dd = dds[t]
            if dd < mdd { mdd = dd; mddPeak = peakIdx; mddTrough = t }
        }
        maxDrawdown = mdd
        if mdd < 0 {
            drawdownPeak = dates[mddPeak]
            drawdownTrough = dates[mddTrough]
            let level = nav[mddPeak]
            drawdownRecovery = (mddTrough..<T).first { nav[$0] >= level }.map { dates[$0] }
        }
        guard m >= 1 else {
            totalReturn = nil; cagr = nil; volatility = nil; sharpe = nil; sortino = nil; calmar = nil; hitRate = nil
            bestDay = nil; worstDay = nil
            return
        }
        var growth = 1.0
        for x in r { growth *= 1 + x }
        totalReturn = growth - 1
        let years = Double(m) / Conventions.tradingDaysPerYear
        cagr = opt(pow(growth, 1 / years) - 1)
        let rf = riskFreeRate / Conventions.tradingDaysPerYear
        var mean = 0.0, meanEx = 0.0
        for x in r { mean += x; meanEx += x - rf }
        mean /= Double(m); meanEx /= Double(m)
        var ss = 0.0, ssEx = 0.0, down = 0.0
        for x in r {
            ss += (x - mean) * (x - mean)
            let e = x - rf
            ssEx += (e - meanEx) * (e - meanEx)
            let d = min(e, 0)
            down += d * d
        }
        let ann = Conventions.tradingDaysPerYear.squareRoot()
        if m >= 2 {
            let sd = (ss / Double(m - 1)).squareRoot()
            volatility = sd * ann
            let sdEx = (ssEx / Double(m - 1)).squareRoot()
            sharpe = sdEx > 0 ? opt(meanEx / sdEx * ann) : nil
        } else {
            volatility = nil; sharpe = nil
        }
        let downside = (down / Double(m)).squareRoot() * ann
        sortino = downside > 0 ? opt(meanEx * Conventions.tradingDaysPerYear / downside) : nil
        calmar = mdd < 0 ? cagr.flatMap { opt($0 / -mdd) } : nil
        let pos = r.filter { $0 > 0 }.count, nonzero = r.filter { $0 != 0 }.count
        hitRate = nonzero > 0 ? Double(pos) / Double(nonzero) : nil
        bestDay = r.max()
        worstDay = r.min()
    }

    /// Beta (empyrical `beta`, cov/var) and Pearson correlation of the NAV's daily returns against `prices`
    /// (same dates as the NAV).
    public static func relative(nav: [Double], benchmark name: String, prices: [Double]) -> Relative {
        precondition(nav.count == prices.count)
        let m = nav.count - 1
        guard m >= 2 else { return Relative(benchmark: name, beta: nil, correlation: nil, benchmarkTotalReturn: nil) }
        var ra = [Double](repeating: 0, count: m), rb = ra
        var ma = 0.0, mb = 0.0
        for t in 0..<m {
            ra[t] = nav[t + 1] / nav[t] - 1
            rb[t] = prices[t + 1] / prices[t] - 1
            ma += ra[t]; mb += rb[t]
        }
        ma /= Double(m); mb /= Double(m)
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for t in 0..<m {
            let da = ra[t] - ma, db = rb[t] - mb
            sab += da * db; saa += da * da; sbb += db * db
        }
        let beta = sbb > 0 ? sab / sbb : nil
        let corr = (saa > 0 && sbb > 0) ? sab / (saa * sbb).squareRoot() : nil
        return Relative(benchmark: name, beta: beta, correlation: corr,
                        benchmarkTotalReturn: prices[m] / prices[0] - 1)
    }
}

/// Turnover as issue 6 defines it: Σ over rebalances after the initial build of (two-sided traded notional ÷
/// pre-trade NAV), divided by years = (T − 1)/252. nil for a one-day window.
public func annualizedTurnover(_ result: BacktestResult) -> Double? {
    let T = result.nav.count
    guard T >= 2 else { return nil }
    return result.turnoverSum / (Double(T - 1) / Conventions.tradingDaysPerYear)
}
