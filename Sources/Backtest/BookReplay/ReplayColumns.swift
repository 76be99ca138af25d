import Basics
import LinearAlgebra
import MarketData

/// The engine inputs a replay builds column by column: the price panel's columns (traded names, then benchmarks),
/// and for each traded column its availability, target and the position it belongs to; plus the forced trades.
struct ReplayColumns {
    /// Column names: position ids for stock, `ID#k` for the k-th contract of option position ID, benchmark tickers.
    var names: [String] = []
    /// Column prices on the calendar (base currency).
    var values: [[Double]] = []
    /// Calendar dates with data of each traded column.
    var availability: [String: ClosedRange<LocalDate>] = [:]
    /// Option columns (prices may reach 0 at expiry).
    var derivative: Set<String> = []
    /// Position id of each traded column.
    var positionOfColumn: [String: String] = [:]
    /// Target of each traded column, in column order (`nil` weight = hold: options trade only when forced).
    var targets: [Target] = []
    /// Forced trades in the order they were added (option purchases and rolls, then pair exits).
    var forced: [ForcedTrade] = []

    /// Adds a traded column.
    mutating func add(_ name: String, values: [Double], available: ClosedRange<LocalDate>, position: String,
                      target: Double?) {
        names.append(name)
        self.values.append(values)
        availability[name] = available
        positionOfColumn[name] = position
        targets.append(Target(ticker: name, weight: target))
    }

    /// Benchmarks as extra columns (not traded), when they have a close on every calendar day and are not
    /// already a column.
    mutating func addBenchmarks(_ benchmarks: [String], history: inout ReplayHistory) {
        for b in benchmarks where !names.contains(b) {
            if let c = history.onCalendar(b), c.first == 0, c.last == history.T - 1 {
                names.append(b)
                values.append(c.values)
            }
        }
    }

    /// The price panel (column-major, one column per name).
    func panel(calendar: [LocalDate]) -> PricePanel {
        let T = calendar.count
        var storage: [Double] = []
        storage.reserveCapacity(T * values.count)
        for c in values { storage.append(contentsOf: c) }
        return PricePanel(dates: calendar, tickers: names, prices: Matrix(rows: T, cols: names.count, columnMajor: storage))
    }
}
