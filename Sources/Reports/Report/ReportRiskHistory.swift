import Application
import Basics
import Foundation
import Risk
import RiskHistory

/// The report's "risk history" section: recorded exposure, VaR/ES and worst scenario over time, and the VaR backtest
/// (realised P&L against the previous day's −VaR, exceptions marked), when the workspace's risk-history database exists.
extension ReportBuilder {
    /// True when the workspace's risk-history database exists (the section is added only then).
    public var hasRiskHistory: Bool { FileManager.default.fileExists(atPath: session.riskHistoryPath) }

    public mutating func addRiskHistory() throws {
        guard hasRiskHistory else { return }
        let db = try session.openRiskHistory(create: false)
        var s = HTMLReport.Section(id: "history", title: "Risk history")
        let runs = try db.runs(book: book.name)
        guard runs.count >= 2 else {
            s.paragraph("\(runs.count) run of \(book.name) recorded in \(db.path): the history needs two or more (`hedgebook record` on more dates, or `hedgebook replay`).")
            html.add(s)
            return
        }
        let dates = runs.map(\.valuationDate)
        s.note("\(runs.count) runs recorded in \(db.path), \(dates.first!) … \(dates.last!). % of NAV; VaR and ES positive losses, 1 day; worst scenario = the most negative scenario P&L.")
        let xFormat: @Sendable (Double) -> String = { "\(LocalDate(daysSinceEpoch: Int($0.rounded())))" }
        func series(_ name: String, _ m: HistoryMeasure, dashed: Bool = false) -> LineChart.Series {
            LineChart.Series(name: name, points: runs.compactMap { r in m.value(r).map { (x: Double(r.valuationDate.daysSinceEpoch), y: $0) } }, dashed: dashed)
        }
        s.chart(LineChart(title: "Exposure (% of NAV, premium view)", xLabel: "date", yLabel: "% of NAV",
                          series: [series("gross", .gross), series("net", .net), series("beta-adjusted net", .betaAdjustedNet)],
                          xTickFormat: xFormat).render())
        let methods = ["parametric", "historical", "cornishFisher", "monteCarlo"].filter { m in runs.contains { $0.risk.contains { $0.method == m } } }
        s.chart(LineChart(title: "1-day VaR 99% by method (% of NAV, positive loss)", xLabel: "date", yLabel: "VaR % of NAV",
                          series: methods.map { series($0, .valueAtRisk(method: $0, confidence: 0.99)) }, xTickFormat: xFormat).render())
        s.chart(LineChart(title: "Worst scenario P&L (% of NAV)", xLabel: "date", yLabel: "% of NAV",
                          series: [series("worst scenario", .worstScenario)], xTickFormat: xFormat).render())
        let table = try session.historyTable(db, measures: [.gross, .net, .betaAdjustedNet, .valueAtRisk(method: "parametric", confidence: 0.99),
                                                            .expectedShortfall(method: "parametric", confidence: 0.99), .worstScenario])
        files.append(("history.csv", RiskHistoryOutput.csv(table)))
        do {
            let b = try Session.backtest(runs: runs, book: book.name)
            let rows = b.series.map { x -> [String] in
                let r = x.result
                return [x.method, fmt(100 * x.confidence, 1) + "%", "\(r.exceptions)", fmt(Double(r.days) * r.expectedRate, 1),
                        fmt(r.kupiec.statistic, 3), fmt(r.kupiec.pValue, 4), fmt(r.independence.statistic, 3), fmt(r.independence.pValue, 4),
                        fmt(r.conditionalCoverage.statistic, 3), fmt(r.conditionalCoverage.pValue, 4),
                        r.basel.map { "\($0.zone.rawValue) (\($0.exceptions))" } ?? "-"]
            }
            s.table(headers: ["method", "confidence", "exceptions", "expected", "Kupiec LR", "p", "independence LR", "p", "cond. coverage LR", "p", "Basel zone (last 250 days, 99%)"],
                    rows: rows, highlight: b.series.map { $0.result.conditionalCoverage.pValue < 0.05 },
                    caption: "VaR backtest over \(b.dates.count) days: realised 1-day P&L vs the previous day's VaR (highlighted: conditional coverage rejected at 5%)")
            for x in b.series where abs(x.confidence - 0.99) < 1e-12 && (x.method == "parametric" || x.method == "historical") {
                let pnl = LineChart.Series(name: "realised P&L", points: zip(b.dates, b.pnl).map { (x: Double($0.daysSinceEpoch), y: 100 * $1) })
                let v = LineChart.Series(name: "−VaR 99% (\(x.method), previous day)",
                                         points: zip(b.dates, x.valueAtRisk).map { (x: Double($0.daysSinceEpoch), y: -100 * $1) }, dashed: true)
                s.chart(LineChart(title: "Realised P&L vs −VaR 99% (\(x.method)); dashed verticals: the \(x.result.exceptions) exceptions",
                                  xLabel: "date", yLabel: "% of NAV", series: [pnl, v],
                                  markers: x.result.exceptionIndices.map { (x: Double(b.dates[$0].daysSinceEpoch), label: "×") },
                                  xTickFormat: xFormat, width: 760).render())
            }
            for n in b.notes { s.note(n) }
            files.append(("var-backtest.json", RiskHistoryOutput.backtestJSON(b).serialized() + "\n"))
            markdown.append("## Risk history and VaR backtest\n")
            markdown.append("\(runs.count) runs recorded, \(dates.first!) … \(dates.last!); backtest over \(b.dates.count) days.\n")
            markdown.append("| method | conf | exceptions | Kupiec p | independence p | cond. coverage p | Basel |")
            markdown.append("|---|---:|---:|---:|---:|---:|---|")
            for r in rows { markdown.append("| \(r[0]) | \(r[1]) | \(r[2]) | \(r[5]) | \(r[7]) | \(r[9]) | \(r[10]) |") }
            markdown.append("")
        } catch {
            s.note("VaR backtest not computed: \(error)")
        }
        html.add(s)
    }
}
