import Basics

/// Everything the day loop needs that is known before the first day: per-name availability, rates and targets,
/// and per-day schedule changes, forced trades, availability boundaries, rule-driven rebalances and holding
/// periods. Built once per run; the loop only reads it.
struct DayPlan {
    /// Number of names and of trading days.
    let n: Int
    let T: Int
    /// Availability of each name as window day indices [availableFrom, availableThrough] (empty when from > through).
    let availableFrom: [Int]
    let availableThrough: [Int]
    /// Target weight of name a under schedule entry k at `targets[k * n + a]`; NaN = hold.
    let targets: [Double]
    /// The entry in force on day 0 (the last one dated on or before it), −1 = none (all cash until one starts).
    let startEntry: Int
    /// The entry that becomes effective on day t, −1 = none.
    let entryAtDay: [Int]
    /// Forced single-name trades by day, in the order given: (name, target weight, reason).
    let forcedByDay: [Int: [(a: Int, w: Double, reason: String)]]
    /// Availability boundaries inside the window by day: a name entering (its first day) or leaving (its last day).
    let boundaryEvents: [Int: [(a: Int, enter: Bool)]]
    /// Days on which the rebalance rule fires (besides day 0).
    let ruleFires: [Bool]
    /// The drift limit of a `.threshold` rule; nil for every other rule.
    let threshold: Double?
    /// Days on which something can trade; between them shares are constant.
    let candidate: [Bool]
    /// The first candidate day ≥ t (T − 1 when none): the end of the stretch swept from t.
    let nextCandidate: [Int]
    /// Holding period from day t − 1 to day t in years (calendar days / 365); 0 on day 0.
    let dtYears: [Double]
    /// Annual borrow rate of each name (its override, else the default).
    let borrowRates: [Double]
    /// Names whose price may be 0 (options at intrinsic).
    let zeroPriceAllowed: [Bool]

    init(universe: Universe, window: Window, schedule: WeightSchedule, forcedTrades: [ForcedTrade],
         config: BacktestConfig) {
        let n = universe.count, T = window.count
        let dates = window.dates
        self.n = n
        self.T = T
        (availableFrom, availableThrough) = Self.availability(universe.tickers, dates: dates, config: config)
        targets = Self.targetMatrix(schedule, index: universe.index, n: n)
        (startEntry, entryAtDay) = Self.entryDays(schedule, dates: dates)
        forcedByDay = Self.forcedTradesByDay(forcedTrades, dates: dates, index: universe.index)
        boundaryEvents = Self.boundaryEvents(from: availableFrom, through: availableThrough, T: T)
        ruleFires = Self.ruleDays(config.rebalance, dates: dates)
        threshold = { if case .threshold(let x) = config.rebalance { return x }; return nil }()
        (candidate, nextCandidate) = Self.candidateDays(T: T, threshold: threshold, ruleFires: ruleFires,
                                                        entryAtDay: entryAtDay, forcedDays: forcedByDay.keys,
                                                        boundaryDays: boundaryEvents.keys)
        dtYears = Self.holdingPeriods(dates)
        borrowRates = universe.tickers.map { config.borrowRates[$0] ?? config.borrowRate }
        zeroPriceAllowed = universe.tickers.map { config.derivativeTickers.contains($0) }
    }

    /// Window day indices of each name's availability (`config.availability`; the whole window when absent).
    static func availability(_ tickers: [String], dates: [LocalDate], config: BacktestConfig) -> ([Int], [Int]) {
        let n = tickers.count, T = dates.count
        var avLo = [Int](repeating: 0, count: n)
        var avHi = [Int](repeating: T - 1, count: n)
        for a in 0..<n {
            guard let r = config.availability[tickers[a]] else { continue }
            avLo[a] = dates.firstIndex { $0 >= r.lowerBound } ?? T
            avHi[a] = dates.lastIndex { $0 <= r.upperBound } ?? -1
        }
        return (avLo, avHi)
    }

    /// Targets per schedule entry (K × n, entry-major); a name absent from an entry has target 0, `nil` → NaN (hold).
    static func targetMatrix(_ schedule: WeightSchedule, index: [String: Int], n: Int) -> [Double] {
        let K = schedule.entries.count
        var targets = [Double](repeating: 0, count: K * n)
        for (k, e) in schedule.entries.enumerated() {
            for t in e.targets { targets[k * n + index[t.ticker]!] = t.weight ?? .nan }
        }
        return targets
    }

