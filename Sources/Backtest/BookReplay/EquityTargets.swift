import Basics
import Instruments
import MarketData
import Portfolio

/// Targets from the resolved book, for stock positions.
///
/// Policy: a stock position's target weight is its signed market value at the snapshot ÷ the book's NAV; its
/// prices are its market key's closes on the calendar converted at the snapshot's constant FX rate. A short's
/// borrow rate is its pair's `borrowCost`, else the snapshot's borrow rate (when > 0), else the configured default.
extension BookReplay {
    /// One column per stock position with data (in book order); short borrow rates into `config.borrowRates`.
    static func addEquityColumns(_ rb: ResolvedBook, book: Book, market: MarketSnapshot, range: TradingDays,
                                 history: inout ReplayHistory, columns: inout ReplayColumns,
                                 config: inout BacktestConfig, notes: inout [String]) {
        let calendar = history.calendar
        for rp in rb.positions where rp.option == nil {
            let p = rp.position
            guard let r = range[p.id], let c = history.onCalendar(p.marketKey) else { continue }
            columns.add(p.id, values: c.values.map { $0 * rp.fx }, available: calendar[r.lowerBound]...calendar[r.upperBound],
                        position: p.id, target: rp.marketValue / book.nav)
            if p.side == .short {
                config.borrowRates[p.id] = borrowRate(of: p, book: book, market: market, default: config.borrowRate)
            }
        }
        if rb.positions.contains(where: { $0.option == nil && $0.position.side == .short }) {
            notes.append("borrow: pair borrowCost for short legs, else the snapshot's borrow rate, else \(fmtPct(config.borrowRate)) a year")
        }
    }

    /// The borrow rate of a short stock position: its pair's `borrowCost`, else the snapshot's rate when > 0,
    /// else `defaultRate`.
    static func borrowRate(of p: Position, book: Book, market: MarketSnapshot, default defaultRate: Double) -> Double {
        let pairRate = book.pairs.first { $0.shortLegs.contains { $0.position == p.id } }?.borrowCost
        let quoteRate = market.quote(p.marketKey)?.borrowRate
        return pairRate ?? ((quoteRate ?? 0) > 0 ? quoteRate! : defaultRate)
    }
}
