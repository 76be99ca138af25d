/// The final report of a run: the daily series, the per-name results and the price each name ended at.
extension DayLoop {
    /// Builds the ``BacktestResult`` after ``run()``. The final price of a name is its close on its last available
    /// day (the window's first day when it never had data).
    func result(initialNAV: Double) -> BacktestResult {
        let n = plan.n, T = plan.T
        let avH = buffers.availableThrough, cbp = buffers.colBase, P = self.P
        let finalPrices: [Double] = (0..<n).map { a in
            let t = min(max(avH[a], 0), T - 1)
            return P[cbp[a] + t]
        }
        return BacktestResult(
            dates: dates, nav: series.nav, gross: series.gross, net: series.net, long: series.long, short: series.short,
            dailyCosts: series.costs, dailyBorrow: series.borrow, dailyInterest: series.interest,
            dailyTraded: series.traded, rebalanceDays: rebalanceDays, forcedTradeDays: forcedDays,
            turnoverSum: turnoverSum, initialNAV: initialNAV, tickers: tickers,
            finalShares: buffers.array(buffers.shares, count: n), finalPrices: finalPrices,
            pricePnL: buffers.array(buffers.pricePnL, count: n), costs: buffers.array(buffers.costs, count: n),
            borrow: buffers.array(buffers.borrow, count: n), events: events)
    }
}
