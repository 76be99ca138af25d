/// Step (c) of a candidate day: which schedule entry is in force, whether the rebalance rule fires, and the trades
/// (rebalance, availability boundaries, forced trades), all at the pre-trade NAV of the day.
extension DayLoop {
    /// (c) every trade of candidate day t; accumulates `traded`, `cost`, `anyTrade` for step (d).
    @inline(__always)
    mutating func tradeDay(_ t: Int, navPre: Double) {
        let rebalance = isRebalanceDay(t, navPre: navPre)
        traded = 0
        cost = 0
        anyTrade = false
        if rebalance {
            rebalanceToTargets(t, navPre: navPre)
            rebalanceDays.append(t)
        }
        tradeAvailabilityBoundaries(t, navPre: navPre, rebalance: rebalance)
        tradeForced(t, navPre: navPre)
        if anyTrade && !rebalance { forcedDays.append(t) }
        if t > 0 && navPre > 0 { turnoverSum += traded / navPre }
    }

    /// Switches to the schedule entry starting on day t (clearing forced-trade overrides); true when day t is a
    /// rebalance day: day 0, a rule day, an entry's first day, or (threshold rule) some available name's weight
    /// at the close is further than the threshold from its target.
    @inline(__always)
    mutating func isRebalanceDay(_ t: Int, navPre: Double) -> Bool {
        let n = plan.n
        var rebalance = t == 0 || plan.ruleFires[t]
        if plan.entryAtDay[t] >= 0 {
            entry = plan.entryAtDay[t]
            rebalance = true
            let override = buffers.override
            for a in 0..<n { override[a] = .nan }
        }
        if !rebalance, let thr = plan.threshold, navPre > 0 {
            let avL = buffers.availableFrom, avH = buffers.availableThrough
            let qp = buffers.shares, cbp = buffers.colBase
            for a in 0..<n where t >= avL[a] && t <= avH[a] {
                let w = target(a, on: t)
                if w.isNaN { continue }
                let cur = qp[a] == 0 ? 0 : qp[a] * P[cbp[a] + t] / navPre
                if abs(cur - w) > thr { rebalance = true; break }
            }
        }
        return rebalance
    }

    /// Target weight of name a on day t: 0 outside its availability or before the first entry; else the forced
    /// trade's override, else the entry's target (NaN = hold).
    @inline(__always)
    func target(_ a: Int, on t: Int) -> Double {
        if t < buffers.availableFrom[a] || t > buffers.availableThrough[a] || entry < 0 { return 0 }
        let o = buffers.override[a]
        return o.isNaN ? plan.targets[entry * plan.n + a] : o
    }

    /// Trades name a to weight w × the pre-trade NAV at day t's close (0 = close the position). Costs =
    /// costRate × |traded notional|, paid from cash. Nothing is bought at a zero price (an expired option).
    @inline(__always)
    mutating func trade(_ a: Int, to w: Double, on t: Int, navPre: Double) {
        let qp = buffers.shares
        let old = qp[a]
        if w == 0 && old == 0 { return }
        let pr = P[buffers.colBase[a] + t]
        if pr == 0 && w != 0 { return }   // nothing to buy at a zero price (expired option)
        let newq = w == 0 ? 0 : w * navPre / pr
        let notional = (newq - old) * pr
        let c = abs(notional) * costRate
        cash -= notional + c
        buffers.costs[a] += c
        traded += abs(notional)
        cost += c
        qp[a] = newq
        anyTrade = true
    }

    /// Rebalance: every available name with a target (not NaN, hold) to its target weight.
    @inline(__always)
    mutating func rebalanceToTargets(_ t: Int, navPre: Double) {
        let avL = buffers.availableFrom, avH = buffers.availableThrough
        for a in 0..<plan.n {
            let w = target(a, on: t)
            if w.isNaN { continue }
            if t < avL[a] || t > avH[a] { continue }
            trade(a, to: w, on: t, navPre: navPre)
        }
    }

    /// A name whose data starts today is bought at target (unless today's rebalance already did); a name whose data
    /// ends today is sold at this close. Both are reported as events.
    @inline(__always)
    mutating func tradeAvailabilityBoundaries(_ t: Int, navPre: Double, rebalance: Bool) {
        guard let bes = plan.boundaryEvents[t] else { return }
        for (a, enter) in bes {
            if enter {
                let w = target(a, on: t)
                if !rebalance && !w.isNaN && w != 0 {
                    trade(a, to: w, on: t, navPre: navPre)
                    events.append((dates[t], tickers[a], "data starts: enter at target"))
                }
            } else if buffers.shares[a] != 0 {
                trade(a, to: 0, on: t, navPre: navPre)
                events.append((dates[t], tickers[a], "data ends: sold at last close"))
            }
        }
    }

    /// Forced single-name trades of day t (inside the name's availability), in the order given. The forced weight
    /// overrides the name's target until the next schedule entry, unless the name is held (NaN target).
    @inline(__always)
    mutating func tradeForced(_ t: Int, navPre: Double) {
        guard let fs = plan.forcedByDay[t] else { return }
        let avL = buffers.availableFrom, avH = buffers.availableThrough
        for (a, w, reason) in fs {
            if t < avL[a] || t > avH[a] { continue }
            trade(a, to: w, on: t, navPre: navPre)
            if !plan.targets[max(entry, 0) * plan.n + a].isNaN { buffers.override[a] = w }
            events.append((dates[t], tickers[a], reason))
        }
    }
}
