import Application
import Basics
import Risk
import RiskHistory

/// Renderers for the risk history: `record` and `replay` summaries, `history` tables, `explain`, the VaR backtest.
/// Conventions printed with every output: % of NAV; VaR/ES positive losses; P&L signed (a loss is negative).
public enum RiskHistoryOutput {
    // MARK: record

    public static func recorded(_ r: RunRecord, database: String, replaced: Bool) -> String {
        let v99 = r.risk.first { $0.method == "parametric" && abs($0.confidence - 0.99) < 1e-12 }
        var lines = ["\(replaced ? "replaced" : "recorded") \(r.book) \(r.valuationDate) in \(database)",
                     "  \(r.positions.count) positions, \(r.exposures.count) exposure rows, \(r.limits.count) limits, \(r.risk.count) VaR/ES rows, \(r.scenarios.count) scenarios, \(r.inputs.count) inputs (SHA-256)"]
        if let total = r.exposures.first(where: { $0.grouping == "total" && $0.view == "premium" }) {
            lines.append("  gross \(fmt(total.grossPctNAV, 2))% NAV, net \(fmt(total.netPctNAV, 2))%, beta-adjusted net \(fmt(r.betaAdjustedNetPctNAV, 2))%")
        }
        if let v = v99 { lines.append("  parametric 1-day VaR 99% \(fmt(100 * v.valueAtRisk, 3))% NAV, ES \(fmt(100 * v.expectedShortfall, 3))% (positive losses)") }
        lines.append("  risk settings: \(r.settings)")
        return lines.joined(separator: "\n")
    }

    public static func replay(_ s: RiskReplay.Summary, seconds: Double) -> String {
        var lines = ["replay: \(s.recorded.count) trading days recorded in \(s.database) (\(s.replaced) replaced) in \(fmt(seconds, 1)) s"]
        if let a = s.recorded.first, let b = s.recorded.last { lines.append("  \(a) … \(b)") }
        if !s.skipped.isEmpty {
            lines.append("  \(s.skipped.count) day(s) not recorded:")
            for x in s.skipped.prefix(10) { lines.append("    \(x.date): \(x.reason.split(separator: "\n").first ?? "")") }
            if s.skipped.count > 10 { lines.append("    … and \(s.skipped.count - 10) more") }
        }
        return lines.joined(separator: "\n")
    }

    // MARK: history

    public static func table(_ h: HistoryTable) -> String {
        var t = TextTable(title: "Risk history of \(h.book) (% of NAV; VaR/ES positive losses; worst scenario signed P&L; utilisation = value ÷ bound)",
                          headers: ["date"] + h.measures.map(\.description),
                          alignments: [.left] + h.measures.map { _ in .right })
        for (d, row) in zip(h.dates, h.values) {
            t.add(["\(d)"] + zip(h.measures, row).map { m, v in v.map { cell(m, $0) } ?? "-" })
        }
        return t.render()
    }

    static func cell(_ m: HistoryMeasure, _ v: Double) -> String {
        if case .limitUtilisation = m { return fmt(100 * v, 1) + "%" }
        return fmt(v, 3)
    }

    public static func csv(_ h: HistoryTable) -> String {
        CSV.render(headers: ["date"] + h.measures.map(\.description),
                   rows: zip(h.dates, h.values).map { d, row in ["\(d)"] + row.map { $0.map(CSV.number) ?? "" } })
    }

    public static func json(_ h: HistoryTable) -> JSONValue {
        .object([
            ("book", .string(h.book)),
            ("units", "exposures, weights, VaR, ES, worst scenario: % of NAV (VaR/ES positive losses, scenario P&L signed); limit utilisation: value / bound"),
            ("measures", .array(h.measures.map { .string($0.description) })),
            ("rows", .array(zip(h.dates, h.values).map { d, row in
                .object([("date", .string("\(d)")), ("values", .array(row.map { .number($0) }))])
            })),
        ])
    }

    // MARK: explain

    static let explainHeaders = ["position", "instrument", "delta", "gamma", "vega", "theta", "fx", "residual", "total"]

    static func explainRow(_ p: PositionPnLExplain) -> [Double] { [p.delta, p.gamma, p.vega, p.theta, p.fx, p.residual, p.total] }

    public static func explainTable(_ r: PnLExplainReport) -> String {
        var t = TextTable(title: "P&L explain \(r.book) \(r.from) → \(r.to) (\(r.baseCurrency), signed; total = full revaluation; residual closes the sum)",
                          headers: explainHeaders, alignments: [.left, .left] + Array(repeating: .right, count: 7))
        for p in r.positions + [r.total] { t.add([p.id, p.instrument] + explainRow(p).map { fmtMoney($0, 0) }) }
        let tot = r.total
        return t.render() + "\n" + "total \(fmtMoney(tot.total, 0)) \(r.baseCurrency) = \(fmt(100 * tot.total / r.nav, 3))% of NAV\n"
            + r.notes.map { "note: " + $0 }.joined(separator: "\n")
    }

