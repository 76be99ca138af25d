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

public enum PayoffOutput {
    public static func pct(_ v: Double, _ d: Int = 2) -> String { fmt(v, d) + "%" }
    public static func move(_ m: Double) -> String { (m > 0 ? "+" : "") + fmt(m * 100, 0) + "%" }

    // MARK: JSON

    public static func json(_ r: PayoffReport) -> JSONValue {
        .object([
            ("book", .string(r.bookName)),
            ("valuationDate", .string(r.valuationDate.description)),
            ("baseCurrency", .string(r.baseCurrency.code)),
            ("nav", .number(r.nav)),
            ("horizonDays", .number(Double(r.options.horizonDays))),
            ("volShift", .number(r.options.volShift)),
            ("conventions", .object([
                ("amounts", "base currency; percentages of NAV"),
                ("premium", "value today, positive = paid (debit), negative = received"),
                ("greeks", "deltaNotional = dV/dS*S; gammaPerPercent = change of deltaNotional per +1% move; vegaPerVolPoint per +0.01 vol; thetaPerDay per calendar day (ACT/365F); rhoPerPercent per +0.01 rate"),
                ("pnl", "value then minus premium; at expiry = intrinsic; at horizon = repriced with the vol shift; stock legs carry no financing"),
                ("models", .string("American legs: CRR binomial tree (\(r.options.americanSteps) steps); European: Black-Scholes-Merton")),
                ("defaultMoneyness", "unstated strikes: puts 0.8 x spot, calls 1.2 x spot; 'atm' = 1.0"),
            ])),
            ("sections", .array(r.sections.map { section($0, nav: r.nav) })),
            ("problems", .strings(r.problems)),
        ])
    }

