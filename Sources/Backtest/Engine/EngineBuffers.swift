/// The working memory of one run, allocated once before the day loop and freed when the run ends, so that the
/// loop itself allocates nothing. Raw pointers (not arrays) so that the hot loops read and write without bounds or
/// uniqueness checks; every index is < `n` (per name) or < `T` (per day).
struct EngineBuffers: ~Copyable {
    let n: Int
    let T: Int

    // Per name, fixed for the run.
    /// Offset of each name's window-start price in the panel's column-major storage.
    let colBase: UnsafeMutablePointer<Int>
    /// Availability as window day indices (see ``DayPlan``).
    let availableFrom: UnsafeMutablePointer<Int>
    let availableThrough: UnsafeMutablePointer<Int>
    /// Annual borrow rate.
    let borrowRate: UnsafeMutablePointer<Double>

    // Per name, state and accumulated results.
    /// Shares held (fractional; < 0 = short).
    let shares: UnsafeMutablePointer<Double>
    /// Target set by a forced trade, in force until the next schedule entry; NaN = the entry's target.
    let override: UnsafeMutablePointer<Double>
    /// Price P&L, costs and borrow fees paid (money).
    let pricePnL: UnsafeMutablePointer<Double>
    let costs: UnsafeMutablePointer<Double>
    let borrow: UnsafeMutablePointer<Double>

    // Per day.
    /// Holding period from the previous day in years.
    let dtYears: UnsafeMutablePointer<Double>
    /// Sweep outputs for the current shares: borrow fee (money), marked value, long value, short value (≤ 0).
    let fee: UnsafeMutablePointer<Double>
    let marked: UnsafeMutablePointer<Double>
    let longValue: UnsafeMutablePointer<Double>
    let shortValue: UnsafeMutablePointer<Double>

    init(plan: DayPlan, universe: Universe, window: Window, rows: Int) {
        n = plan.n
        T = plan.T
        colBase = Self.copy(universe.columns.map { $0 * rows + window.lo })
        availableFrom = Self.copy(plan.availableFrom)
        availableThrough = Self.copy(plan.availableThrough)
        borrowRate = Self.copy(plan.borrowRates)
        shares = Self.filled(0, n)
        override = Self.filled(.nan, n)
        pricePnL = Self.filled(0, n)
        costs = Self.filled(0, n)
        borrow = Self.filled(0, n)
        dtYears = Self.copy(plan.dtYears)
        fee = Self.filled(0, T)
        marked = Self.filled(0, T)
        longValue = Self.filled(0, T)
        shortValue = Self.filled(0, T)
    }

    deinit {
        colBase.deallocate(); availableFrom.deallocate(); availableThrough.deallocate(); borrowRate.deallocate()
        shares.deallocate(); override.deallocate(); pricePnL.deallocate(); costs.deallocate(); borrow.deallocate()
        dtYears.deallocate(); fee.deallocate(); marked.deallocate(); longValue.deallocate(); shortValue.deallocate()
    }

    /// `count` elements of `n` (per name) or `T` (per day) as an array, for the result.
    func array(_ p: UnsafeMutablePointer<Double>, count: Int) -> [Double] {
        Array(UnsafeBufferPointer(start: p, count: count))
    }

    private static func copy<E>(_ values: [E]) -> UnsafeMutablePointer<E> {
        let p = UnsafeMutablePointer<E>.allocate(capacity: max(values.count, 1))
        _ = UnsafeMutableBufferPointer(start: p, count: values.count).initialize(from: values)
        return p
    }

    private static func filled(_ value: Double, _ count: Int) -> UnsafeMutablePointer<Double> {
        let p = UnsafeMutablePointer<Double>.allocate(capacity: max(count, 1))
        p.initialize(repeating: value, count: count)
        return p
    }
}
