import Basics
import Instruments

/// What the replay decided for a pair before the run: when it entered, whether and why it exits, and its spread
/// at the exit (or at the end).
struct PairPlan {
    var pair: PairTrade
    /// Leg position ids (long legs, then short legs).
    var legs: [String]
    /// Calendar index of the first day all legs trade (nil = never: the pair stays in cash).
    var entry: Int?
    var exit: Int?
    var reason: String?
    var spread: Double?
}

/// Pair exit rules (price-only, so known before the run).
///
/// Policy: spread since entry = mean(long-leg price relatives) ÷ mean(short-leg price relatives) − 1; on the first
/// close with spread ≥ the pair's `spreadTarget` (when `pairExit`) or ≤ −`pairStop`, every leg is sold at that
/// close (forced trades to 0) and the pair stays out (no re-entry). An exit on the last traded day is no exit.
/// Pairs with an option leg have no exit rule.
extension BookReplay {
    /// The plan of every pair of the book (in book order); exits become forced trades in `columns`.
    static func planPairExits(_ book: Book, options: BookReplayOptions, range: TradingDays, calendar: [LocalDate],
                              columns: inout ReplayColumns, notes: inout [String]) -> [PairPlan] {
        var plans: [PairPlan] = []
        for pair in book.pairs {
            let legs = pair.allLegs.map(\.position)
            let hasOption = legs.contains { book.position($0)?.kind == .option }
            guard let r = range[legs[0]], legs.allSatisfy({ range[$0] != nil }) else {
                plans.append(PairPlan(pair: pair, legs: legs, entry: nil, exit: nil, reason: nil, spread: nil))
                continue
            }
            if hasOption {
                plans.append(PairPlan(pair: pair, legs: legs, entry: r.lowerBound, exit: nil, reason: nil, spread: nil))
                notes.append("pair \(pair.id): has an option leg; no spread exit rule")
                continue
            }
            let longIdx = pair.longLegs.compactMap { l in columns.names.firstIndex(of: l.position) }
            let shortIdx = pair.shortLegs.compactMap { l in columns.names.firstIndex(of: l.position) }
            let values = columns.values
            var (exit, reason) = firstExit(pair, options: options, long: longIdx, short: shortIdx, values: values, days: r)
            if let e = exit, e < r.upperBound {
                for l in legs {
                    columns.forced.append(ForcedTrade(date: calendar[e], ticker: l, weight: 0, reason: "pair \(pair.id) exit: \(reason!)"))
                }
            } else {
                exit = nil; reason = nil
            }
            let spreadEnd = longIdx.isEmpty || shortIdx.isEmpty
                ? nil : spread(exit ?? r.upperBound, long: longIdx, short: shortIdx, values: values, entry: r.lowerBound)
            plans.append(PairPlan(pair: pair, legs: legs, entry: r.lowerBound, exit: exit, reason: reason, spread: spreadEnd))
        }
        return plans
    }

    /// The first day after entry on which the spread reaches the target (when `pairExit`) or the stop, and why.
    static func firstExit(_ pair: PairTrade, options: BookReplayOptions, long longIdx: [Int], short shortIdx: [Int],
                          values: [[Double]], days r: ClosedRange<Int>) -> (exit: Int?, reason: String?) {
        guard !longIdx.isEmpty && !shortIdx.isEmpty && r.lowerBound < r.upperBound else { return (nil, nil) }
        for t in (r.lowerBound + 1)...r.upperBound {
            let sp = spread(t, long: longIdx, short: shortIdx, values: values, entry: r.lowerBound)
            if options.pairExit, let target = pair.spreadTarget, sp >= target {
                return (t, "spread target \(fmtPct(target)) reached")
            }
            if let stop = options.pairStop, sp <= -stop {
                return (t, "stop at −\(fmtPct(stop)) hit")
            }
        }
        return (nil, nil)
    }

    /// Spread on day t since the entry day: mean long-leg price relative ÷ mean short-leg price relative − 1.
    @inline(__always)
    static func spread(_ t: Int, long longIdx: [Int], short shortIdx: [Int], values columns: [[Double]], entry: Int) -> Double {
        var a = 0.0, b = 0.0
        for i in longIdx { a += columns[i][t] / columns[i][entry] }
        for i in shortIdx { b += columns[i][t] / columns[i][entry] }
        return (a / Double(longIdx.count)) / (b / Double(shortIdx.count)) - 1
    }
}
