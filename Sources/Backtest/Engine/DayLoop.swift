import Basics

/// The daily series a run records, one entry per trading day (see ``BacktestResult``).
struct DailySeries {
    var nav: [Double]
    var gross: [Double]
    var net: [Double]
    var long: [Double]
    var short: [Double]
    var costs: [Double]
    var borrow: [Double]
    var interest: [Double]
    var traded: [Double]

    init(days T: Int) {
        nav = [Double](repeating: 0, count: T)
        gross = nav; net = nav; long = nav; short = nav
        costs = nav; borrow = nav; interest = nav; traded = nav
    }

    /// (d) NAV and exposures of day t from the end-of-day long value (≥ 0) and short value (≤ 0).
    @inline(__always)
    mutating func record(_ t: Int, nav navT: Double, long lv: Double, short sv: Double) {
        nav[t] = navT
        gross[t] = (lv - sv) / navT
        net[t] = (lv + sv) / navT
        long[t] = lv / navT
        short[t] = sv / navT
    }
}

/// One run of the event loop over the window's trading days (the event order is documented on ``Backtester``).
///
/// Days between candidate days (see ``DayPlan``) only accrue (a) and mark (b): their fees and marks come from one
/// sweep per stretch (``EngineBuffers/sweep(_:_:prices:)``). Candidate days also trade (c), in `Trading.swift`.
struct DayLoop: ~Copyable {
    /// The panel's column-major price storage (the window starts at `buffers.colBase[a]` for name a).
    let P: UnsafePointer<Double>
    let plan: DayPlan
    let tickers: [String]
    let dates: [LocalDate]
    /// Cost per unit of traded notional, and the annual interest rate on cash.
    let costRate: Double
    let cashRate: Double
    let buffers: EngineBuffers

    var cash: Double
    /// The schedule entry in force (−1 = none yet).
    var entry: Int
    /// Last day whose prices were checked, and last day swept with the current shares.
    var validatedThrough = -1
    var sweptThrough = -1
    /// Today's two-sided traded notional and costs (money), and whether anything traded (reset each candidate day).
    var traded = 0.0
    var cost = 0.0
    var anyTrade = false

    var series: DailySeries
    var rebalanceDays: [Int] = []
    var forcedDays: [Int] = []
    var events: [(date: LocalDate, ticker: String, reason: String)] = []
    var turnoverSum = 0.0

    init(prices: UnsafePointer<Double>, rows: Int, universe: Universe, window: Window, plan: DayPlan,
         config: BacktestConfig) {
        P = prices
        self.plan = plan
        tickers = universe.tickers
        dates = window.dates
        costRate = config.costRate
        cashRate = config.cashRate
        buffers = EngineBuffers(plan: plan, universe: universe, window: window, rows: rows)
        cash = config.initialNAV
        entry = plan.startEntry
        series = DailySeries(days: plan.T)
    }

    /// Runs every day of the window in order.
    /// - Throws: ``BacktestError/nonPositivePrice(ticker:date:value:)`` for the first invalid price met.
    mutating func run() throws(BacktestError) {
        for t in 0..<plan.T {
            if t > sweptThrough { try sweepAhead(from: t) }
            if t > 0 { accrue(t) }
            // (b) mark to market (the sweep's marks for the shares held since the last candidate day).
            let navPre = cash + buffers.marked[t]
            if !plan.candidate[t] {
                series.record(t, nav: navPre, long: buffers.longValue[t], short: buffers.shortValue[t])
                continue
            }
            tradeDay(t, navPre: navPre)
            recordAfterTrades(t)
        }
    }

    /// Checks prices ahead of day t if needed, then computes (a) fees and (b) marks through the next candidate day.
    @inline(__always)
    mutating func sweepAhead(from t: Int) throws(BacktestError) {
        sweptThrough = plan.nextCandidate[t]
        if sweptThrough > validatedThrough { try validatePrices(upTo: sweptThrough) }
        buffers.sweep(t, sweptThrough, prices: P)
    }

    /// (a) borrow fees (and optional cash interest) for the holding period ending on day t > 0.
    @inline(__always)
    mutating func accrue(_ t: Int) {
        let fee = buffers.fee[t]
        let interest = cashRate == 0 ? 0 : cash * cashRate * buffers.dtYears[t]
        cash += interest - fee
        series.borrow[t] = fee
        series.interest[t] = interest
    }

    /// (d) record NAV on a candidate day: post-trade exposures when something traded, else the sweep's marks.
    @inline(__always)
    mutating func recordAfterTrades(_ t: Int) {
        var mv = buffers.marked[t], lv = buffers.longValue[t], sv = buffers.shortValue[t]
        if anyTrade {
            mv = 0; lv = 0; sv = 0
            let qp = buffers.shares, cbp = buffers.colBase
            for a in 0..<plan.n {
                let qa = qp[a]
                if qa == 0 { continue }
                let v = qa * P[cbp[a] + t]
                mv += v
                if v > 0 { lv += v } else { sv += v }
            }
        }
        series.record(t, nav: cash + mv, long: lv, short: sv)
        series.costs[t] = cost
        series.traded[t] = traded
    }
}
