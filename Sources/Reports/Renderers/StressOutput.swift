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

/// Which attribution `hedgebook stress --by` prints in the table / CSV.
public enum StressBy: String, CaseIterable {
    case position, pair, hedge, layer, country
    public var grouping: StressGrouping { StressGrouping(rawValue: rawValue)! }
}

/// Renderers for ``StressReport``. Key order is fixed (documented in README `## hedgebook stress`).
public enum StressOutput {
    public static func json(_ r: StressReport, top: Int) -> JSONValue {
        let e = r.engine
        let split = StressRunner.carry(r)
        return .object([
            ("book", .string(e.book.book.name)),
            ("valuationDate", .string(e.book.book.valuationDate.description)),
            ("baseCurrency", .string(e.baseCurrency.code)),
            ("nav", .number(e.nav)),
            ("conventions", .object([
                ("pnl", "base currency, gain > 0, against the valuation-date value; pct fields are % of NAV"),
                ("spotReturn", "relative spot return in the trading currency (0.1 = +10%)"),
                ("volatility", .string(e.book.market.volSurfaces.isEmpty ? "annualised, fraction (0.45 = 45%)"
                    : "annualised, fraction (0.45 = 45%): the underlying's snapshot (realised) vol; an option leg on an underlying with an implied-vol surface (\(e.book.market.volSurfaces.keys.sorted().joined(separator: ", "))) is valued at its surface vol + (shocked - this), see notes")),
                ("fx", "relative change of the currency's value in base currency"),
                ("horizon", "calendar days; options aged by days/365 (ACT/365F)"),
                ("carry", "P&L of time alone over the scenario's horizon (options' decay; nothing else moves); view = total - carry"),
                ("options", "full Black-Scholes-Merton revaluation (American priced as European)"),
                ("linear", "V0 x ((1 + r)(1 + fx) - 1); no carry over the horizon"),
            ])),
            ("propagation", .string(r.propagationSource)),
            ("positions", .array(e.positions.map { p in
                .object([("id", .string(p.id)), ("instrument", .string(p.marketKey)), ("kind", .string(p.kind.rawValue)),
                         ("layer", .string(p.layer)), ("country", .string(p.country)), ("currency", .string(p.currency.code)),
                         ("pairs", .strings(p.pairs)), ("hedge", .string(p.hedge)), ("baseValue", .number(p.baseValue)),
                         ("baseValuePct", .number(r.pct(p.baseValue)))])
            })),
            ("scenarios", .array(r.outcomes.enumerated().map { (i, o) in scenarioJSON(r, i, o) })),
            ("caseSets", .array(zip(r.caseSets, split.caseSets).map { c, cv in
                .object([
                    ("caseSet", .string(c.caseSet)), ("probabilitySum", .number(c.probabilitySum)),
                    ("expectedPnl", .number(c.expected)), ("expectedPct", .number(r.pct(c.expected))),
                    ("expectedViewPct", .number(r.pct(cv.view))), ("expectedCarryPct", .number(r.pct(cv.carry))),
                    ("standardDeviation", .number(c.standardDeviation)), ("standardDeviationPct", .number(r.pct(c.standardDeviation))),
                    ("worstPnl", .number(c.worst)), ("bestPnl", .number(c.best)), ("probabilityOfLoss", .number(c.probabilityOfLoss)),
                    ("distribution", .array(c.distribution.map { d in
                        .object([("id", .string(d.id)), ("pnl", .number(d.pnl)), ("pct", .number(r.pct(d.pnl))),
                                 ("probability", .number(d.probability)), ("cumulative", .number(d.cumulative))])
                    })),
                ])
            })),
            ("worst", .array(r.worstRanked.prefix(top).enumerated().map { (k, i) in
                let o = r.outcomes[i]
                return .object([("rank", .number(Double(k + 1))), ("id", .string(o.scenario.id)), ("pnl", .number(o.total)),
                                ("pct", .number(o.totalPctNAV))])
            })),
            ("warnings", .strings(r.warnings)),
            ("notes", .strings(r.notes)),
        ])
    }