    /// Day index at which each entry takes effect (first trading day ≥ its date; entries before the window
    /// take effect on day 0; a later entry on the same day wins).
    static func entryDays(_ schedule: WeightSchedule, dates: [LocalDate]) -> (startEntry: Int, entryAtDay: [Int]) {
        var entryAtDay = [Int](repeating: -1, count: dates.count)
        var startEntry = -1
        for (k, e) in schedule.entries.enumerated() {
            if e.date <= dates[0] { startEntry = k; continue }
            if let d = dates.firstIndex(where: { $0 >= e.date }) { entryAtDay[d] = k }
        }
        return (startEntry, entryAtDay)
    }

    /// Forced trades on the first trading day ≥ their date (dropped when after the window).
    static func forcedTradesByDay(_ forcedTrades: [ForcedTrade], dates: [LocalDate],
                                  index: [String: Int]) -> [Int: [(a: Int, w: Double, reason: String)]] {
        var forcedByDay: [Int: [(a: Int, w: Double, reason: String)]] = [:]
        for f in forcedTrades {
            guard let d = dates.firstIndex(where: { $0 >= f.date }) else { continue }
            forcedByDay[d, default: []].append((index[f.ticker]!, f.weight, f.reason))
        }
        return forcedByDay
    }

    /// Availability boundaries inside the window are forced trades too: enter on the first day with data (when
    /// after day 0), leave on the last (when before the last day).
    static func boundaryEvents(from avLo: [Int], through avHi: [Int], T: Int) -> [Int: [(a: Int, enter: Bool)]] {
        var boundaryEvents: [Int: [(a: Int, enter: Bool)]] = [:]
        for a in 0..<avLo.count where avLo[a] <= avHi[a] {
            if avLo[a] > 0 { boundaryEvents[avLo[a], default: []].append((a, true)) }
            if avHi[a] < T - 1 { boundaryEvents[avHi[a], default: []].append((a, false)) }
        }
        return boundaryEvents
    }

    /// Rule-driven rebalance days besides day 0: every day, the first day of each ISO week (Monday-based) or of
    /// each calendar month; none for `.threshold` (decided on the day) and `.never`.
    static func ruleDays(_ rule: RebalanceRule, dates: [LocalDate]) -> [Bool] {
        let T = dates.count
        var ruleFires = [Bool](repeating: false, count: T)
        switch rule {
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
        return ruleFires
    }

    /// Candidate days: the only days on which something can trade (day 0, rule days, schedule entries, forced
    /// trades, availability boundaries; every day under a threshold rule). Between them shares are constant, so
    /// steps (a) and (b) are computed by sweeping each price column over the stretch (contiguous, vectorisable).
    static func candidateDays<F: Sequence<Int>, B: Sequence<Int>>(
        T: Int, threshold: Double?, ruleFires: [Bool], entryAtDay: [Int], forcedDays: F, boundaryDays: B
    ) -> (candidate: [Bool], nextCandidate: [Int]) {
        var candidate = [Bool](repeating: threshold != nil, count: T)
        if T > 0 { candidate[0] = true }
        for t in 0..<T where ruleFires[t] || entryAtDay[t] >= 0 { candidate[t] = true }
        for t in forcedDays { candidate[t] = true }
        for t in boundaryDays { candidate[t] = true }
        var nextCandidate = [Int](repeating: T - 1, count: T)
        var nc = T - 1
        for t in stride(from: T - 1, through: 0, by: -1) { if candidate[t] { nc = t }; nextCandidate[t] = nc }
        return (candidate, nextCandidate)
    }

    /// Calendar days from day t − 1 to day t ÷ 365 (ACT/365), 0 on day 0.
    static func holdingPeriods(_ dates: [LocalDate]) -> [Double] {
        let T = dates.count
        var dtYears = [Double](repeating: 0, count: T)
        for t in 1..<max(T, 1) { dtYears[t] = Double(dates[t - 1].days(to: dates[t])) / 365.0 }
        return dtYears
    }
}
