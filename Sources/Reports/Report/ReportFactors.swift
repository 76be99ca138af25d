import Application
import Basics
import Risk

/// The factor-model report section: the same `Session.factors()` result as `hedgebook factors` (its JSON is written
/// as `factors.json`, byte for byte the command's `--format json`).
extension ReportBuilder {
    public mutating func addFactors() throws {
        let a = try session.factors()
        let r = a.report, d = r.decomposition, m = r.model
        for n in r.notes { warn("factors: " + n) }
        var s = HTMLReport.Section(id: "factors", title: "Factor model: which bets the book makes")
        s.note("\(m.factors.definitions.count) factors, \(m.factors.weeks.count) weekly returns \(FactorsOutput.window(m)). "
               + "Exposures in % of NAV per unit factor return (delta view; rates per +1 pp of the 10-year yield). "
               + "Total volatility \(fmt(100 * a.volatilityAnnual, 2))% of NAV a year: factor \(fmt(100 * (1 - d.specificShare), 1))% of variance, specific \(fmt(100 * d.specificShare, 1))%.")
        s.chart(BarChart(title: "Book factor exposures (delta, % of NAV)", valueLabel: "Exposure (% of NAV)",
                         bars: zip(r.factorNames, d.factorExposures).map { (label: $0, value: 100 * $1) }, decimals: 1).render())
        let top = a.confidences.last ?? 0.99, key = a.confidenceKeys.last ?? "0.99"
        let sv = d.scale(.valueAtRisk(top), horizonDays: a.horizonDays)
        s.chart(BarChart(title: "Contribution to parametric VaR \(key), \(a.horizonDays)-day (Euler, % of NAV)", valueLabel: "Contribution (% of NAV)",
                         bars: zip(r.factorNames, d.factorContributions).map { (label: $0, value: 100 * $1 * sv) }
                             + [(label: "specific", value: 100 * d.specificVariance * sv)], decimals: 3).render())
        var rows: [[String]] = []
        for (i, (k, c)) in zip(a.confidenceKeys, a.confidences).enumerated() {
            let cmp = a.comparison
            rows.append([k, fmt(100 * a.valueAtRisk(c), 3), fmt(100 * a.expectedShortfall(c), 3),
                         cmp.map { fmt(100 * $0.parametric[i].valueAtRisk, 3) } ?? "-", cmp.map { fmt(100 * $0.historical[i].valueAtRisk, 3) } ?? "-"])
        }
        s.table(headers: ["confidence", "factor VaR", "factor ES", "sample-cov VaR", "historical VaR"], rows: rows,
                caption: "\(a.horizonDays)-day VaR and ES (% of NAV, positive = loss; parametric normal, zero mean)")
        for e in FactorsOutput.explanation(a) { s.note(e) }
        s.table(headers: ["layer", "factor %", "specific %", "total %"],
                rows: r.byLayer.map { [$0.key, fmt(100 * $0.factor / d.totalVariance, 1), fmt(100 * $0.specific / d.totalVariance, 1),
                                       fmt(100 * ($0.factor + $0.specific) / d.totalVariance, 1)] },
                caption: "Shares of book variance by layer (Euler)")
        html.add(s)
        // The first screen's "largest factor bets": delta exposures, largest magnitude first, with each factor's share
        // of the book's variance (Euler); the specific share closes the list.
        let bets = zip(r.factorNames, zip(d.factorExposures, d.factorContributions))
            .map { FactorBet(factor: $0, exposurePercentOfNAV: 100 * $1.0,
                             detail: "\(fmt(100 * $1.1 / d.totalVariance, 1))% of variance") }
            .sorted { (abs($0.exposurePercentOfNAV), $1.factor) > (abs($1.exposurePercentOfNAV), $0.factor) }
        setFactorBets(bets.isEmpty ? nil : bets)
        self.key.specificVarianceShare = d.specificShare
        files.append(("factors.json", FactorsOutput.json(a).serialized() + "\n"))
        markdown.append("## Factor bets (delta, % NAV)\n")
        markdown.append("| factor | exposure | % of variance |")
        markdown.append("|---|---:|---:|")
        for (k, f) in r.factorNames.enumerated() {
            markdown.append("| \(f) | \(fmt(100 * d.factorExposures[k], 2)) | \(fmt(100 * d.factorContributions[k] / d.totalVariance, 1)) |")
        }
        markdown.append("| specific | | \(fmt(100 * d.specificShare, 1)) |")
        markdown.append("")
    }
}
