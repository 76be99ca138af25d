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

/// Renderers for `BacktestReport`. JSON key order is fixed and documented in the README.
public enum BacktestOutput {
    public static func attributionJSON(_ lines: [AttributionLine]) -> JSONValue {
        .array(lines.map { l in
            .object([("group", .string(l.group)), ("pnl", .number(l.net)), ("contribution", .number(l.contribution)),
                     ("pricePnl", .number(l.pricePnL)), ("costs", .number(l.costs)), ("borrowFees", .number(l.borrow))])
        })
    }

    public static func json(_ rep: BacktestReport) -> JSONValue {
        let r = rep.result, m = rep.metrics, c = rep.config
        let positions: JSONValue = .array(r.tickers.indices.map { a in
            .object([("ticker", .string(r.tickers[a])), ("shares", .number(r.finalShares[a])),
                     ("price", .number(r.finalPrices[a])), ("value", .number(r.finalShares[a] * r.finalPrices[a])),
                     ("weight", .number(r.finalWeights[a]))])
        })
        func series(_ v: [Double]) -> JSONValue { .array(zip(r.dates, v).map { .array([.string($0.description), .number($1)]) }) }
        return .object([
            ("mode", .string(rep.mode)),
            ("from", .string(r.dates.first?.description)),
            ("to", .string(r.dates.last?.description)),
            ("days", .number(Double(r.dates.count))),
            ("config", .object([
                ("rebalance", .string(c.rebalance.description)), ("costBps", .number(c.commissionBps)),
                ("slippageBps", .number(c.slippageBps)), ("borrowRate", .number(c.borrowRate)),
                ("cashRate", .number(c.cashRate)), ("riskFreeRate", .number(c.riskFreeRate)),
            ])),
            ("conventions", .object([
                ("eventOrder", "(a) borrow fee on previous close's short value x rate x calendar days/365; (b) mark at close; (c) rebalance: trade to target x pre-cost NAV, costs = bps x |traded notional| paid from cash; (d) record NAV"),
                ("returns", "daily simple returns of the NAV series from the post-cost day-0 NAV; 252 days per year"),
                ("metrics", "empyrical definitions (annual_return, annual_volatility, sharpe_ratio, sortino_ratio, max_drawdown, calmar_ratio, beta); hitRate = quantstats win_rate"),
                ("turnover", "sum over rebalances after the initial build of two-sided traded notional / pre-trade NAV, / ((days-1)/252)"),
            ])),
            ("initialNav", .number(r.initialNAV)),
            ("finalNav", .number(r.finalNAV)),
            ("totalReturn", .number(m.totalReturn)),
            ("cagr", .number(m.cagr)),
            ("volatility", .number(m.volatility)),
            ("sharpe", .number(m.sharpe)),
            ("sortino", .number(m.sortino)),
            ("maxDrawdown", .number(m.maxDrawdown)),
            ("maxDrawdownPeak", .string(m.drawdownPeak?.description)),
            ("maxDrawdownTrough", .string(m.drawdownTrough?.description)),
            ("maxDrawdownRecovery", .string(m.drawdownRecovery?.description)),
            ("calmar", .number(m.calmar)),
            ("hitRate", .number(m.hitRate)),
            ("totalCosts", .number(r.totalCosts)),
            ("totalBorrowFees", .number(r.totalBorrow)),
            ("totalCashInterest", .number(r.totalInterest)),
            ("rebalances", .number(Double(r.rebalanceDays.count))),
            ("forcedTradeDays", .number(Double(r.forcedTradeDays.count))),
            ("turnoverAnnualized", .number(rep.turnoverAnnualized)),
            ("benchmarks", .array(rep.relative.map { b in
                .object([("ticker", .string(b.benchmark)), ("beta", .number(b.beta)), ("correlation", .number(b.correlation)),
                         ("totalReturn", .number(b.benchmarkTotalReturn))])
            })),
            ("positions", positions),
            ("attribution", .object(rep.attribution.map { ($0.grouping, attributionJSON($0.lines)) })),
            ("pairs", .array(rep.pairs.map { p in
                .object([("id", .string(p.id)), ("name", .string(p.name)), ("legs", .strings(p.legs)),
                         ("entered", .string(p.entered?.description)), ("exited", .string(p.exited?.description)),
                         ("exitReason", .string(p.exitReason)), ("spread", .number(p.spread)),
                         ("pnl", .number(p.pnl)), ("contribution", .number(p.contribution))])
            })),
            ("events", .array(r.events.map { e in
                .object([("date", .string(e.date.description)), ("ticker", .string(e.ticker)), ("reason", .string(e.reason))])
            })),
            ("notes", .strings((rep.windowNote.map { [$0] } ?? []) + rep.notes)),
            ("nav", series(r.nav)),
            ("grossExposure", series(r.gross)),
            ("netExposure", series(r.net)),
        ])
    }

