import Foundation
import Basics
import Instruments
import MarketData
import Portfolio

/// Which calendar days each position can trade on (its availability), with every restriction noted.
///
/// Policy: a position trades on the calendar days from its market key's first to last close in the window; a
/// position without a price file or without data in the window stays in cash. Pairs are units: each leg trades
/// only while *all* legs of its pair have data.
extension BookReplay {
    /// Calendar index range with data of each position (by position id); positions without one are absent.
    typealias TradingDays = [String: ClosedRange<Int>]

    /// Each position's days with data of its market key; a position's data gap or absence is noted.
    static func tradingDays(_ rb: ResolvedBook, book: Book, series: [String: PriceSeries], source: String,
                            history: inout ReplayHistory, notes: inout [String]) -> TradingDays {
        var range: TradingDays = [:]
        let calendar = history.calendar, T = history.T
        for rp in rb.positions {
            let p = rp.position
            if let c = history.onCalendar(p.marketKey) {
                range[p.id] = c.first...c.last
                if let s = history.clean[p.marketKey], s.dates[0] > calendar[0] || s.dates.last! < calendar[T - 1] {
                    notes.append("\(p.id): data \(s.dates[0])…\(s.dates.last!) (\((s.file as NSString).lastPathComponent)); cash outside it")
                }
            } else {
                let why = history.clean[p.marketKey] == nil && series[p.marketKey] == nil
                    ? "no price file in \(source.isEmpty ? "the price folders" : source)"
                    : "no data in the window"
                notes.append("\(p.id): \(why); its \(fmtPct(rp.marketValue / book.nav)) of NAV stays in cash for the whole window")
            }
        }
        return range
    }

    /// Pair-unit availability: every leg of a pair is restricted to the days on which all its legs have data
    /// (the intersection); when one leg has none, no leg of the pair trades.
    static func restrictPairsToCommonDays(_ pairs: [PairTrade], range: inout TradingDays, calendar: [LocalDate],
                                          notes: inout [String]) {
        let T = calendar.count
        for pair in pairs {
            let legs = pair.allLegs.map(\.position)
            let ranges = legs.map { range[$0] }
            var lo = 0, hi = T - 1
            var ok = true
            for r in ranges {
                guard let r else { ok = false; break }
                lo = max(lo, r.lowerBound); hi = min(hi, r.upperBound)
            }
            if !ok || lo > hi {
                for l in legs where range[l] != nil {
                    notes.append("pair \(pair.id): leg \(l) not traded because another leg has no data in the window (pairs trade as units)")
                    range[l] = nil
                }
            } else {
                for l in legs where range[l]! != lo...hi {
                    notes.append("pair \(pair.id): leg \(l) traded only \(calendar[lo])…\(calendar[hi]), while all legs have data")
                    range[l] = lo...hi
                }
            }
        }
    }
}