    public static func section(_ s: PackageReport, nav: Double) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("kind", .string(s.kind.rawValue)), ("id", .string(s.id)), ("name", .string(s.name)),
            ("basis", .string(s.basis)), ("held", .bool(s.held)),
            ("expired", .bool(!s.expiredLegs.isEmpty)), ("expiredLegs", .strings(s.expiredLegs)),
            ("legs", .array(s.legs.map { l in
                .object([
                    ("id", .string(l.id)), ("underlying", .string(l.underlying)), ("type", .string(l.type)),
                    ("strike", .number(l.strike)), ("strikeAssumed", .bool(l.strikeAssumed)),
                    ("expiry", .string(l.expiry?.description)),
                    ("daysToExpiry", .number(l.daysToExpiry.map(Double.init))), ("expired", .bool(l.expired)),
                    ("quantity", .number(l.quantity)), ("multiplier", .number(l.multiplier)),
                    ("unitValue", .number(l.unitValue)), ("currency", .string(l.currency.code)),
                    ("valueBase", .number(l.valueBase)),
                ])
            })),
            ("premium", .number(s.premium)), ("premiumPctNAV", .number(s.premiumPercentOfNAV)),
            ("notional", .number(s.notional)),
        ]
        if let g = s.greeks {
            func both(_ name: String, _ v: Double) -> [(String, JSONValue)] {
                [(name, .number(v)), (name + "PctNAV", .number(nav != 0 ? v / nav * 100 : nil))]
            }
            pairs.append(("greeks", .object(both("deltaNotional", g.deltaNotional) + both("gammaPerPercent", g.gammaPerPercent)
                + both("vegaPerVolPoint", g.vegaPerVolPoint) + both("thetaPerDay", g.thetaPerDay)
                + both("rhoPerPercent", g.rhoPerPercent))))
        } else {
            pairs.append(("greeks", .null))
        }
        if let z = s.sizing {
            pairs.append(("sizing", .object([
                ("budgetPctNAV", .number(z.budgetPercentOfNAV)), ("contractsExact", .number(z.contractsExact)),
                ("contracts", .number(z.contracts)), ("premiumUsed", .number(z.premiumUsed)),
                ("premiumUsedPctNAV", .number(z.premiumUsedPercentOfNAV)), ("deltaNotional", .number(z.deltaNotional)),
                ("deltaPctNAV", .number(z.deltaPercentOfNAV)), ("headlineMove", .number(z.headlineMove)),
                ("pnlHeadlineAtExpiry", .number(z.pnlHeadlineAtExpiry)), ("pnlHeadlineAtHorizon", .number(z.pnlHeadlineAtHorizon)),
            ])))
        }
        pairs.append(("breakEvens", .object(s.breakEvens.map { ($0.underlying, .numbers($0.moves)) })))
        if let x = s.extremes {
            pairs.append(("maxGain", x.maxGain.map { .number($0) } ?? .string("unbounded")))
            pairs.append(("maxLoss", x.maxLoss.map { .number($0) } ?? .string("unbounded")))
            pairs.append(("extremesExact", .bool(x.exact)))
        }
        pairs.append(("grid", .array(s.grid.map { g in
            .object([
                ("moves", .object(g.moves.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) })),
                ("pnlAtExpiry", .number(g.pnlAtExpiry)), ("pnlAtHorizon", .number(g.pnlAtHorizon)),
            ])
        })))
        pairs.append(("claims", .array(s.claims.map { c in
            .object([
                ("claim", .string(c.claim)), ("basis", .string(c.basis)), ("verdict", .string(c.verdict.rawValue)),
                ("computed", .number(c.computed)), ("computedAtHorizon", .number(c.computedAtHorizon)),
                ("detail", .string(c.detail)), ("assumptions", .strings(c.assumptions)),
            ])
        })))
        pairs.append(("notes", .strings(s.notes)))
        return .object(pairs)
    }

    // MARK: CSV (long format: one number per row)

    public static func csv(_ r: PayoffReport) -> String {
        var rows: [[String]] = []
        for s in r.sections {
            func add(_ metric: String, _ v: Double?, _ m: JointMove = [:], detail: String = "") {
                let keys = m.keys.sorted()
                let u1 = keys.first ?? "", u2 = keys.count > 1 ? keys[1] : ""
                rows.append([s.id, s.basis, metric, u1, u1.isEmpty ? "" : CSV.number(m[u1]!), u2,
                             u2.isEmpty ? "" : CSV.number(m[u2]!), v.map(CSV.number) ?? "", detail])
            }
            for l in s.legs where l.expired { add("expiredLeg", Double(l.daysToExpiry ?? 0), detail: "EXPIRED \(l.id) on \(l.expiry?.description ?? "")") }
            add("premium", s.premium)
            add("premiumPctNAV", s.premiumPercentOfNAV)
            if let g = s.greeks {
                add("deltaNotional", g.deltaNotional); add("gammaPerPercent", g.gammaPerPercent)
                add("vegaPerVolPoint", g.vegaPerVolPoint); add("thetaPerDay", g.thetaPerDay); add("rhoPerPercent", g.rhoPerPercent)
            }
            if let z = s.sizing {
                add("contracts", z.contracts); add("deltaPctNAV", z.deltaPercentOfNAV)
                add("pnlHeadlineAtExpiry", z.pnlHeadlineAtExpiry, [s.legs[0].underlying: z.headlineMove])
                add("pnlHeadlineAtHorizon", z.pnlHeadlineAtHorizon, [s.legs[0].underlying: z.headlineMove])
            }
            for g in s.grid {
                add("pnlAtExpiry", g.pnlAtExpiry, g.moves)
                add("pnlAtHorizon", g.pnlAtHorizon, g.moves)
            }
            for c in s.claims { add("claim", c.computed, detail: "\(c.claim): \(c.verdict.rawValue) — \(c.detail)") }
        }
        return CSV.render(headers: ["id", "basis", "metric", "underlying1", "move1", "underlying2", "move2", "value", "detail"],
                          rows: rows)
    }

    // MARK: Table

    public static func table(_ r: PayoffReport) -> String {
        var out = "Payoff report: \(r.bookName)\n"
        out += "Valuation date \(r.valuationDate), NAV \(fmtMoney(r.nav)) \(r.baseCurrency); horizon \(r.options.horizonDays) days"
        out += r.options.volShift != 0 ? ", vol shift \(fmt(r.options.volShift * 100, 1)) pts\n" : "\n"
        out += "Premium positive = paid. Greeks in \(r.baseCurrency): delta = delta-equivalent notional, gamma = Δnotional per +1%, vega per vol pt, theta per day, rho per +1%.\n"
        out += "Models: American legs CRR tree (\(r.options.americanSteps) steps), European legs Black-Scholes-Merton; ACT/365F.\n"
        for s in r.sections {
            out += "\n" + String(repeating: "=", count: 100) + "\n"
            out += "\(s.kind.rawValue.uppercased()) \(s.id): \(s.name)\n"
            out += "basis: \(s.basis)\(s.held ? "" : "; not held (proposed by the book)")\n"
            if !s.expiredLegs.isEmpty {
                out += "!!! EXPIRED: \(s.expiredLegs.joined(separator: ", ")) expired before the valuation date \(r.valuationDate) !!!\n"
            }
            var legs = TextTable(headers: ["leg", "underlying", "type", "strike", "expiry", "days", "quantity", "value/sh", "value \(r.baseCurrency)", ""],
                                 alignments: [.left, .left, .left, .right, .left, .right, .right, .right, .right, .left])
            for l in s.legs {
                legs.add([l.id, l.underlying, l.type, l.strike.map { fmt($0, 2) + (l.strikeAssumed ? "*" : "") } ?? "",
                          l.expiry?.description ?? "", l.daysToExpiry.map(String.init) ?? "", fmt(l.quantity, 2),
                          fmt(l.unitValue, 4) + " " + l.currency.code, fmtMoney(l.valueBase), l.expired ? "EXPIRED" : ""])
            }
            out += legs.render()
            if s.legs.contains(where: \.strikeAssumed) { out += "* strike assumed (not stated in the book)\n" }
            if s.isLinear, let p = s.premium, let pp = s.premiumPercentOfNAV {
                out += "no premium (linear legs only): signed notional \(fmtMoney(p)) \(r.baseCurrency) = \(pct(pp, 3)) of NAV\n"
            } else if let p = s.premium, let pp = s.premiumPercentOfNAV {
                out += "premium \(fmtMoney(p)) \(r.baseCurrency) = \(pct(pp, 3)) of NAV"
                if let n = s.notional, n > 0 { out += "; \(pct(p / n * 100)) of underlying notional \(fmtMoney(n))" }
                out += "\n"
            }
            if let g = s.greeks {
                let nav = r.nav
                var t = TextTable(headers: ["greek", r.baseCurrency.code, "% NAV"])
                for (n, v) in [("delta (notional)", g.deltaNotional), ("gamma (per +1%)", g.gammaPerPercent),
                               ("vega (per vol pt)", g.vegaPerVolPoint), ("theta (per day)", g.thetaPerDay),
                               ("rho (per +1%)", g.rhoPerPercent)] {
                    t.add([n, fmtMoney(v), pct(v / nav * 100, 4)])
                }
                out += t.render()
            }
            if let z = s.sizing {
                out += "PREMIUM-BUDGET SIZING: \(fmt(z.budgetPercentOfNAV, 2))% of NAV buys \(fmt(z.contractsExact, 2)) contracts; \(fmt(z.contracts, 0)) used, premium \(fmtMoney(z.premiumUsed)) (\(pct(z.premiumUsedPercentOfNAV, 3)) NAV)\n"
                out += "delta-adjusted exposure: \(fmtMoney(z.deltaNotional)) \(r.baseCurrency) = \(pct(z.deltaPercentOfNAV)) of NAV (\(z.deltaNotional < 0 ? "short" : "long"))\n"
                out += "P&L if \(s.legs[0].underlying) moves \(move(z.headlineMove)): \(fmtMoney(z.pnlHeadlineAtExpiry)) at expiry (\(pct(z.pnlHeadlineAtExpiry / r.nav * 100)) NAV), \(fmtMoney(z.pnlHeadlineAtHorizon)) repriced \(r.options.horizonDays) days out (\(pct(z.pnlHeadlineAtHorizon / r.nav * 100)) NAV)\n"
            }
            if let x = s.extremes {
                out += "max gain at expiry: \(x.maxGain.map { fmtMoney($0) } ?? "unbounded"); max loss: \(x.maxLoss.map { fmtMoney($0) } ?? "unbounded")\(x.exact ? "" : " (from a spot grid)")\n"
            }
            for be in s.breakEvens {
                out += "break-even at expiry, \(be.underlying) (others unchanged): \(be.moves.isEmpty ? "none" : be.moves.map { ($0 > 0 ? "+" : "") + fmt($0 * 100, 2) + "%" }.joined(separator: ", "))\n"
            }
            out += grids(s, r)
            if !s.claims.isEmpty {
                var t = TextTable(headers: ["claim", "computed", "verdict", "detail"], alignments: [.left, .right, .left, .left])
                for c in s.claims {
                    let v: String
                    if let x = c.computed {
                        if case .payoffMultiple = claimKind(c.claim) { v = fmt(x, 2) + "x" } else { v = pct(x * 100) }
                    } else { v = "-" }
                    t.add([c.claim, v, c.verdict == .holds ? "HOLDS" : (c.verdict == .fails ? "FAILS" : "NOT CHECKABLE"), c.detail])
                }
                out += "CLAIM CHECKS (\(s.basis))\n" + t.render()
                if let a = s.claims.first?.assumptions { out += "assumptions: " + a.joined(separator: "; ") + "\n" }
            }
            for n in s.notes { out += "note: \(n)\n" }
        }
        for p in r.problems { out += "\nPROBLEM: \(p)\n" }
        return out
    }

    public enum ClaimWord { case payoffMultiple, other }
    public static func claimKind(_ text: String) -> ClaimWord { text.hasPrefix("payoff") ? .payoffMultiple : .other }

    public static func grids(_ s: PackageReport, _ r: PayoffReport) -> String {
        guard !s.grid.isEmpty else { return "" }
        let us = Array(Set(s.grid.flatMap { $0.moves.keys })).sorted()
        let moves = r.options.moves
        var out = ""
        for (title, pick) in [("P&L at expiry", { (g: GridPoint) in g.pnlAtExpiry }),
                              ("P&L repriced \(r.options.horizonDays) days out", { (g: GridPoint) in g.pnlAtHorizon })] {
            if us.count == 2 {
                var t = TextTable(title: "\(title) (\(r.baseCurrency)); rows \(us[0]) move, columns \(us[1]) move",
                                  headers: ["\(us[0]) \\ \(us[1])"] + moves.map(move))
                for a in moves {
                    t.add([move(a)] + moves.map { b in
                        s.grid.first { $0.moves[us[0]] == a && $0.moves[us[1]] == b }.map { fmtMoney(pick($0)) } ?? ""
                    })
                }
                out += t.render()
            } else {
                var t = TextTable(title: "\(title) (\(r.baseCurrency)); move of \(us.joined(separator: ", "))",
                                  headers: ["move"] + s.grid.map { move($0.moves.values.first ?? 0) })
                t.add(["P&L"] + s.grid.map { fmtMoney(pick($0)) })
                t.add(["% NAV"] + s.grid.map { pct(pick($0) / r.nav * 100) })
                out += t.render()
            }
        }
        return out
    }
}
