import Application
import Basics
import Instruments
import Portfolio
import Risk
import Stress

/// Renderers for `hedgebook whatif`: before, after and Δ side by side. % of NAV throughout; VaR/ES positive losses.
public enum WhatIfOutput {
    typealias Row = (name: String, before: Double?, after: Double?)

    static func exposureRows(_ r: WhatIfReport) -> [Row] {
        let b = r.before.exposure, a = r.after.exposure
        func both(_ f: (ExposureReport) -> Double) -> (Double, Double) { (f(b), f(a)) }
        var rows: [Row] = []
        for (name, f) in [("long", { (e: ExposureReport) in e.pct(e.premium.long) }), ("short", { e in e.pct(e.premium.short) }),
                          ("gross", { e in e.pct(e.premium.gross) }), ("net", { e in e.pct(e.premium.net) }),
                          ("reserve", { e in 100 - e.pct(e.premium.gross) }),
                          ("delta long", { e in e.pct(e.delta.long) }), ("delta short", { e in e.pct(e.delta.short) }),
                          ("delta net", { e in e.pct(e.delta.net) }), ("beta-adjusted net", { e in e.pct(e.betaNet) })] as [(String, (ExposureReport) -> Double)] {
            let (x, y) = both(f)
            rows.append((name, x, y))
        }
        return rows
    }

    static func groupRows(_ r: WhatIfReport, _ g: Grouping) -> [Row] {
        let b = r.before.exposure, a = r.after.exposure
        let bm = Dictionary(uniqueKeysWithValues: b.breakdown(by: g).map { ($0.key, b.pct($0.premium.net)) })
        let am = Dictionary(uniqueKeysWithValues: a.breakdown(by: g).map { ($0.key, a.pct($0.premium.net)) })
        return Set(bm.keys).union(am.keys).sorted().compactMap { k in
            let x = bm[k] ?? 0, y = am[k] ?? 0
            return x == y ? nil : (k, bm[k], am[k])
        }
    }

    static func pairRows(_ r: WhatIfReport) -> [Row] {
        let b = r.before.exposure, a = r.after.exposure
        let bm = Dictionary(uniqueKeysWithValues: b.pairs.map { ($0.id, b.pct($0.net)) })
        let am = Dictionary(uniqueKeysWithValues: a.pairs.map { ($0.id, a.pct($0.net)) })
        return Set(bm.keys).union(am.keys).sorted().compactMap { k in bm[k] == am[k] ? nil : (k, bm[k], am[k]) }
    }

    static func scenarioRows(_ r: WhatIfReport) -> [Row] {
        guard let sb = r.before.stress, let sa = r.after.stress else { return [] }
        return zip(sb.outcomes, sa.outcomes).map { ($0.scenario.id, $0.totalPctNAV, $1.totalPctNAV) }
    }

    static func caseRows(_ r: WhatIfReport) -> [(set: String, before: CaseSetSummary, after: CaseSetSummary)] {
        guard let sb = r.before.stress, let sa = r.after.stress else { return [] }
        return zip(sb.caseSets, sa.caseSets).map { ($0.caseSet, $0, $1) }
    }

    static func riskRows(_ r: WhatIfReport) -> [Row] {
        var rows: [Row] = []
        for (mb, ma) in zip(r.before.risk, r.after.risk) {
            for (k, (x, y)) in zip(r.confidenceKeys, zip(mb.values, ma.values)) {
                rows.append(("VaR \(mb.method) \(k)", 100 * x.valueAtRisk, 100 * y.valueAtRisk))
                rows.append(("ES \(mb.method) \(k)", 100 * x.expectedShortfall, 100 * y.expectedShortfall))
            }
        }
        return rows
    }

    static func breachChanges(_ r: WhatIfReport) -> (created: [String], cleared: [String]) {
        let b = Set(r.before.exposure.breaches.map { "\($0.id): \($0.detail)" })
        let a = Set(r.after.exposure.breaches.map { "\($0.id): \($0.detail)" })
        return (a.subtracting(b).sorted(), b.subtracting(a).sorted())
    }

