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

/// Which breakdown `hedgebook exposure --by` prints.
public enum ExposureGrouping: String, CaseIterable {
    case country, currency, layer, pair, tag, exchange, position
}

/// Renderers for `ExposureReport` (table for people, JSON/CSV for pipelines). Key order is fixed.
public enum ExposureOutput {
    public static func totalsJSON(_ t: ExposureTotals, _ r: ExposureReport) -> JSONValue {
        .object([
            ("longPct", .number(r.pct(t.long))), ("shortPct", .number(r.pct(t.short))),
            ("grossPct", .number(r.pct(t.gross))), ("netPct", .number(r.pct(t.net))),
            ("reservePct", .number(100 - r.pct(t.gross))),
            ("long", .number(t.long)), ("short", .number(t.short)), ("gross", .number(t.gross)), ("net", .number(t.net)),
            ("longCount", .number(Double(t.longCount))), ("shortCount", .number(Double(t.shortCount))),
        ])
    }

    public static func groupJSON(_ g: GroupExposure, _ r: ExposureReport) -> JSONValue {
        .object([
            ("key", .string(g.key)),
            ("longPct", .number(r.pct(g.premium.long))), ("shortPct", .number(r.pct(g.premium.short))),
            ("grossPct", .number(r.pct(g.premium.gross))), ("netPct", .number(r.pct(g.premium.net))),
            ("deltaLongPct", .number(r.pct(g.delta.long))), ("deltaShortPct", .number(r.pct(g.delta.short))),
            ("deltaNetPct", .number(r.pct(g.delta.net))),
            ("members", .strings(g.members)),
        ])
    }

    public static func json(_ r: ExposureReport, limits: [LimitStatus] = []) -> JSONValue {
        .object([
            ("book", .string(r.bookName)),
            ("valuationDate", .string(r.valuationDate.description)),
            ("baseCurrency", .string(r.baseCurrency.code)),
            ("nav", .number(r.nav)),
            ("conventions", .object([
                ("units", "percentages are % of NAV; amounts in base currency"),
                ("sign", "long > 0, short < 0 per position; totals long/short/gross are positive"),
                ("optionsPremiumView", "premium at risk signed by the direction of the position's delta"),
                ("optionsDeltaView", "contracts x multiplier x Black-Scholes delta x spot x FX (European BSM, ACT/365F)"),
                ("reserve", "100 - gross (premium view)"),
            ])),
            ("totals", .object([
                ("premium", totalsJSON(r.premium, r)),
                ("delta", totalsJSON(r.delta, r)),
                ("betaAdjustedNetPct", .number(r.pct(r.betaNet))),
                ("namesWithoutBeta", .strings(r.namesWithoutBeta)),
            ])),
            ("reconciliation", .array(r.claims.map { c in
                .object([
                    ("measure", .string(c.measure)), ("statedPct", .number(c.stated)), ("computedPct", .number(c.computed)),
                    ("computedDeltaPct", .number(c.computedDelta)), ("gapPct", .number(c.gap)),
                    ("tolerancePct", .number(c.tolerance)), ("flagged", .bool(c.flagged)),
                ])
            })),
            ("constraintBreaches", .array(r.breaches.map { b in
                .object([("id", .string(b.id)), ("description", .string(b.description)), ("detail", .string(b.detail)),
                         ("offenders", .strings(b.offenders))])
            })),
            ("positions", .array(r.positions.map { p in
                .object([
                    ("id", .string(p.id)), ("instrument", .string(p.instrument)), ("kind", .string(p.kind.rawValue)),
                    ("side", .string(p.side.rawValue)), ("country", .string(p.country)), ("currency", .string(p.currency)),
                    ("exchange", .string(p.exchange)), ("layer", .string(p.layer)), ("tags", .strings(p.tags)),
                    ("pairs", .strings(p.pairs)), ("quantity", .number(p.quantity)),
                    ("notionalPct", .number(r.pct(p.notional))), ("deltaPct", .number(r.pct(p.deltaNotional))),
                    ("betaPct", .number(p.betaNotional.map { r.pct($0) })),
                    ("notional", .number(p.notional)), ("deltaNotional", .number(p.deltaNotional)),
                    ("marketValue", .number(p.marketValue)),
                    ("optionDelta", .number(p.delta)), ("strike", .number(p.strike)),
                    ("daysToExpiry", .number(p.daysToExpiry.map(Double.init))),
                ])
            })),
            ("pairs", .array(r.pairs.map { p in
                .object([
                    ("id", .string(p.id)), ("name", .string(p.name)),
                    ("longLegPct", .number(r.pct(p.longLeg))), ("shortLegPct", .number(r.pct(p.shortLeg))),
                    ("netPct", .number(r.pct(p.net))), ("grossPct", .number(r.pct(p.gross))),
                    ("longLegDeltaPct", .number(r.pct(p.longLegDelta))), ("shortLegDeltaPct", .number(r.pct(p.shortLegDelta))),
                    ("netDeltaPct", .number(r.pct(p.netDelta))),
                ])
            })),
            ("breakdowns", .object([
                ("country", .array(r.breakdown(by: .country).map { groupJSON($0, r) })),
                ("currency", .array(r.breakdown(by: .currency).map { groupJSON($0, r) })),
                ("layer", .array(r.breakdown(by: .layer).map { groupJSON($0, r) })),
                ("pair", .array(r.pairBreakdown().map { groupJSON($0, r) })),
                ("tag", .array(r.breakdown(by: .tag).map { groupJSON($0, r) })),
            ])),
            ("limits", LimitsOutput.json(limits)),
            ("notes", .strings(r.notes)),
        ])
    }

