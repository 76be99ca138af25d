import Application
import Basics
import Hedging
import Instruments

/// The hedge optimiser's report section: what the book's own option premium budget would buy instead (the positions
/// sized by a premium budget are set aside and the same budget re-spent by the CVaR LP), and the efficient frontier.
extension ReportBuilder {
    /// The request the report makes: budget = the premium budgets of the book's long option positions (% of NAV),
    /// those positions set aside; 2% of NAV and nothing set aside when the book has none. Defaults otherwise.
    public static func hedgeRequest(book: Book) -> HedgeRequest {
        var budget = 0.0, replace: [String] = []
        for p in book.positions where p.kind == .option && p.side == .long {
            if case .percentOfNAV(let x) = p.size { budget += x; replace.append(p.id) }
        }
        var r = HedgeRequest(objective: .minimiseCVaR(budgetPercent: budget > 0 ? budget : 2))
        r.replace = replace
        return r
    }

    public mutating func addHedgeOptimiser() throws {
        let r = try session.hedge(Self.hedgeRequest(book: book))
        files.append(("hedge.json", HedgeOutput.json(r).serialized() + "\n"))
        files.append(("hedge.csv", HedgeOutput.csv(r)))
        var s = HTMLReport.Section(id: "hedge-optimiser", title: "Hedge optimiser: the best protection a premium budget buys")
        for c in HedgeOutput.conventions(r) { s.note(c) }
        let alpha = NumberFormat.compact(r.request.alpha * 100, 2)
        s.chart(LineChart(title: "Efficient frontier: minimum CVaR \(alpha)% by premium budget", xLabel: "premium budget (% of NAV)",
                          yLabel: "CVaR \(alpha)% (% of NAV)",
                          series: [LineChart.Series(name: "book + optimal hedge", points: r.frontier.map { ($0.budgetPercent, $0.outcome.tail.conditionalValueAtRisk) }),
                                   LineChart.Series(name: r.universe.replaced.isEmpty ? "book (no hedge)" : "book as held (\(r.universe.replaced.joined(separator: ", ")))",
                                                    points: r.frontier.map { ($0.budgetPercent, (r.universe.replaced.isEmpty ? r.base : r.asHeld).tail.conditionalValueAtRisk) },
                                                    dashed: true)],
                          xTickFormat: { fmt($0, 1) }).render())
        s.table(headers: ["budget %", "premium used %", "CVaR %", "VaR %", "worst named scenario", "largest holdings (units)"],
                rows: r.frontier.map { pt in
                    [fmt(pt.budgetPercent), fmt(pt.premiumUsed), fmt(pt.outcome.tail.conditionalValueAtRisk), fmt(pt.outcome.tail.valueAtRisk),
                     pt.outcome.worstNamed.map { "\($0.id) \(fmt(-$0.pnl))" } ?? "-",
                     pt.holdings.prefix(3).map { "\($0.id) \(fmt($0.units, 1))" }.joined(separator: ", ")]
                }, caption: "Efficient frontier (LP optimum, fractional contracts; losses positive, % of NAV)")
        s.table(headers: ["candidate", "LP units", "whole", "premium %", "description"],
                rows: HedgeOutput.holdings(r).map { [$0.id, fmt($0.units, 2), $0.whole, fmt($0.premium), $0.description] },
                caption: "Chosen hedge for \(r.request.objective) (whole contracts: \(r.rounded.rule))")
        let cols = HedgeOutput.outcomes(r)
        var rows: [[String]] = [["premium %"] + cols.map { fmt($0.outcome.premium) },
                                ["VaR \(alpha)%"] + cols.map { fmt($0.outcome.tail.valueAtRisk) },
                                ["CVaR \(alpha)%"] + cols.map { fmt($0.outcome.tail.conditionalValueAtRisk) }]
        for i in 0..<r.scenarios.namedCount { rows.append([r.scenarios.ids[i]] + cols.map { fmt($0.outcome.pnl[i]) }) }
        s.table(headers: ["% of NAV"] + cols.map(\.label), rows: rows,
                caption: "Before and after: premium, VaR and CVaR (losses positive), then P&L per named scenario (gain > 0)")
        for n in r.notes { warn("hedge: " + n) }
        html.add(s)
        markdown.append("## Hedge optimiser (% NAV)\n")
        markdown.append("\(r.request.objective): CVaR \(alpha)% \(fmt(r.base.tail.conditionalValueAtRisk)) → \(fmt(r.optimal.tail.conditionalValueAtRisk)) (whole contracts \(fmt(r.rounded.outcome.tail.conditionalValueAtRisk)))\(r.universe.replaced.isEmpty ? "" : "; as held with \(r.universe.replaced.joined(separator: ", ")): \(fmt(r.asHeld.tail.conditionalValueAtRisk))").\n")
        markdown.append("| budget | CVaR | VaR | premium used |\n|---:|---:|---:|---:|")
        for pt in r.frontier { markdown.append("| \(fmt(pt.budgetPercent)) | \(fmt(pt.outcome.tail.conditionalValueAtRisk)) | \(fmt(pt.outcome.tail.valueAtRisk)) | \(fmt(pt.premiumUsed)) |") }
        markdown.append("")
    }
}
