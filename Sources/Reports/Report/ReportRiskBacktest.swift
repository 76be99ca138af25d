import Application
import Backtest
import Basics
import FileFormats
import Foundation
import Instruments
import LinearAlgebra
import MarketData
import Portfolio
import Pricing
import Risk
import Scenarios
import Stress

/// The history-driven report sections (risk and backtest), given a data root such as `../shared/data`.
extension ReportBuilder {
    public mutating func addRisk() throws {
        guard let rb = resolved else { return }
        let o = try session.riskOptions()
        let seed = o.seed
        let rep = try session.risk(o)
        for n in rep.factorData.notes { warn(n) }
        var s = HTMLReport.Section(id: "risk", title: "Risk from history: VaR and ES")
        let fd = rep.factorData
        if let w = fd.windowNote { s.flag(w + ".", ok: false); warn("risk: " + w) }
        s.note("Daily log returns of each position's market key, \(fd.returns.dates.first.map { "\($0)" } ?? "?")…\(fd.returns.dates.last.map { "\($0)" } ?? "?") (\(rep.linear.observations) observations), sample covariance; VaR and ES are positive losses in % of NAV over 1 day. Parametric, historical (NumPy 'linear' quantile) and Cornish–Fisher use delta exposures; Monte Carlo (\(o.paths) paths, seed \(seed)) revalues options in full.")
        var measures = rep.linear.measures
        if !rep.monteCarlo.isEmpty { measures.append((method: "monteCarlo", values: rep.monteCarlo)) }
        let conf = o.confidences
        var rows: [[String]] = []
        for m in measures {
            rows.append([m.method] + m.values.flatMap { [fmt(100 * $0.valueAtRisk, 3), fmt(100 * $0.expectedShortfall, 3)] })
        }
        if let k = conf.firstIndex(where: { abs($0 - 0.99) < 1e-12 }),
           let par = measures.first(where: { $0.method == "parametric" })?.values[k] {
            let hist = measures.first(where: { $0.method == "historical" })?.values[k]
            key.risk = .init(varParametric: par.valueAtRisk, esParametric: par.expectedShortfall, varHistorical: hist?.valueAtRisk,
                             esHistorical: hist?.expectedShortfall, volatility: rep.linear.volatilityAnnualized)
        }
        s.table(headers: ["method"] + conf.flatMap { ["VaR \(fmt(100 * $0, 1))%", "ES \(fmt(100 * $0, 1))%"] }, rows: rows,
                caption: "1-day VaR and ES (% of NAV, positive = loss); annualised volatility \(fmt(100 * rep.linear.volatilityAnnualized, 2))%")
        // Names whose history is a proxy's are marked † wherever they enter (component VaR, correlations): their
        // co-movements are the proxy's, not measured.
        let proxied = fd.histories.filter { $0.proxy != nil || $0.file == nil }
        let proxiedIDs = Set(proxied.map(\.factor))
        key.proxies = proxied.map { "\($0.factor) ← \($0.proxy ?? "none")" }
        func mark(_ id: String) -> String { proxiedIDs.contains(id) ? id + " †" : id }
        if let c = rep.components.first(where: { abs($0.confidence - 0.99) < 1e-9 }) ?? rep.components.last {
            s.chart(BarChart(title: "Component VaR by position (parametric, \(fmt(100 * c.confidence, 1))%; † = proxied history)", valueLabel: "Contribution to VaR (% of NAV)",
                             bars: c.byPosition.sorted { $0.1 > $1.1 }.map { (label: mark($0.0), value: 100 * $0.1) }, decimals: 3).render())
            s.chart(BarChart(title: "Component VaR by layer (parametric, \(fmt(100 * c.confidence, 1))%)", valueLabel: "Contribution to VaR (% of NAV)",
                             bars: c.byLayer.sorted { $0.1 > $1.1 }.map { (label: $0.0, value: 100 * $0.1) }, decimals: 3).render())
        }
        let layerOf = Dictionary(rb.positions.map { ($0.position.marketKey, $0.position.layer) }, uniquingKeysWith: { a, _ in a })
        let assets = rep.linear.assets
        let order = assets.indices.sorted { (layerOf[assets[$0]] ?? "", assets[$0]) < (layerOf[assets[$1]] ?? "", assets[$1]) }
        let corr = rep.linear.estimate.correlation
        let labels = order.map { mark(assets[$0]) }
        s.chart(Heatmap(title: "Correlation of daily returns (ordered by layer; † = built from a proxy's history)", rowLabels: labels,
                        columnLabels: labels, values: order.map { i in order.map { corr[i, $0] } }, decimals: 2).render())
        if !proxied.isEmpty {
            s.flag("† Proxy-built correlations: \(proxied.map { "\($0.factor) uses \($0.proxy ?? "no history")" }.joined(separator: "; ")). Their correlations (e.g. with their proxy's peers) are assumptions, not measurements.", ok: false)
            s.table(headers: ["factor", "history", "proxy", "reason"],
                    rows: proxied.map { [$0.factor, $0.file ?? "none", $0.proxy ?? "-", $0.reason ?? ""] }, caption: "Names without usable history")
        }
        html.add(s)
        files.append(("risk.json", JSONValue.object([
            ("units", "fractions of NAV, 1-day horizon, positive = loss"),
            ("observations", .number(Double(rep.linear.observations))),
            ("volatilityAnnualized", .number(rep.linear.volatilityAnnualized)),
            ("var", .object(measures.map { m in (m.method, .object(zip(conf, m.values).map { (JSONValue.format($0), .number($1.valueAtRisk)) })) })),
            ("es", .object(measures.map { m in (m.method, .object(zip(conf, m.values).map { (JSONValue.format($0), .number($1.expectedShortfall)) })) })),
            ("componentVaR", .array(rep.components.map { c in
                .object([("confidence", .number(c.confidence)), ("total", .number(c.total)),
                         ("position", .object(c.byPosition.map { ($0.0, .number($0.1)) })),
                         ("layer", .object(c.byLayer.map { ($0.0, .number($0.1)) })),
                         ("pair", .object(c.byPair.map { ($0.0, .number($0.1)) })),
                         ("country", .object(c.byCountry.map { ($0.0, .number($0.1)) }))])
            })),
            ("assets", .strings(assets)),
            ("correlation", .array(corr.rowArrays.map { .numbers($0) })),
        ]).serialized() + "\n"))
        markdown.append("## Risk (1-day, % NAV, positive = loss)\n")
        markdown.append("| method | " + conf.map { "VaR \(fmt(100 * $0, 1))% | ES \(fmt(100 * $0, 1))%" }.joined(separator: " | ") + " |")
        markdown.append("|---|" + conf.map { _ in "---:|---:" }.joined(separator: "|") + "|")
        for r in rows { markdown.append("| " + r.joined(separator: " | ") + " |") }
        markdown.append("")
    }