    /// The daily series: date, NAV, daily return, gross/net/long/short exposure (fractions of NAV), costs, borrow, traded.
    public static func csv(_ rep: BacktestReport) -> String {
        let r = rep.result
        var rows: [[String]] = []
        for t in r.dates.indices {
            let ret = t == 0 ? "" : CSV.number(r.nav[t] / r.nav[t - 1] - 1)
            rows.append([r.dates[t].description, CSV.number(r.nav[t]), ret, CSV.number(r.gross[t]), CSV.number(r.net[t]),
                         CSV.number(r.long[t]), CSV.number(r.short[t]), CSV.number(r.dailyCosts[t]),
                         CSV.number(r.dailyBorrow[t]), CSV.number(r.dailyTraded[t])])
        }
        return CSV.render(headers: ["date", "nav", "return", "gross", "net", "long", "short", "costs", "borrowFees", "traded"],
                          rows: rows)
    }

    public static func pct(_ v: Double?, _ d: Int = 2) -> String { v.map { fmt($0 * 100, d) + "%" } ?? "n/a" }
    public static func num(_ v: Double?, _ d: Int = 2) -> String { v.map { fmt($0, d) } ?? "n/a" }

    public static func table(_ rep: BacktestReport) -> String {
        let r = rep.result, m = rep.metrics
        var out = rep.windowNote.map { "Note: \($0).\n\n" } ?? ""
        var s = TextTable(title: "Backtest (\(rep.mode)) \(r.dates.first?.description ?? "")…\(r.dates.last?.description ?? ""), \(r.dates.count) days, rebalance \(rep.config.rebalance)",
                          headers: ["metric", "value"])
        s.add(["initial NAV", fmtMoney(r.initialNAV)])
        s.add(["final NAV", fmtMoney(r.finalNAV)])
        s.add(["total return", pct(m.totalReturn)])
        s.add(["CAGR", pct(m.cagr)])
        s.add(["volatility (ann.)", pct(m.volatility)])
        s.add(["Sharpe (rf \(fmt(rep.config.riskFreeRate * 100, 2))%)", num(m.sharpe)])
        s.add(["Sortino", num(m.sortino)])
        s.add(["max drawdown", pct(m.maxDrawdown)])
        s.add(["  peak → trough", "\(m.drawdownPeak?.description ?? "-") → \(m.drawdownTrough?.description ?? "-")"])
        s.add(["  recovered", m.drawdownRecovery?.description ?? (m.maxDrawdown < 0 ? "not yet" : "-")])
        s.add(["Calmar", num(m.calmar)])
        s.add(["hit rate", pct(m.hitRate, 1)])
        s.add(["costs", fmtMoney(r.totalCosts)])
        s.add(["borrow fees", fmtMoney(r.totalBorrow)])
        if r.totalInterest != 0 { s.add(["cash interest", fmtMoney(r.totalInterest)]) }
        s.add(["rebalances", "\(r.rebalanceDays.count)"])
        s.add(["turnover (ann.)", num(rep.turnoverAnnualized)])
        for b in rep.relative {
            s.add(["beta / corr to \(b.benchmark)", "\(num(b.beta)) / \(num(b.correlation))"])
        }
        out += s.render()
        for (g, lines) in rep.attribution {
            var t = TextTable(title: "\nP&L by \(g)", headers: [g, "P&L", "% initial NAV", "costs", "borrow"])
            for l in lines.sorted(by: { $0.net > $1.net }) {
                t.add([l.group, fmtMoney(l.net), pct(l.contribution), fmtMoney(l.costs), fmtMoney(l.borrow)])
            }
            out += t.render()
        }
        if !rep.pairs.isEmpty {
            var t = TextTable(title: "\nPairs", headers: ["pair", "entered", "exited", "reason", "spread", "P&L"])
            for p in rep.pairs {
                t.add([p.id, p.entered?.description ?? "never", p.exited?.description ?? "-", p.exitReason ?? "-",
                       pct(p.spread, 1), fmtMoney(p.pnl)])
            }
            out += t.render()
        }
        let notes = (rep.windowNote.map { [$0] } ?? []) + rep.notes
        if !notes.isEmpty { out += "\nNotes:\n" + notes.map { "- " + $0 }.joined(separator: "\n") + "\n" }
        if !r.events.isEmpty {
            out += "\nForced trades:\n" + r.events.map { "- \($0.date) \($0.ticker): \($0.reason)" }.joined(separator: "\n") + "\n"
        }
        return out
    }
}
