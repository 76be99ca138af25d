import Basics
import Instruments
import MarketData

/// The replay's report: attribution groupings by pair, layer and country (option generations folded into their
/// position), and each pair's outcome.
extension BookReplay {
    static func report(_ result: BacktestResult, book: Book, config: BacktestConfig, panel: PricePanel,
                       positionOfColumn: [String: String], pairPlans: [PairPlan], notes: [String]) -> BacktestReport {
        let calendar = panel.dates
        func pos(_ col: String) -> Position? { positionOfColumn[col].flatMap { book.position($0) } }
        let groupings: [(String, (String) -> [String])] = [
            ("pair", { col in
                guard let p = positionOfColumn[col] else { return ["(none)"] }
                let ps = book.pairs(containing: p)
                return ps.isEmpty ? ["(not in a pair)"] : ps
            }),
            ("layer", { col in pos(col).map { [$0.layer] } ?? ["(none)"] }),
            ("country", { col in pos(col).map { [$0.country] } ?? ["(none)"] }),
        ]
        let net = result.netPnL
        let pairs: [PairOutcome] = pairPlans.map { m in
            var pnl = 0.0
            for (a, t) in result.tickers.enumerated() {
                guard let p = positionOfColumn[t] else { continue }
                let containing = book.pairs(containing: p)
                if containing.contains(m.pair.id) { pnl += net[a] / Double(containing.count) }
            }
            return PairOutcome(id: m.pair.id, name: m.pair.name, legs: m.legs, entered: m.entry.map { calendar[$0] },
                               exited: m.exit.map { calendar[$0] }, exitReason: m.reason, spread: m.spread,
                               pnl: pnl, contribution: pnl / result.initialNAV)
        }
        return BacktestReport(mode: "book", result: result, config: config, panel: panel, groupings: groupings,
                              positionOf: { positionOfColumn[$0] ?? $0 }, pairs: pairs, notes: notes)
    }
}