    public mutating func addBacktest() throws {
        let config = try session.backtestConfig()
        let rep = try session.backtest(config)
        for n in rep.notes { warn("backtest: " + n) }
        let res = rep.result
        let m = rep.metrics
        var s = HTMLReport.Section(id: "backtest", title: "Backtest of the book on history")
        if let w = rep.windowNote { s.flag(w + ".", ok: false); warn("backtest: " + w) }
        s.note("Rebalancing \(session.spec.policies.rebalance) to the book's weights, \(fmt(config.commissionBps, 0)) bp costs, borrow per pair, else the snapshot, else \(fmt(100 * config.borrowRate, 1))%; events per day: borrow, mark, rebalance, record. Start \(res.dates.first.map { "\($0)" } ?? "?"), end \(res.dates.last.map { "\($0)" } ?? "?").")
        let days = res.dates.map { Double($0.daysSinceEpoch) }
        let dateFmt: @Sendable (Double) -> String = { LocalDate(daysSinceEpoch: Int($0.rounded())).description }
        let coverage = rep.coverage(weights: (exposure?.positions ?? []).map { (id: $0.id, weight: abs($0.notional) / book.nav) })
        key.backtest = .init(totalReturn: m.totalReturn, sharpe: m.sharpe, maxDrawdown: m.maxDrawdown, coverage: coverage,
                             start: res.dates.first.map { "\($0)" } ?? "?", end: res.dates.last.map { "\($0)" } ?? "?")
        s.flag(headline(m, coverage), ok: coverage.averageNotReplayed == 0)
        var navSeries: [LineChart.Series] = [.init(name: "book", points: zip(days, res.nav).map { ($0, 100 * $1 / res.initialNAV) })]
        for b in rep.benchmarkPrices {
            navSeries.append(.init(name: b.name, points: zip(days, b.prices).map { ($0, 100 * $1 / b.prices[0]) }))
        }
        s.chart(LineChart(title: "NAV vs benchmarks (rebased to 100 at the start)", xLabel: "date", yLabel: "Value (start = 100)",
                          series: navSeries, xTickFormat: dateFmt).render())
        let dd = PerformanceMetrics.drawdownSeries(res.nav).map { 100 * $0 }
        s.chart(LineChart(title: "Drawdown", xLabel: "date", yLabel: "Drawdown from peak (%)",
                          series: [.init(name: "drawdown", points: zip(days, dd).map { ($0, $1) })], xTickFormat: dateFmt).render())
        let drawdownMarkdown = addTearSheet(&s, rep, days: days, dateFmt: dateFmt)
        func p(_ v: Double?) -> String { v.map { fmt(100 * $0, 2) } ?? "n/a" }
        s.table(headers: ["metric", "value"], rows: [
            ["total return %", p(m.totalReturn)], ["CAGR %", p(m.cagr)], ["volatility % (×√252)", p(m.volatility)],
            ["Sharpe (rf 0)", m.sharpe.map { fmt($0, 2) } ?? "n/a"], ["Sortino", m.sortino.map { fmt($0, 2) } ?? "n/a"],
            ["max drawdown %", p(m.maxDrawdown)], ["drawdown peak → trough", "\(m.drawdownPeak.map { "\($0)" } ?? "-") → \(m.drawdownTrough.map { "\($0)" } ?? "-")"],
            ["Calmar", m.calmar.map { fmt($0, 2) } ?? "n/a"], ["hit rate %", p(m.hitRate)],
        ] + rep.relative.map { ["beta / corr vs \($0.benchmark)", "\(fmt($0.beta ?? .nan, 2)) / \(fmt($0.correlation ?? .nan, 2))"] },
                caption: "Metrics (empyrical definitions)")
        if let pairs = rep.attribution.first(where: { $0.grouping == "pair" }) {
            s.chart(BarChart(title: "P&L attribution by pair", valueLabel: "Net P&L (% of initial NAV)",
                             bars: pairs.lines.map { (label: $0.group, value: 100 * $0.contribution) }).render())
        }
        if let layers = rep.attribution.first(where: { $0.grouping == "layer" }) {
            s.chart(BarChart(title: "P&L attribution by layer", valueLabel: "Net P&L (% of initial NAV)",
                             bars: layers.lines.map { (label: $0.group, value: 100 * $0.contribution) }).render())
        }
        s.collapsible(id: "replay-notes", summary: "Replay policies and data coverage: \(rep.notes.count) notes — click to open",
                      "<ul>" + rep.notes.map { "<li>\(escapeXML($0))</li>" }.joined() + "</ul>")
        html.add(s)
        files.append(("backtest.json", BacktestOutput.json(rep).serialized() + "\n"))
        files.append(("backtest-nav.csv", BacktestOutput.csv(rep)))
        markdown.append("## Backtest\n")
        markdown.append("Total return \(p(m.totalReturn))%, CAGR \(p(m.cagr))%, volatility \(p(m.volatility))%, Sharpe \(m.sharpe.map { fmt($0, 2) } ?? "n/a"), max drawdown \(p(m.maxDrawdown))%.\n")
        markdown.append(headline(m, coverage) + "\n")
        markdown += drawdownMarkdown
    }
}

