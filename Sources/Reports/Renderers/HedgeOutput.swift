import Application
import Basics
import Hedging

/// Renderers for ``HedgeReport`` (table, JSON, CSV). Percentages of NAV; VaR/CVaR and losses positive; P&L gain > 0.
public enum HedgeOutput {
    public static func conventions(_ r: HedgeReport) -> [String] {
        let a = NumberFormat.compact(r.request.alpha * 100, 2)
        return [
            "objective: \(r.request.objective); CVaR at α = \(a)% (Rockafellar-Uryasev: VaR + E[(loss − VaR)+]/(1 − α); VaR the lower \(a)% quantile of the scenario loss, no interpolation); every scenario weight 1/\(r.scenarios.ids.count)",
            "amounts in % of NAV (NAV \(fmtMoney(r.nav)) \(r.universe.named.baseCurrency.code)); losses and VaR/CVaR positive, P&L gain > 0; premium = price paid today (positive = paid)",
            "scenarios: \(r.scenarios.namedCount) named (each at its own horizon, propagation as `hedgebook stress`) + \(r.scenarios.ids.count - r.scenarios.namedCount) Monte Carlo; every candidate fully revalued by the stress engine",
            "generated options: European, Black-Scholes-Merton at the snapshot vol of the underlying (252-day realised, flat: no skew), strike = moneyness × spot, expiry = valuation date + tenor, 100 shares per contract; short lines: one share, no premium, no borrow or dividend accrual",
            "per-candidate cap: underlying notional ≤ \(NumberFormat.compact(r.request.grid.maxNotionalPercent, 2))% of NAV; option quantities long only; LP solved by COIN-OR CLP \(r.solverVersion) (\(r.solution.lp.formulation == .dual ? "through its dual" : "directly"), \(r.solution.lp.iterations) iterations)",
        ] + r.problem.limits.map { "limit: " + $0.description }
    }

    static func p(_ x: Double) -> String { fmt(x, 2) }

    public static func table(_ r: HedgeReport) -> String {
        var out = "Hedge optimiser — \(r.universe.named.book.book.name), \(r.universe.named.book.book.valuationDate)\n"
        for c in conventions(r) { out += "  " + c + "\n" }
        out += "\nChosen hedge (LP optimum; whole contracts: \(r.rounded.rule))\n"
        var t = TextTable(headers: ["candidate", "LP units", "whole", "unit", "premium % NAV", "description"],
                          alignments: [.left, .right, .right, .left, .right, .left])
        for row in holdings(r) {
            t.add([row.id, fmt(row.units, 2), row.whole, row.unit, p(row.premium), row.description])
        }
        out += t.render() + "\n"
        out += "\nBefore and after (% of NAV)\n"
        var m = TextTable(headers: ["measure"] + outcomes(r).map(\.label))
        func add(_ name: String, _ f: (HedgeOutcome) -> Double) { m.add([name] + outcomes(r).map { p(f($0.outcome)) }) }
        add("premium") { $0.premium }
        add("VaR \(NumberFormat.compact(r.request.alpha * 100, 2))%") { $0.tail.valueAtRisk }
        add("CVaR \(NumberFormat.compact(r.request.alpha * 100, 2))%") { $0.tail.conditionalValueAtRisk }
        m.add(["worst named scenario"] + outcomes(r).map { o in o.outcome.worstNamed.map { "\($0.id) \(p(-$0.pnl))" } ?? "-" })
        out += m.render() + "\n"
        if r.scenarios.namedCount > 0 {
            out += "\nP&L per named scenario (% of NAV, gain > 0)\n"
            var s = TextTable(headers: ["scenario"] + outcomes(r).map(\.label))
            for i in 0..<r.scenarios.namedCount {
                s.add([r.scenarios.ids[i]] + outcomes(r).map { p($0.outcome.pnl[i]) })
            }
            out += s.render() + "\n"
        }
        if !r.frontier.isEmpty {
            out += "\nEfficient frontier: the minimum CVaR each premium budget buys (LP optimum, fractional contracts)\n"
            var f = TextTable(headers: ["budget % NAV", "premium used", "CVaR", "VaR", "worst named", "largest holdings"],
                              alignments: [.right, .right, .right, .right, .left, .left])
            for pt in r.frontier {
                f.add([p(pt.budgetPercent), p(pt.premiumUsed), p(pt.outcome.tail.conditionalValueAtRisk), p(pt.outcome.tail.valueAtRisk),
                       pt.outcome.worstNamed.map { "\($0.id) \(p(-$0.pnl))" } ?? "-",
                       pt.holdings.prefix(3).map { "\($0.id) \(fmt($0.units, 1))" }.joined(separator: ", ")])
            }
            out += f.render() + "\n"
        }
        if !r.notes.isEmpty { out += "\nNotes\n" + r.notes.map { "  - " + $0 }.joined(separator: "\n") + "\n" }
        return out
    }

    public struct Holding {
        public var id, unit, whole, description: String
        public var units, premium: Double
    }

