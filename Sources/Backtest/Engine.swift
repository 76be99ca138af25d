import Basics
import LinearAlgebra
import MarketData

/// Result of one backtest run. Money amounts are in the panel's (base) currency; exposures are fractions of the
/// post-trade NAV of the same day.
public struct BacktestResult: Sendable {
    public var dates: [LocalDate]
    /// NAV at each close after step (d) of the event order; `nav[0]` is the post-cost day-0 NAV.
    public var nav: [Double]
    /// Σ|value| / NAV, Σ value / NAV, Σ long value / NAV, Σ short value / NAV (short ≤ 0), post-trade.
    public var gross: [Double]
    public var net: [Double]
    public var long: [Double]
    public var short: [Double]
    /// Costs, borrow fees and cash interest booked on each day (money; interest positive = received).
    public var dailyCosts: [Double]
    public var dailyBorrow: [Double]
    public var dailyInterest: [Double]
    /// Two-sided traded notional on each day (money).
    public var dailyTraded: [Double]
    /// Day indices of rebalances (including day 0, the initial build).
    public var rebalanceDays: [Int]
    /// Day indices with forced single-name trades only (not counted as rebalances).
    public var forcedTradeDays: [Int]
    /// Σ over trading days after day 0 of (two-sided traded notional ÷ pre-trade NAV).
    public var turnoverSum: Double
    public var initialNAV: Double
    /// The traded universe (schedule tickers) and per-name results.
    public var tickers: [String]
    public var finalShares: [Double]
    public var finalPrices: [Double]
    /// Per-name P&L from price moves (Σ shares held over the day × price change), costs and borrow fees paid.
    public var pricePnL: [Double]
    public var costs: [Double]
    public var borrow: [Double]
    /// Forced trades that happened, in order (date, ticker, reason).
    public var events: [(date: LocalDate, ticker: String, reason: String)]

    public var finalNAV: Double { nav.last ?? initialNAV }
    public var totalCosts: Double { dailyCosts.reduce(0, +) }
    public var totalBorrow: Double { dailyBorrow.reduce(0, +) }
    public var totalInterest: Double { dailyInterest.reduce(0, +) }
    /// Net P&L per name = price P&L − costs − borrow. Σ over names + total interest = finalNAV − initialNAV.
    public var netPnL: [Double] { tickers.indices.map { pricePnL[$0] - costs[$0] - borrow[$0] } }
    /// Weight of each name at the last close (post-trade).
    public var finalWeights: [Double] {
        tickers.indices.map { finalShares[$0] == 0 ? 0 : finalShares[$0] * finalPrices[$0] / finalNAV }
    }
}