    public static func explainCSV(_ r: PnLExplainReport) -> String {
        CSV.render(headers: explainHeaders, rows: (r.positions + [r.total]).map { [$0.id, $0.instrument] + explainRow($0).map(CSV.number) })
    }

    public static func explainJSON(_ r: PnLExplainReport) -> JSONValue {
        func obj(_ p: PositionPnLExplain) -> JSONValue {
            .object([("id", .string(p.id)), ("instrument", .string(p.instrument))]
                    + zip(explainHeaders.dropFirst(2), explainRow(p)).map { ($0, .number($1)) }
                    + [("valueFrom", .number(p.valueFrom)), ("valueTo", .number(p.valueTo))])
        }
        return .object([
            ("book", .string(r.book)), ("from", .string("\(r.from)")), ("to", .string("\(r.to)")),
            ("currency", .string(r.baseCurrency)), ("nav", .number(r.nav)),
            ("positions", .array(r.positions.map(obj))), ("total", obj(r.total)),
            ("notes", .array(r.notes.map { .string($0) })),
        ])
    }

    // MARK: VaR backtest

    public static func backtestTable(_ b: HistoryBacktest, listExceptions: Bool = true) -> String {
        var t = TextTable(title: "VaR backtest \(b.book): \(b.dates.first.map { "\($0)" } ?? "-") … \(b.dates.last.map { "\($0)" } ?? "-"), \(b.dates.count) days (1-day VaR of t − 1 vs realised P&L of t; p-values χ²)",
                          headers: ["method", "conf", "exceptions", "expected", "Kupiec LR", "p", "Christoffersen ind LR", "p", "cond cov LR", "p", "Basel (last 250)"],
                          alignments: [.left] + Array(repeating: .right, count: 10))
        for s in b.series {
            let r = s.result
            t.add([s.method, fmt(100 * s.confidence, 1) + "%", "\(r.exceptions)", fmt(Double(r.days) * r.expectedRate, 1),
                   fmt(r.kupiec.statistic, 3), fmt(r.kupiec.pValue, 4), fmt(r.independence.statistic, 3), fmt(r.independence.pValue, 4),
                   fmt(r.conditionalCoverage.statistic, 3), fmt(r.conditionalCoverage.pValue, 4),
                   r.basel.map { "\($0.zone.rawValue) (\($0.exceptions))" } ?? "-"])
        }
        var out = t.render()
        if listExceptions {
            for s in b.series where abs(s.confidence - 0.99) < 1e-12 {
                let list = s.result.exceptionIndices.map { "\(b.dates[$0]) P&L \(fmt(100 * b.pnl[$0], 2))% vs VaR \(fmt(100 * s.valueAtRisk[$0], 2))%" }
                out += "\nexceptions \(s.method) 99%: " + (list.isEmpty ? "none" : list.joined(separator: "; "))
            }
        }
        return out + "\n" + b.notes.map { "note: " + $0 }.joined(separator: "\n")
    }

    public static func backtestJSON(_ b: HistoryBacktest) -> JSONValue {
        func lr(_ x: VaRBacktest.LikelihoodRatio) -> JSONValue {
            .object([("statistic", .number(x.statistic)), ("df", .number(Double(x.degreesOfFreedom))), ("pValue", .number(x.pValue))])
        }
        return .object([
            ("book", .string(b.book)),
            ("conventions", "pnl: realised 1-day P&L, fraction of NAV (signed); var: previous day's 1-day VaR, fraction of NAV (positive loss); exception: pnl < -var"),
            ("dates", .array(b.dates.map { .string("\($0)") })), ("pnl", .numbers(b.pnl)),
            ("series", .array(b.series.map { s in
                let r = s.result
                return .object([
                    ("method", .string(s.method)), ("confidence", .number(s.confidence)), ("var", .numbers(s.valueAtRisk)),
                    ("days", .number(Double(r.days))), ("exceptions", .number(Double(r.exceptions))),
                    ("exceptionDates", .array(r.exceptionIndices.map { .string("\(b.dates[$0])") })),
                    ("kupiec", lr(r.kupiec)), ("independence", lr(r.independence)), ("conditionalCoverage", lr(r.conditionalCoverage)),
                    ("transitions", .object([("n00", .number(Double(r.transitions.n00))), ("n01", .number(Double(r.transitions.n01))),
                                             ("n10", .number(Double(r.transitions.n10))), ("n11", .number(Double(r.transitions.n11)))])),
                    ("basel", r.basel.map { .object([("days", .number(Double($0.days))), ("exceptions", .number(Double($0.exceptions))),
                                                     ("zone", .string($0.zone.rawValue)), ("plusFactor", .number($0.plusFactor))]) } ?? .null),
                ])
            })),
            ("notes", .array(b.notes.map { .string($0) })),
        ])
    }
}