    public static func scenarioJSON(_ r: StressReport, _ i: Int, _ o: ScenarioOutcome) -> JSONValue {
        let s = o.scenario
        let prop: String
        switch s.propagation {
        case .none: prop = "none"
        case .beta(let b): prop = "beta:\(b)"
        case .conditionalMean: prop = "conditional-mean"
        case .factor: prop = "factor"
        }
        var attribution: [(String, JSONValue)] = []
        for g in StressGrouping.allCases {
            guard let a = r.attribution[g] else { continue }
            attribution.append((g.rawValue, .array(a.keys.enumerated().map { (j, k) in
                .object([("key", .string(k)), ("pnl", .number(a.pnl[i, j])), ("pct", .number(r.pct(a.pnl[i, j])))])
            })))
        }
        return .object([
            ("id", .string(s.id)), ("description", .string(s.description)), ("baseCase", .bool(i == 0)),
            ("file", .string(s.file)), ("caseSet", .string(s.caseSet)), ("probability", .number(s.probability)),
            ("horizonDays", .number(Double(s.horizonDays))), ("propagation", .string(prop)),
            ("pnl", .number(o.total)), ("pct", .number(o.totalPctNAV)),
            ("moves", .array(o.resolved.moves.map { m in
                .object([("id", .string(m.id)), ("held", .bool(m.held)), ("spotReturn", .number(m.spotReturn)),
                         ("source", .string(m.source.rawValue)), ("volatility", .number(m.volatility)),
                         ("shockedVolatility", .number(m.shockedVolatility))])
            })),
            ("fx", .object(o.resolved.fx.sorted { $0.key < $1.key }.map { ($0.key.code, .number($0.value)) })),
            ("attribution", .object(attribution)),
        ])
    }

    public static func csv(_ r: StressReport, by g: StressGrouping) -> String {
        var rows: [[String]] = []
        guard let a = r.attribution[g] else { return "" }
        for (i, o) in r.outcomes.enumerated() {
            let s = o.scenario
            let head = [s.id, s.caseSet ?? "", s.probability.map(CSV.number) ?? "", String(s.horizonDays)]
            for (j, k) in a.keys.enumerated() {
                rows.append(head + [g.rawValue, k, CSV.number(a.pnl[i, j]), CSV.number(r.pct(a.pnl[i, j]))])
            }
            rows.append(head + ["total", "(total)", CSV.number(o.total), CSV.number(o.totalPctNAV)])
        }
        return CSV.render(headers: ["scenario", "case_set", "probability", "horizon_days", "grouping", "key", "pnl_base", "pnl_pct_nav"], rows: rows)
    }

    public static func table(_ r: StressReport, by g: StressGrouping, top: Int) -> String {
        let e = r.engine
        var out = "\(e.book.book.name) — valuation \(e.book.book.valuationDate), NAV \(fmtMoney(e.nav)) \(e.baseCurrency)\n"
        out += "(P&L in \(e.baseCurrency), gain > 0, and % of NAV; options fully revalued at the horizon; propagation: \(r.propagationSource))\n\n"
        var t = TextTable(title: "Scenarios", headers: ["scenario", "case set", "prob", "days", "P&L", "% NAV"],
                          alignments: [.left, .left, .right, .right, .right, .right])
        for o in r.outcomes {
            let s = o.scenario
            t.add([s.id, s.caseSet ?? "-", s.probability.map { fmt($0, 2) } ?? "-", String(s.horizonDays), fmtMoney(o.total), fmt(o.totalPctNAV)])
        }
        out += t.render() + "\n"
        var w = TextTable(title: "Worst scenarios", headers: ["rank", "scenario", "P&L", "% NAV"], alignments: [.right, .left, .right, .right])
        for (k, i) in r.worstRanked.prefix(top).enumerated() {
            w.add([String(k + 1), r.outcomes[i].scenario.id, fmtMoney(r.outcomes[i].total), fmt(r.outcomes[i].totalPctNAV)])
        }
        out += w.render() + "\n"
        if !r.caseSets.isEmpty {
            var c = TextTable(title: "Case sets (probability-weighted, % NAV; E[P&L] = view + carry, carry = time decay alone)",
                              headers: ["case set", "members", "sum p", "E[P&L] %", "view %", "carry %", "std %", "worst %", "best %", "P(loss)"])
            for (x, cv) in zip(r.caseSets, StressRunner.carry(r).caseSets) {
                c.add([x.caseSet, String(x.members.count), fmt(x.probabilitySum, 3), fmt(r.pct(x.expected)), fmt(r.pct(cv.view)),
                       fmt(r.pct(cv.carry)), fmt(r.pct(x.standardDeviation)), fmt(r.pct(x.worst)), fmt(r.pct(x.best)),
                       fmt(x.probabilityOfLoss, 2)])
            }
            out += c.render() + "\n"
        }
        if let a = r.attribution[g] {
            var q = TextTable(title: "Attribution by \(g.rawValue) (% NAV)", headers: ["scenario"] + a.keys + ["total"])
            for (i, o) in r.outcomes.enumerated() {
                q.add([o.scenario.id] + a.keys.indices.map { fmt(r.pct(a.pnl[i, $0])) } + [fmt(o.totalPctNAV)])
            }
            out += q.render() + "\n"
        }
        if !r.notes.isEmpty { out += "Notes:\n" + r.notes.map { "  - \($0)" }.joined(separator: "\n") + "\n" }
        return out
    }
}
