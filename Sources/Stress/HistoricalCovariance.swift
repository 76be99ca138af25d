import Basics
import Foundation
import LinearAlgebra
import MarketData
import Scenarios

extension StressCovariance {
    /// The propagation covariance from history: weekly (5-trading-day, non-overlapping, counted back from the last
    /// common date) log returns over the 3 years (1,095 calendar days) before the last common date of the usable
    /// histories. Excluded with a warning: ids without history, histories ending more than 365 days before `asOf`,
    /// and histories starting more than 30 days after the window start.
    /// - Returns: the covariance and the warnings (one sentence each).
    public static func historical(history: any PriceHistorySource, ids: [String], asOf: LocalDate) throws -> (StressCovariance, [String]) {
        var found: [String: PriceSeries] = [:]
        for id in ids { if let s = try history.series(id, field: .adjustedClose) { found[id] = s } }
        var warnings: [String] = []
        let missing = ids.filter { found[$0] == nil }
        if !missing.isEmpty { warnings.append("no price history for \(missing.joined(separator: ", ")) in \(history.summary): not in the covariance") }
        let stale = ids.filter { found[$0].map { ($0.dates.last ?? asOf) < asOf.adding(days: -365) } ?? false }
        if !stale.isEmpty { warnings.append("price history of \(stale.joined(separator: ", ")) ends more than a year before \(asOf): not in the covariance") }
        var kept = ids.filter { found[$0] != nil && !stale.contains($0) }
        guard let end = kept.compactMap({ found[$0]?.dates.last }).min() else {
            throw StressError.covariance("no usable price history in \(history.summary)")
        }
        let start = end.adding(days: -1095)
        let short = kept.filter { (found[$0]!.dates.first ?? end) > start.adding(days: 30) }
        if !short.isEmpty { warnings.append("price history of \(short.joined(separator: ", ")) starts after \(start): too short, not in the covariance") }
        kept = kept.filter { !short.contains($0) }
        let (panel, _) = try PriceAlignment.align(kept.map { found[$0]! }, policy: .forwardFill(maxGap: 5))
        let rows = panel.dates.indices.filter { panel.dates[$0] >= start && panel.dates[$0] <= end }
        guard let last = rows.last, let first = rows.first else { throw StressError.covariance("no common dates in the window \(start)…\(end)") }
        var sample: [Int] = []
        var i = last
        while i >= first { sample.append(i); i -= 5 }
        sample.reverse()
        let t = sample.count - 1
        var r = Matrix(rows: max(t, 0), cols: kept.count)
        for j in 0..<kept.count {
            for k in 0..<t { r[k, j] = Foundation.log(panel.prices[sample[k + 1], j] / panel.prices[sample[k], j]) }
        }
        let cov = try StressCovariance.sample(
            returns: r, ids: kept,
            source: "weekly log returns \(panel.dates[sample[0]])…\(panel.dates[last]) (\(t) weeks, \(kept.count) names) from \(history.summary)")
        return (cov, warnings)
    }

    /// Held instruments plus every instrument a scenario names (factors such as SPY): the ids a covariance needs.
    public static func universe(engine: StressEngine, scenarios: [Scenario]) -> [String] {
        var ids = engine.instruments
        for s in scenarios {
            for sh in s.spotShocks { if case .instrument(let i) = sh.target, !ids.contains(i) { ids.append(i) } }
            if case .beta(let bm) = s.propagation, !ids.contains(bm) { ids.append(bm) }
        }
        return ids
    }
}