    static func delta(_ x: Double?, _ y: Double?) -> Double? { (x ?? 0) == 0 && (y ?? 0) == 0 ? nil : (y ?? 0) - (x ?? 0) }

    // MARK: JSON

    static func rowsJSON(_ rows: [Row]) -> JSONValue {
        .array(rows.map { .object([("name", .string($0.name)), ("before", .number($0.before)), ("after", .number($0.after)),
                                   ("delta", .number(($0.after ?? 0) - ($0.before ?? 0)))]) })
    }

    /// Δ factor exposures (% NAV, delta view), when the run had a price history.
    static func factorRows(_ r: WhatIfReport) -> [Row] {
        guard let f = r.factorExposures else { return [] }
        return f.factors.indices.map { (name: f.factors[$0], before: 100 * f.before[$0], after: 100 * f.after[$0]) }
    }

    public static func json(_ r: WhatIfReport) -> JSONValue {
        let (created, cleared) = breachChanges(r)
        var out: [(String, JSONValue)] = [
            ("book", .string(r.before.resolved.book.name)),
            ("valuationDate", .string(r.before.resolved.book.valuationDate.description)),
            ("conventions", .object([
                ("units", "% of NAV; before, after and delta = after - before"),
                ("var", "VaR and ES positive losses, 1-day horizon unless the workspace says otherwise; parametric and historical on one factor panel for both books"),
                ("marginalVaR", "gradient of parametric VaR at the book before the trades times the trade's change of factor exposures"),
            ])),
            ("trades", .strings(r.trades.map(\.description))),
            ("exposure", rowsJSON(exposureRows(r))),
            ("byLayer", rowsJSON(groupRows(r, .layer))), ("byCountry", rowsJSON(groupRows(r, .country))),
            ("byCurrency", rowsJSON(groupRows(r, .currency))), ("byPair", rowsJSON(pairRows(r))),
            ("scenarios", rowsJSON(scenarioRows(r))),
            ("caseSets", .array(caseRows(r).map { c in
                .object([("caseSet", .string(c.set)),
                         ("expectedBefore", .number(c.before.expected / r.before.exposure.nav * 100)),
                         ("expectedAfter", .number(c.after.expected / r.after.exposure.nav * 100)),
                         ("worstBefore", .number(c.before.worst / r.before.exposure.nav * 100)),
                         ("worstAfter", .number(c.after.worst / r.after.exposure.nav * 100)),
                         ("probabilityOfLossBefore", .number(c.before.probabilityOfLoss)),
                         ("probabilityOfLossAfter", .number(c.after.probabilityOfLoss))])
            })),
            ("risk", rowsJSON(riskRows(r))),
            ("marginalVaR", .array(r.marginalVaR.map { m in
                .object([("trade", .string(m.trade)), ("pct", .object(zip(r.confidenceKeys, m.values).map { ($0, .number(100 * $1)) }))])
            })),
            ("componentVaRTraded", .object(r.tradedComponents.map { ($0.factor, .number(100 * $0.value)) })),
            ("premiumSpent", .number(r.premiumSpent)), ("premiumSpentPct", .number(r.before.exposure.pct(r.premiumSpent))),
            ("constraintBreachesCreated", .strings(created)), ("constraintBreachesCleared", .strings(cleared)),
            ("limitsBefore", LimitsOutput.json(r.before.limits)), ("limitsAfter", LimitsOutput.json(r.after.limits)),
            ("riskNote", .string(r.riskNote)),
            ("notes", .strings(r.notes)),
        ]
        if r.factorExposures != nil { out.insert(("factorExposuresPctNAV", rowsJSON(factorRows(r))), at: out.count - 2) }
        return .object(out)
    }

    // MARK: Table

    static func table(_ title: String, _ rows: [Row], decimals: Int = 2) -> String {
        guard !rows.isEmpty else { return "" }
        var t = TextTable(title: title, headers: ["", "before", "after", "Δ"])
        for x in rows {
            t.add([x.name, x.before.map { fmt($0, decimals) } ?? "-", x.after.map { fmt($0, decimals) } ?? "-",
                   delta(x.before, x.after).map { ($0 > 0 ? "+" : "") + fmt($0, decimals) } ?? "0"])
        }
        return t.render() + "\n"
    }

