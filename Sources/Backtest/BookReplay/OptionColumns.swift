#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Basics
import Instruments
import Portfolio
import Pricing

/// Option re-striking and rolling: one column per contract generation of each option position.
///
/// Policy: the option is re-struck on history with the same moneyness (strike ÷ snapshot spot) and tenor
/// (expiry − valuation date) as in the book, bought (a forced trade) on the first day its pair-unit availability
/// allows with the premium budget (% of NAV), marked daily by the book's option valuation policy (snapshot rate and
/// dividend yield) at the underlying's trailing realised volatility, expiring at intrinsic value; rolled at expiry
/// into the same moneyness and tenor with the same premium budget when `rollOptions`. No borrow fee on options.
extension BookReplay {
    /// Adds the contract columns of every option position with data, with their purchases as forced trades.
    static func addOptionColumns(_ rb: ResolvedBook, book: Book, options: BookReplayOptions, range: TradingDays,
                                 history: inout ReplayHistory, columns: inout ReplayColumns,
                                 config: inout BacktestConfig, notes: inout [String]) {
        let calendar = history.calendar
        for rp in rb.positions {
            guard let o = rp.option, let r = range[rp.position.id], let c = history.onCalendar(rp.position.marketKey),
                  let s = history.clean[rp.position.marketKey] else { continue }
            let p = rp.position
            let moneyness = o.strike / rp.spot
            let tenorDays = max(1, book.valuationDate.days(to: o.expiry))
            let budget = rp.marketValue / book.nav
            let (volOnCalendar, usedSnapshotVol) = realisedVolatility(
                of: s, on: calendar, fallback: o.volatility, window: options.volatilityWindow,
                minimumObservations: options.minimumVolatilityObservations, traded: r)
            let w = options.volatilityWindow
            notes.append("\(p.id): \(o.right.rawValue) re-struck at \(fmtNum(moneyness, 4)) × spot with a \(tenorDays)-day tenor, "
                         + "premium budget \(fmtPct(budget)) of NAV, BSM at \(w)-day realised vol of \(p.marketKey)"
                         + (usedSnapshotVol > 0 ? " (snapshot vol \(o.volatility) on \(usedSnapshotVol) early days)" : "")
                         + (options.rollOptions ? ", rolled at expiry" : ", not rolled (cash after expiry)"))
            addContracts(of: rp, o, moneyness: moneyness, tenorDays: tenorDays, budget: budget, underlying: c.values,
                         volatility: volOnCalendar, days: r, roll: options.rollOptions, calendar: calendar,
                         columns: &columns, config: &config)
        }
    }

    /// The contract generations of one option position: the first bought on the first traded day, each rolled one
    /// into on its predecessor's expiry day (when `roll` and days remain). Each contract is a column with a forced
    /// purchase of `budget` × NAV, no borrow fee.
    static func addContracts(of rp: ResolvedPosition, _ o: ResolvedOption, moneyness: Double, tenorDays: Int,
                             budget: Double, underlying: [Double], volatility volOnCalendar: [Double],
                             days r: ClosedRange<Int>, roll: Bool, calendar: [LocalDate],
                             columns: inout ReplayColumns, config: inout BacktestConfig) {
        let p = rp.position
        var start = r.lowerBound
        var gen = 1
        while start <= r.upperBound {
            let name = "\(p.id)#\(gen)"
            let strike = moneyness * underlying[start]
            let expiry = calendar[start].adding(days: tenorDays)
            let (col, end) = contractColumn(o, fx: rp.fx, strike: strike, expiry: expiry, underlying: underlying,
                                            volatility: volOnCalendar, calendar: calendar,
                                            from: start, through: r.upperBound)
            columns.add(name, values: col, available: calendar[start]...calendar[end], position: p.id, target: nil)
            columns.derivative.insert(name)
            config.borrowRates[name] = 0
            columns.forced.append(ForcedTrade(date: calendar[start], ticker: name, weight: budget,
                                              reason: gen == 1 ? "option bought (premium budget), strike \(fmtNum(strike / rp.fx, 2)), expiry \(expiry)"
                                                               : "option rolled: strike \(fmtNum(strike / rp.fx, 2)), expiry \(expiry)"))
            let expired = calendar[end] >= expiry
            if !(roll && expired && end < r.upperBound) { break }
            start = end
            gen += 1
        }
    }

    /// Trailing realised volatility of the underlying on its own dates, mapped to the calendar: sample std of the
    /// last `window` daily log returns up to each calendar day × √252; the snapshot's `fallback` where fewer than
    /// `minimumObservations` returns exist. Also returns how many traded days used the fallback.
    static func realisedVolatility(of s: CleanSeries, on calendar: [LocalDate], fallback: Double, window w: Int,
                                   minimumObservations: Int, traded r: ClosedRange<Int>) -> (vol: [Double], snapshotDays: Int) {
        let T = calendar.count
        let own = s.values
        var volOnCalendar = [Double](repeating: fallback, count: T)
        var usedSnapshotVol = 0
        var j = 0
        for t in 0..<T {
            while j + 1 < s.dates.count && s.dates[j + 1] <= calendar[t] { j += 1 }
            let n = min(w, j)
            if n >= minimumObservations {
                var mean = 0.0
                for k in (j - n + 1)...j { mean += log(own[k] / own[k - 1]) }
                mean /= Double(n)
                var ss = 0.0
                for k in (j - n + 1)...j { let x = log(own[k] / own[k - 1]) - mean; ss += x * x }
                volOnCalendar[t] = (ss / Double(n - 1)).squareRoot() * 252.0.squareRoot()
            } else if t >= r.lowerBound && t <= r.upperBound {
                usedSnapshotVol += 1
            }
        }
        return (volOnCalendar, usedSnapshotVol)
    }

    /// One contract's prices (base currency) from `start` until its expiry (priced at intrinsic, time 0) or day
    /// `last`, whichever comes first; the nearest price before and after. Returns the column and its last day.
    static func contractColumn(_ o: ResolvedOption, fx: Double, strike: Double, expiry: LocalDate, underlying: [Double],
                               volatility: [Double], calendar: [LocalDate], from start: Int,
                               through last: Int) -> (column: [Double], end: Int) {
        let T = calendar.count
        var col = [Double](repeating: 0, count: T)
        var end = start
        for t in start...last {
            let tau = Double(calendar[t].days(to: expiry)) / 365.0
            col[t] = o.policy.scenarioPrice(right: o.right, exercise: o.exercise, spot: underlying[t], strike: strike, time: max(tau, 0),
                                            rate: o.rate, dividendYield: o.dividendYield, volatility: volatility[t]) * fx
            end = t
            if tau <= 0 { break }
        }
        for t in 0..<start { col[t] = col[start] }
        for t in (end + 1)..<T { col[t] = col[end] }
        return (col, end)
    }
}