    public static func groups(_ r: ExposureReport, _ by: ExposureGrouping) -> [GroupExposure] {
        switch by {
        case .pair: return r.pairBreakdown()
        case .country: return r.breakdown(by: .country)
        case .currency: return r.breakdown(by: .currency)
        case .layer: return r.breakdown(by: .layer)
        case .tag: return r.breakdown(by: .tag)
        case .exchange: return r.breakdown(by: .exchange)
        case .position: return r.breakdown(by: .position)
        }
    }

    public static func csv(_ r: ExposureReport, by: ExposureGrouping?) -> String {
        if let by {
            let rows = groups(r, by).map { g in
                [g.key, CSV.number(r.pct(g.premium.long)), CSV.number(r.pct(g.premium.short)), CSV.number(r.pct(g.premium.gross)),
                 CSV.number(r.pct(g.premium.net)), CSV.number(r.pct(g.delta.net)), g.members.joined(separator: " ")]
            }
            return CSV.render(headers: [by.rawValue, "long_pct", "short_pct", "gross_pct", "net_pct", "delta_net_pct", "members"], rows: rows)
        }
        let rows = r.positions.map { p in
            [p.id, p.kind.rawValue, p.side.rawValue, p.country, p.currency, p.layer, p.pairs.joined(separator: " "),
             CSV.number(p.quantity), CSV.number(r.pct(p.notional)), CSV.number(r.pct(p.deltaNotional)),
             p.betaNotional.map { CSV.number(r.pct($0)) } ?? "", CSV.number(p.notional), CSV.number(p.deltaNotional)]
        }
        return CSV.render(headers: ["id", "kind", "side", "country", "currency", "layer", "pairs", "quantity", "notional_pct",
                                    "delta_pct", "beta_pct", "notional_base", "delta_base"], rows: rows)
    }

    public static func table(_ r: ExposureReport, by: ExposureGrouping?, limits: [LimitStatus] = []) -> String {
        var out = "\(r.bookName) — valuation \(r.valuationDate), NAV \(fmtMoney(r.nav)) \(r.baseCurrency)\n"
        out += "(% of NAV; options at premium signed by delta direction, and delta-adjusted)\n\n"
        var t = TextTable(title: "Exposure", headers: ["view", "long %", "short %", "gross %", "net %", "reserve %", "#long", "#short"])
        for (name, x) in [("premium", r.premium), ("delta-adjusted", r.delta)] {
            t.add([name, fmt(r.pct(x.long)), fmt(r.pct(x.short)), fmt(r.pct(x.gross)), fmt(r.pct(x.net)),
                   fmt(100 - r.pct(x.gross)), String(x.longCount), String(x.shortCount)])
        }
        out += t.render()
        out += "beta-adjusted net: \(fmt(r.pct(r.betaNet)))% of NAV" + (r.namesWithoutBeta.isEmpty ? "" : " (no beta: \(r.namesWithoutBeta.joined(separator: ", ")))") + "\n\n"

        if !r.claims.isEmpty {
            var c = TextTable(title: "Reconciliation against the book's stated claims",
                              headers: ["measure", "stated %", "computed %", "gap pp", "delta-adj %", "flag"])
            for x in r.claims {
                c.add([x.measure, fmt(x.stated), fmt(x.computed), fmt(x.gap), fmt(x.computedDelta),
                       x.flagged ? "MISMATCH (> \(fmt(x.tolerance, 1)) pp)" : "ok"])
            }
            out += c.render() + "\n"
        }
        if r.breaches.isEmpty {
            out += "Constraints: all rules hold.\n\n"
        } else {
            out += "Constraint breaches:\n"
            for b in r.breaches {
                out += "  BREACH \(b.id): \(b.description) — \(b.detail)" + (b.offenders.isEmpty ? "" : ": \(b.offenders.joined(separator: ", "))") + "\n"
            }
            out += "\n"
        }
        var p = TextTable(title: "Positions", headers: ["id", "side", "layer", "country", "ccy", "notional %", "delta %", "beta %", "pairs"],
                          alignments: [.left, .left, .left, .left, .left, .right, .right, .right, .left])
        for x in r.positions {
            p.add([x.id, x.side.rawValue, x.layer, x.country, x.currency, fmt(r.pct(x.notional)), fmt(r.pct(x.deltaNotional)),
                   x.betaNotional.map { fmt(r.pct($0)) } ?? "-", x.pairs.joined(separator: ",")])
        }
        out += p.render() + "\n"
        if !r.pairs.isEmpty {
            var q = TextTable(title: "Pairs (% NAV)", headers: ["pair", "long leg", "short leg", "net", "gross", "net delta"])
            for x in r.pairs {
                q.add([x.id, fmt(r.pct(x.longLeg)), fmt(r.pct(x.shortLeg)), fmt(r.pct(x.net)), fmt(r.pct(x.gross)), fmt(r.pct(x.netDelta))])
            }
            out += q.render() + "\n"
        }
        for g in by.map({ [$0] }) ?? [.country, .layer] where g != .pair {
            var q = TextTable(title: "By \(g.rawValue) (% NAV)", headers: [g.rawValue, "long", "short", "gross", "net", "delta net"])
            for x in groups(r, g) {
                q.add([x.key, fmt(r.pct(x.premium.long)), fmt(r.pct(x.premium.short)), fmt(r.pct(x.premium.gross)),
                       fmt(r.pct(x.premium.net)), fmt(r.pct(x.delta.net))])
            }
            out += q.render() + "\n"
        }
        if !limits.isEmpty { out += LimitsOutput.table(limits) + "\n" }
        if !r.notes.isEmpty {
            out += "Notes:\n" + r.notes.map { "  - \($0)" }.joined(separator: "\n") + "\n"
        }
        return out
    }
}
