import Basics

/// P&L attribution of a backtest: each name's net P&L (price P&L − costs − borrow fees) summed by group.
///
/// Identity (checked in tests): Σ over all lines of `net` + cash interest = final NAV − initial NAV.
/// A name mapped to no group lands in the line `(ungrouped)`; cash interest is its own line `(cash interest)`
/// when non-zero, so each grouping sums to the total.
public struct AttributionLine: Sendable, Equatable {
    public var group: String
    public var pricePnL: Double
    public var costs: Double
    public var borrow: Double
    public var net: Double { pricePnL - costs - borrow }
    /// Net P&L as a fraction of the initial NAV.
    public var contribution: Double
}

public enum Attribution {
    /// Groups per-name results. `groupOf` returns the groups a name belongs to (a name in several groups is split
    /// equally between them so that the lines still sum to the total); empty → `(ungrouped)`.
    public static func by(_ result: BacktestResult, groupOf: (String) -> [String]) -> [AttributionLine] {
        var order: [String] = []
        var acc: [String: (Double, Double, Double)] = [:]
        func add(_ g: String, _ p: Double, _ c: Double, _ b: Double) {
            if acc[g] == nil { order.append(g); acc[g] = (0, 0, 0) }
            acc[g]!.0 += p; acc[g]!.1 += c; acc[g]!.2 += b
        }
        for (a, t) in result.tickers.enumerated() {
            var gs = groupOf(t)
            if gs.isEmpty { gs = ["(ungrouped)"] }
            let share = 1.0 / Double(gs.count)
            for g in gs { add(g, result.pricePnL[a] * share, result.costs[a] * share, result.borrow[a] * share) }
        }
        let interest = result.totalInterest
        if interest != 0 { add("(cash interest)", interest, 0, 0) }
        return order.map { g in
            let v = acc[g]!
            return AttributionLine(group: g, pricePnL: v.0, costs: v.1, borrow: v.2,
                                   contribution: (v.0 - v.1 - v.2) / result.initialNAV)
        }
    }

    /// One line per name (the `position` grouping).
    public static func byPosition(_ result: BacktestResult) -> [AttributionLine] { by(result) { [$0] } }
}