/// The daily backtest engine.
///
/// ## Event order on each trading day t of the window (the documented default of issue 6)
/// - (a) t > 0: borrow fee for the holding period on the previous close's short market value:
///   fee = Σ_{shares<0} |shares| × close(t−1) × rate × (calendar days from t−1 to t) / 365, paid from cash.
///   Cash interest (only when `cashRate` ≠ 0) = cash(t−1) × cashRate × days / 365, in the same step.
/// - (b) mark every holding to market at the close of t.
/// - (c) on a rebalance day, trade every name to exactly target weight × the NAV before costs (cash + Σ marked
///   values after (a) and (b)); fractional shares; commission + slippage = (bps sum / 10⁴) × |traded notional|,
///   paid from cash per name, not solved into the trade size. Forced single-name trades (see ``ForcedTrade``)
///   use the same pre-trade NAV.
/// - (d) record NAV = cash + Σ shares × close(t).
/// Day 0 starts from `initialNAV` in cash and is always a rebalance (the initial build); `nav[0]` is after its costs.
///
/// Performance: no allocation inside the day loop; prices are read from the panel's column-major storage.
public enum Backtester {
    /// Days validated (and so brought into cache) per block: 64 days × 500 names ≈ 256 KB, inside L2.
    static let validationBlock = 64
    public static func run(panel: PricePanel, schedule: WeightSchedule, forcedTrades: [ForcedTrade] = [],
                           config: BacktestConfig) throws(BacktestError) -> BacktestResult {
        guard config.initialNAV.isFinite, config.initialNAV > 0 else {
            throw .invalidParameter(name: "initial NAV", value: "\(config.initialNAV)", reason: "must be finite and > 0")
        }
        for (name, v) in [("commission bps", config.commissionBps), ("slippage bps", config.slippageBps),
                          ("borrow rate", config.borrowRate)] where !(v.isFinite && v >= 0) {
            throw .invalidParameter(name: name, value: "\(v)", reason: "must be finite and ≥ 0")
        }
        guard config.cashRate.isFinite else {
            throw .invalidParameter(name: "cash rate", value: "\(config.cashRate)", reason: "must be finite")
        }
        guard !schedule.entries.isEmpty else { throw .emptySchedule }

        // Universe and panel columns.
        var tickers = schedule.tickers
        for f in forcedTrades where !tickers.contains(f.ticker) { tickers.append(f.ticker) }
        var cols: [Int] = []
        cols.reserveCapacity(tickers.count)
        var colOf: [String: Int] = [:]
        for (j, t) in panel.tickers.enumerated() where colOf[t] == nil { colOf[t] = j }
        for t in tickers {
            guard let c = colOf[t] else { throw .tickerNotInPanel(ticker: t, source: nil) }
            cols.append(c)
        }
        for e in schedule.entries {
            for t in e.targets {
                if let w = t.weight, !w.isFinite {
                    throw .invalidParameter(name: "weight of \(t.ticker)", value: "\(w)", reason: "must be finite")
                }
            }
        }

        // Window.
        let allDates = panel.dates
        let lo = config.from.map { f in allDates.firstIndex { $0 >= f } ?? allDates.count } ?? 0
        let hi = config.to.map { t in (allDates.lastIndex { $0 <= t } ?? -1) } ?? (allDates.count - 1)
        guard lo <= hi, lo < allDates.count, hi >= 0 else {
            throw .emptyWindow(from: config.from, to: config.to, panelFirst: allDates.first, panelLast: allDates.last)
        }
        let T = hi - lo + 1
        let n = tickers.count
        let rows = panel.prices.rows
        let dates = Array(allDates[lo...hi])

        // Availability per name, as window day indices [avLo, avHi].
        var avLo = [Int](repeating: 0, count: n)
        var avHi = [Int](repeating: T - 1, count: n)
        for a in 0..<n {
            guard let r = config.availability[tickers[a]] else { continue }
            avLo[a] = dates.firstIndex { $0 >= r.lowerBound } ?? T
            avHi[a] = dates.lastIndex { $0 <= r.upperBound } ?? -1
        }
        // Prices are validated (finite, > 0 inside each name's availability) block by block inside the day loop:
        // the validation pass streams each column over the next block of days (prefetch-friendly), which also
        // brings the block into cache for the sweeps that follow.
        var invalid: BacktestError?

        // Targets per schedule entry: NaN = hold.
        let K = schedule.entries.count
        var targets = [Double](repeating: 0, count: K * n)
        var index: [String: Int] = [:]
        for (a, t) in tickers.enumerated() { index[t] = a }
        for (k, e) in schedule.entries.enumerated() {
            for t in e.targets { targets[k * n + index[t.ticker]!] = t.weight ?? .nan }
        }
        // Day index at which each entry takes effect (first trading day ≥ its date; entries before the window
        // take effect on day 0; a later entry on the same day wins).
        var entryAtDay = [Int](repeating: -1, count: T)   // the entry that becomes effective on day t, if any
        var startEntry = -1
        for (k, e) in schedule.entries.enumerated() {
            if e.date <= dates[0] { startEntry = k; continue }
            if let d = dates.firstIndex(where: { $0 >= e.date }) { entryAtDay[d] = k }
        }
        // Forced trades by day.
        var forcedByDay: [Int: [(a: Int, w: Double, reason: String)]] = [:]
        for f in forcedTrades {
            guard let d = dates.firstIndex(where: { $0 >= f.date }) else { continue }
            forcedByDay[d, default: []].append((index[f.ticker]!, f.weight, f.reason))
        }
        // Availability boundaries inside the window are forced trades too.
        var boundaryEvents: [Int: [(a: Int, enter: Bool)]] = [:]
        for a in 0..<n where avLo[a] <= avHi[a] {
            if avLo[a] > 0 { boundaryEvents[avLo[a], default: []].append((a, true)) }
            if avHi[a] < T - 1 { boundaryEvents[avHi[a], default: []].append((a, false)) }
        }

        // Rule-driven rebalance days (besides day 0).
        var ruleFires = [Bool](repeating: false, count: T)
        switch config.rebalance {
        case .daily: for t in 0..<T { ruleFires[t] = true }
        case .weekly:
            func week(_ d: LocalDate) -> Int { let x = d.daysSinceEpoch + 3; return x >= 0 ? x / 7 : (x - 6) / 7 }
            for t in 1..<max(T, 1) where week(dates[t]) != week(dates[t - 1]) { ruleFires[t] = true }
        case .monthly:
            var prev = dates[0].components
            for t in 1..<max(T, 1) {
                let c = dates[t].components
                if c.month != prev.month || c.year != prev.year { ruleFires[t] = true }
                prev = c
            }
        case .threshold, .never: break
        }
        let threshold: Double? = { if case .threshold(let x) = config.rebalance { return x }; return nil }()

        let rates = tickers.map { config.borrowRates[$0] ?? config.borrowRate }
        let zeroOK = tickers.map { config.derivativeTickers.contains($0) }
        let costRate = config.costRate

        // State and outputs (allocated once).
        var q = [Double](repeating: 0, count: n)
        var override = [Double](repeating: .nan, count: n)
        var pricePnL = [Double](repeating: 0, count: n)
        var costsA = [Double](repeating: 0, count: n)
        var borrowA = [Double](repeating: 0, count: n)
        var nav = [Double](repeating: 0, count: T)
        var gross = nav, net = nav, longE = nav, shortE = nav
        var dCost = nav, dBorrow = nav, dInterest = nav, dTraded = nav
        var rebalanceDays: [Int] = []
        var forcedDays: [Int] = []
        var events: [(date: LocalDate, ticker: String, reason: String)] = []
        var turnoverSum = 0.0
        var cash = config.initialNAV
        var entry = startEntry

        // Candidate days: the only days on which something can trade. Between them shares are constant, so steps
        // (a) and (b) are computed by sweeping each price column over the stretch (contiguous, vectorisable).
        var candidate = [Bool](repeating: threshold != nil, count: T)
        if T > 0 { candidate[0] = true }
        for t in 0..<T where ruleFires[t] || entryAtDay[t] >= 0 { candidate[t] = true }
        for t in forcedByDay.keys { candidate[t] = true }
        for t in boundaryEvents.keys { candidate[t] = true }
        var nextCandidate = [Int](repeating: T - 1, count: T)
        var nc = T - 1
        for t in stride(from: T - 1, through: 0, by: -1) { if candidate[t] { nc = t }; nextCandidate[t] = nc }
        var dtYears = [Double](repeating: 0, count: T)
        for t in 1..<max(T, 1) { dtYears[t] = Double(dates[t - 1].days(to: dates[t])) / 365.0 }
        // Per-day sweep buffers: borrow fee (money), marked value, long value, short value (≤ 0).
        var feeBuf = [Double](repeating: 0, count: T)
        var mvBuf = feeBuf, lvBuf = feeBuf, svBuf = feeBuf

        panel.prices.storage.withUnsafeBufferPointer { pbuf in
            let P = pbuf.baseAddress!
            // Column base offsets (at the window start).
            let colBase: [Int] = cols.map { $0 * rows + lo }
            colBase.withUnsafeBufferPointer { cbp in
            q.withUnsafeMutableBufferPointer { qp in
            rates.withUnsafeBufferPointer { rp in
            pricePnL.withUnsafeMutableBufferPointer { pnl in
            borrowA.withUnsafeMutableBufferPointer { bA in
            avLo.withUnsafeBufferPointer { avL in
            avHi.withUnsafeBufferPointer { avH in
            dtYears.withUnsafeBufferPointer { dty in
            feeBuf.withUnsafeMutableBufferPointer { feeB in
            mvBuf.withUnsafeMutableBufferPointer { mvB in
            lvBuf.withUnsafeMutableBufferPointer { lvB in
            svBuf.withUnsafeMutableBufferPointer { svB in
                /// Steps (a) fee and (b) mark for days s0...s1 with the current (constant) shares.
                func sweep(_ s0: Int, _ s1: Int) {
                    let lvP = lvB.baseAddress!, svP = svB.baseAddress!, feeP = feeB.baseAddress!, mvP = mvB.baseAddress!
                    let dtP = dty.baseAddress!
                    for s in s0...s1 { feeP[s] = 0; lvP[s] = 0; svP[s] = 0 }
                    for a in 0..<n {
                        let qa = qp[a]
                        if qa == 0 { continue }
                        let c = UnsafePointer(P + cbp[a])
                        // (b) marks; price P&L telescopes over the stretch.
                        if qa > 0 {
                            for s in s0...s1 { lvP[s] += qa * c[s] }
                        } else {
                            for s in s0...s1 { svP[s] += qa * c[s] }
                            // (a) borrow on the previous close's short value.
                            let k = -qa * rp[a]
                            let f0 = max(s0, 1)
                            if k != 0 && f0 <= s1 {
                                // fee[s] += k · close[s−1] · dt[s]; the per-name total via a 4-lane accumulator.
                                var acc = SIMD4<Double>(repeating: 0)
                                var s = f0
                                let cr = UnsafeRawPointer(c), dr = UnsafeRawPointer(dtP), fr = UnsafeMutableRawPointer(feeP)
                                while s + 4 <= s1 + 1 {
                                    let f = k * cr.loadUnaligned(fromByteOffset: (s - 1) * 8, as: SIMD4<Double>.self)
                                        * dr.loadUnaligned(fromByteOffset: s * 8, as: SIMD4<Double>.self)
                                    let old = fr.loadUnaligned(fromByteOffset: s * 8, as: SIMD4<Double>.self)
                                    fr.storeBytes(of: old + f, toByteOffset: s * 8, as: SIMD4<Double>.self)
                                    acc += f
                                    s += 4
                                }
                                var tot = acc.sum()
                                while s <= s1 {
                                    let f = k * c[s - 1] * dtP[s]
                                    feeP[s] += f
                                    tot += f
                                    s += 1
                                }
                                bA[a] += tot
                            }
                        }
                        if s0 > 0 { pnl[a] += qa * (c[s1] - c[s0 - 1]) }
                    }
                    for s in s0...s1 { mvP[s] = lvP[s] + svP[s] }
                }
                var validatedThrough = -1
                /// Checks rows validatedThrough+1 ... upTo of every column (inside availability).
                func validate(upTo: Int) -> Bool {
                    let v0 = validatedThrough + 1
                    let v1 = min(T - 1, max(upTo, validatedThrough + Backtester.validationBlock))
                    for a in 0..<n {
                        let lo = max(v0, avL[a]), hi = min(v1, avH[a])
                        if lo > hi { continue }
                        let c = P + cbp[a]
                        // Branch-free SIMD scan: the minimum catches ≤ 0 (and −inf), the sum catches NaN and ±inf.
                        var vmin = SIMD4<Double>(repeating: .infinity), vsum = SIMD4<Double>(repeating: 0)
                        var s = lo
                        let raw = UnsafeRawPointer(c)
                        while s + 4 <= hi + 1 {
                            let v = raw.loadUnaligned(fromByteOffset: s * 8, as: SIMD4<Double>.self)
                            vmin.replace(with: v, where: v .< vmin)
                            vsum += v
                            s += 4
                        }
                        var mn = vmin.min(), sum = vsum.sum()
                        while s <= hi { mn = min(mn, c[s]); sum += c[s]; s += 1 }
                        let ok = sum.isFinite && (zeroOK[a] ? mn >= 0 : mn > 0)
                        if !ok {
                            let s = (lo...hi).first { !((c[$0] > 0 || (zeroOK[a] && c[$0] == 0)) && c[$0] < .infinity) }!
                            invalid = .nonPositivePrice(ticker: tickers[a], date: dates[s], value: c[s])
                            return false
                        }
                    }
                    validatedThrough = v1
                    return true
                }
                var sweptThrough = -1
                for t in 0..<T {
                    if t > sweptThrough {
                        sweptThrough = nextCandidate[t]
                        if sweptThrough > validatedThrough && !validate(upTo: sweptThrough) { return }
                        sweep(t, sweptThrough)
                    }
                    // (a) borrow fees (and optional cash interest) for the holding period.
                    if t > 0 {
                        let fee = feeB[t]
                        let interest = config.cashRate == 0 ? 0 : cash * config.cashRate * dty[t]
                        cash += interest - fee
                        dBorrow[t] = fee
                        dInterest[t] = interest
                    }
                    // (b) mark to market.
                    var mv = mvB[t], lv = lvB[t], sv = svB[t]
                    let navPre = cash + mv
                    if !candidate[t] {
                        nav[t] = navPre
                        gross[t] = (lv - sv) / navPre
                        net[t] = (lv + sv) / navPre
                        longE[t] = lv / navPre
                        shortE[t] = sv / navPre
                        continue
                    }

                    // Which schedule entry is in force; is today a rebalance day?
                    var rebalance = t == 0 || ruleFires[t]
                    if entryAtDay[t] >= 0 {
                        entry = entryAtDay[t]
                        rebalance = true
                        for a in 0..<n { override[a] = .nan }
                    }
                    @inline(__always) func target(_ a: Int) -> Double {
                        if t < avL[a] || t > avH[a] || entry < 0 { return 0 }
                        let o = override[a]
                        return o.isNaN ? targets[entry * n + a] : o
                    }
                    if !rebalance, let thr = threshold, navPre > 0 {
                        for a in 0..<n where t >= avL[a] && t <= avH[a] {
                            let w = target(a)
                            if w.isNaN { continue }
                            let cur = qp[a] == 0 ? 0 : qp[a] * P[cbp[a] + t] / navPre
                            if abs(cur - w) > thr { rebalance = true; break }
                        }
                    }

                    // (c) trades at the pre-trade NAV.
                    var traded = 0.0, cost = 0.0
                    var anyTrade = false
                    @inline(__always) func trade(_ a: Int, to w: Double) {
                        let old = qp[a]
                        if w == 0 && old == 0 { return }
                        let pr = P[cbp[a] + t]
                        if pr == 0 && w != 0 { return }   // nothing to buy at a zero price (expired option)
                        let newq = w == 0 ? 0 : w * navPre / pr
                        let notional = (newq - old) * pr
                        let c = abs(notional) * costRate
                        cash -= notional + c
                        costsA[a] += c
                        traded += abs(notional)
                        cost += c
                        qp[a] = newq
                        anyTrade = true
                    }
                    if rebalance {
                        for a in 0..<n {
                            let w = target(a)
                            if w.isNaN { continue }
                            if t < avL[a] || t > avH[a] { continue }
                            trade(a, to: w)
                        }
                        rebalanceDays.append(t)
                    }
                    if let bes = boundaryEvents[t] {
                        for (a, enter) in bes {
                            if enter {
                                let w = target(a)
                                if !rebalance && !w.isNaN && w != 0 {
                                    trade(a, to: w)
                                    events.append((dates[t], tickers[a], "data starts: enter at target"))
                                }
                            } else if qp[a] != 0 {
                                trade(a, to: 0)
                                events.append((dates[t], tickers[a], "data ends: sold at last close"))
                            }
                        }
                    }
                    if let fs = forcedByDay[t] {
                        for (a, w, reason) in fs {
                            if t < avL[a] || t > avH[a] { continue }
                            trade(a, to: w)
                            if !targets[max(entry, 0) * n + a].isNaN { override[a] = w }
                            events.append((dates[t], tickers[a], reason))
                        }
                    }
                    if anyTrade && !rebalance { forcedDays.append(t) }
                    if t > 0 && navPre > 0 { turnoverSum += traded / navPre }

                    // (d) record NAV (post-trade exposures when something traded).
                    if anyTrade {
                        mv = 0; lv = 0; sv = 0
                        for a in 0..<n {
                            let qa = qp[a]
                            if qa == 0 { continue }
                            let v = qa * P[cbp[a] + t]
                            mv += v
                            if v > 0 { lv += v } else { sv += v }
                        }
                    }
                    let navT = cash + mv
                    nav[t] = navT
                    gross[t] = (lv - sv) / navT
                    net[t] = (lv + sv) / navT
                    longE[t] = lv / navT
                    shortE[t] = sv / navT
                    dCost[t] = cost
                    dTraded[t] = traded
                }
            }}}}}}}}}}}}
        }
        if let e = invalid { throw e }
        let finalPrices: [Double] = (0..<n).map { a in
            let t = min(max(avHi[a], 0), T - 1)
            return panel.prices.storage[cols[a] * rows + lo + t]
        }
        return BacktestResult(
            dates: dates, nav: nav, gross: gross, net: net, long: longE, short: shortE,
            dailyCosts: dCost, dailyBorrow: dBorrow, dailyInterest: dInterest, dailyTraded: dTraded,
            rebalanceDays: rebalanceDays, forcedTradeDays: forcedDays, turnoverSum: turnoverSum,
            initialNAV: config.initialNAV, tickers: tickers, finalShares: q, finalPrices: finalPrices,
            pricePnL: pricePnL, costs: costsA, borrow: borrowA, events: events)
    }
}