    public static func text(_ r: WhatIfReport) -> String {
        let b = r.before.resolved.book
        var out = "What-if on \(b.name) — valuation \(b.valuationDate), NAV \(fmtMoney(b.nav)) \(b.baseCurrency)\n"
        out += "Trades: " + r.trades.map(\.description).joined(separator: "; ") + "\n(% of NAV; Δ = after − before; VaR/ES positive losses)\n\n"
        out += table("Exposure", exposureRows(r))
        out += table("Net by layer (changed)", groupRows(r, .layer))
        out += table("Net by country (changed)", groupRows(r, .country))
        out += table("Net by pair (changed)", pairRows(r))
        out += table("Scenarios (P&L % NAV)", scenarioRows(r))
        let cases = caseRows(r)
        if !cases.isEmpty {
            var t = TextTable(title: "Case sets (% NAV)", headers: ["case set", "E before", "E after", "worst before", "worst after", "P(loss) before", "P(loss) after"])
            for c in cases {
                t.add([c.set, fmt(r.before.exposure.pct(c.before.expected)), fmt(r.after.exposure.pct(c.after.expected)),
                       fmt(r.before.exposure.pct(c.before.worst)), fmt(r.after.exposure.pct(c.after.worst)),
                       fmt(c.before.probabilityOfLoss, 2), fmt(c.after.probabilityOfLoss, 2)])
            }
            out += t.render() + "\n"
        }
        out += table("VaR and ES (% NAV)", riskRows(r), decimals: 3)
        out += table("Factor exposures (delta, % NAV; rates per +1 pp)", factorRows(r))
        if !r.marginalVaR.isEmpty {
            var t = TextTable(title: "Marginal parametric VaR of each trade (% NAV)", headers: ["trade"] + r.confidenceKeys)
            for m in r.marginalVaR { t.add([m.trade] + m.values.map { fmt(100 * $0, 4) }) }
            out += t.render() + "\n"
        }
        if !r.tradedComponents.isEmpty {
            out += "Component VaR after the trades, traded factors (\(r.confidenceKeys.last ?? "")): "
                + r.tradedComponents.map { "\($0.factor) \(fmt(100 * $0.value, 3))%" }.joined(separator: ", ") + "\n"
        }
        out += "Premium spent: \(fmtMoney(r.premiumSpent)) \(b.baseCurrency) (\(fmt(r.before.exposure.pct(r.premiumSpent), 3))% of NAV)\n"
        let (created, cleared) = breachChanges(r)
        for c in created { out += "NEW BREACH \(c)\n" }
        for c in cleared { out += "cleared breach \(c)\n" }
        if !r.after.limits.isEmpty {
            out += "\n" + LimitsOutput.table(r.before.limits, title: "Limits before") + "\n" + LimitsOutput.table(r.after.limits, title: "Limits after")
        }
        if let n = r.riskNote { out += "\nRisk: \(n)\n" }
        if !r.notes.isEmpty { out += "Notes:\n" + r.notes.map { "  - \($0)" }.joined(separator: "\n") + "\n" }
        return out
    }

    public static func csv(_ r: WhatIfReport) -> String {
        var rows: [[String]] = []
        for (section, list) in [("exposure", exposureRows(r)), ("layer", groupRows(r, .layer)), ("country", groupRows(r, .country)),
                                ("currency", groupRows(r, .currency)), ("pair", pairRows(r)), ("scenario", scenarioRows(r)), ("risk", riskRows(r))] {
            for x in list {
                rows.append([section, x.name, x.before.map(CSV.number) ?? "", x.after.map(CSV.number) ?? "",
                             CSV.number((x.after ?? 0) - (x.before ?? 0))])
            }
        }
        return CSV.render(headers: ["section", "name", "before_pct", "after_pct", "delta_pct"], rows: rows)
    }
}