    /// Candidates the LP buys (units > 1e-9), largest premium first; whole = the rounded line quantities.
    public static func holdings(_ r: HedgeReport) -> [Holding] {
        let u = r.universe, k = 100 / r.nav
        return r.solution.units.indices.filter { r.solution.units[$0] > 1e-9 }
            .sorted { (r.solution.units[$0] * r.problem.premium[$0], u.candidates[$1].id) > (r.solution.units[$1] * r.problem.premium[$1], u.candidates[$0].id) }
            .map { j in
                let c = u.candidates[j]
                let whole = c.lines.map { l, _ in "\(fmt(r.rounded.lineQuantities[l], 0)) \(u.lines[l].contractWord)" }.joined(separator: " + ")
                return Holding(id: c.id, unit: c.unit, whole: whole, description: c.description, units: r.solution.units[j],
                               premium: r.solution.units[j] * c.premiumPerUnit * k)
            }
    }

    /// Columns of the before/after tables: as held (when positions were replaced), the book, the LP hedge, the rounded hedge.
    public static func outcomes(_ r: HedgeReport) -> [(label: String, outcome: HedgeOutcome)] {
        var o: [(String, HedgeOutcome)] = []
        if !r.universe.replaced.isEmpty { o.append(("as held (with \(r.universe.replaced.joined(separator: ", ")))", r.asHeld)) }
        o.append((r.universe.replaced.isEmpty ? "book (before)" : "book without them", r.base))
        o.append(("+ hedge (LP)", r.optimal))
        o.append(("+ hedge (whole contracts)", r.rounded.outcome))
        return o
    }

    static func outcomeJSON(_ o: HedgeOutcome, named: Bool) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("premiumPct", .number(o.premium)), ("varPct", .number(o.tail.valueAtRisk)), ("cvarPct", .number(o.tail.conditionalValueAtRisk)),
            ("worstNamed", o.worstNamed.map { .object([("id", .string($0.id)), ("pnlPct", .number($0.pnl))]) } ?? .null),
        ]
        if named { fields.append(("namedPnlPct", .object(o.named.map { ($0.id, .number($0.pnl)) }))) }
        return .object(fields)
    }

    public static func json(_ r: HedgeReport) -> JSONValue {
        let u = r.universe
        return .object([
            ("book", .string(u.named.book.book.name)),
            ("valuationDate", .string(u.named.book.book.valuationDate.description)),
            ("nav", .number(r.nav)),
            ("objective", .string(r.request.objective.description)),
            ("alpha", .number(r.request.alpha)),
            ("conventions", .strings(conventions(r))),
            ("scenarios", .object([("named", .number(Double(r.scenarios.namedCount))),
                                   ("monteCarlo", .number(Double(r.scenarios.ids.count - r.scenarios.namedCount)))])),
            ("solver", .object([("name", "COIN-OR CLP"), ("version", .string(r.solverVersion)),
                                ("formulation", .string(r.solution.lp.formulation.rawValue)),
                                ("iterations", .number(Double(r.solution.lp.iterations))),
                                ("lpObjective", .number(r.solution.lpObjective)), ("maxViolation", .number(r.solution.lp.maxViolation))])),
            ("candidates", .array(u.candidates.enumerated().map { j, c in
                .object([("id", .string(c.id)), ("kind", .string(c.kind.rawValue)), ("underlying", .string(c.underlying)),
                         ("unit", .string(c.unit)), ("premiumPerUnitPct", .number(r.problem.premium[j])), ("cap", .number(c.cap)),
                         ("units", .number(r.solution.units[j])),
                         ("whole", .numbers(c.lines.map { r.rounded.lineQuantities[$0.line] }))])
            })),
            ("rounding", .string(r.rounded.rule)),
            ("asHeld", u.replaced.isEmpty ? .null : outcomeJSON(r.asHeld, named: true)),
            ("replaced", .strings(u.replaced)),
            ("before", outcomeJSON(r.base, named: true)),
            ("after", outcomeJSON(r.optimal, named: true)),
            ("afterWholeContracts", outcomeJSON(r.rounded.outcome, named: true)),
            ("frontier", .array(r.frontier.map { pt in
                .object([("budgetPct", .number(pt.budgetPercent)), ("measures", outcomeJSON(pt.outcome, named: false)),
                         ("holdings", .object(pt.holdings.map { ($0.id, .number($0.units)) }))])
            })),
            ("notes", .strings(r.notes)),
        ])
    }

    /// CSV: one row per candidate bought, then the frontier (section column first).
    public static func csv(_ r: HedgeReport) -> String {
        var rows: [[String]] = []
        for h in holdings(r) {
            rows.append(["hedge", h.id, CSV.number(h.units), h.whole, CSV.number(h.premium), "", "", ""])
        }
        for (label, o) in outcomes(r) {
            rows.append(["measures", label, "", "", CSV.number(o.premium), CSV.number(o.tail.valueAtRisk),
                         CSV.number(o.tail.conditionalValueAtRisk), o.worstNamed.map { CSV.number(-$0.pnl) } ?? ""])
        }
        for pt in r.frontier {
            rows.append(["frontier", CSV.number(pt.budgetPercent), "", "", CSV.number(pt.premiumUsed), CSV.number(pt.outcome.tail.valueAtRisk),
                         CSV.number(pt.outcome.tail.conditionalValueAtRisk), pt.outcome.worstNamed.map { CSV.number(-$0.pnl) } ?? ""])
        }
        return CSV.render(headers: ["section", "id", "units", "whole", "premium_pct_nav", "var_pct_nav", "cvar_pct_nav", "worst_named_loss_pct_nav"],
                          rows: rows)
    }
}
