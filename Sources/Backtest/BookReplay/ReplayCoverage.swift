import Basics

/// How much of the book a replay could trade: the figure a headline return needs next to it.
///
/// A position is replayed on a day when one of its columns (the position id for stock, `ID#k` for option generations)
/// has data that day (``BacktestConfig/availability``); otherwise its target weight sits in cash. Weights are the
/// book's |value| ÷ NAV (fractions), as the caller gives them.
public struct ReplayCoverage: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var id: String
        public var weight: Double
    }
    /// Positions with no traded day in the window.
    public var neverReplayed: [Line]
    /// Σ weight of ``neverReplayed`` (fraction of NAV).
    public var neverReplayedWeight: Double
    /// Average over the run's days of Σ weight of positions not trading that day (fraction of NAV).
    public var averageNotReplayed: Double
    /// Pairs that never entered a position in the window.
    public var pairsNeverTraded: [String]
}

extension BacktestReport {
    /// The coverage of this replay for positions of the given weights (|value| ÷ NAV).
    public func coverage(weights: [(id: String, weight: Double)]) -> ReplayCoverage {
        let dates = result.dates
        var ranges: [String: [ClosedRange<LocalDate>]] = [:]
        for (column, range) in config.availability {
            let id = column.split(separator: "#", maxSplits: 1).first.map(String.init) ?? column
            ranges[id, default: []].append(range)
        }
        var never: [ReplayCoverage.Line] = []
        var missingWeightDays = 0.0
        for (id, w) in weights {
            let rs = ranges[id] ?? []
            let days = dates.filter { d in rs.contains { $0.contains(d) } }.count
            if days == 0 { never.append(.init(id: id, weight: w)) }
            missingWeightDays += w * Double(dates.count - days)
        }
        return ReplayCoverage(neverReplayed: never, neverReplayedWeight: never.reduce(0) { $0 + $1.weight },
                              averageNotReplayed: dates.isEmpty ? 0 : missingWeightDays / Double(dates.count),
                              pairsNeverTraded: pairs.filter { $0.entered == nil }.map(\.id))
    }
}
