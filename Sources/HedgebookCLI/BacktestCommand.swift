import ArgumentParser
import Backtest
import Basics
import FileFormats
import Foundation
import Instruments
import MarketData
import Reports

/// `hedgebook backtest`: replay target weights (a `ticker,weight` file) or a book on a price history.
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Replay target weights or a book on price history: daily NAV, drawdowns, costs, borrow, attribution.",
        discussion: """
        Weights mode:  hedgebook backtest --prices PANEL.csv --weights WEIGHTS.csv [--rebalance monthly] \
        [--cost-bps 10] [--borrow-rate 0.03] [--initial-nav 1000000] [--from D --to D] --format json
        Book mode:     hedgebook backtest BOOK.yaml --market SNAPSHOT.yaml --prices FOLDER[,FOLDER…] [--from D --to D]

        Event order per day: (a) borrow fee on the previous close's short value × rate × calendar days/365; \
        (b) mark at the close; (c) on a rebalance day trade every name to target weight × the pre-cost NAV, \
        paying (cost-bps + slippage-bps)/10⁴ × |traded notional| from cash; (d) record NAV. Day 0 (the initial \
        build) is a rebalance. Fractional shares. Rebalance rules: daily, weekly (first trading day of a week), \
        monthly (first trading day of a month), threshold:X (some |weight − target| > X), never.
        JSON keys: see README `## hedgebook backtest`.
        """)

    @Argument(help: "Book YAML file (book mode). Omit for weights mode.") var book: String?
    @Option(name: .long, help: "Market snapshot YAML (book mode).") var market: String?
    @Option(name: .long, help: "Weights mode: wide CSV Date,T1,T2,… Book mode: folder(s) of <TICKER>.csv, comma-separated, searched in order.")
    var prices: String
    @Option(name: .long, help: "Weights file `ticker,weight` (weights mode).") var weights: String?
    @Option(name: .long, help: "Instead of --weights: a schedule `date,ticker,weight` (each date's rows are the targets from that date on).")
    var schedule: String?
    @Option(name: .long, help: "daily | weekly | monthly | threshold:0.05 | never") var rebalance: String = "monthly"
    @Option(name: .customLong("cost-bps"), help: "Commission, bp of traded notional.") var costBps: Double = 10
    @Option(name: .customLong("slippage-bps"), help: "Slippage, bp of traded notional (added to commission).") var slippageBps: Double = 0
    @Option(name: .customLong("borrow-rate"), help: "Annual borrow fee on shorts (weights mode: every short; book mode: default when the book/snapshot gives none).")
    var borrowRate: Double = 0.03
    @Option(name: .customLong("cash-rate"), help: "Annual simple interest on cash, ACT/365 (default 0: none).") var cashRate: Double = 0
    @Option(name: .customLong("initial-nav"), help: "Initial NAV (weights mode; book mode uses the book's NAV unless given).")
    var initialNav: Double?
    @Option(name: .long, help: "First date (YYYY-MM-DD), inclusive.") var from: String?
    @Option(name: .long, help: "Last date (YYYY-MM-DD), inclusive.") var to: String?
    @Option(name: .customLong("risk-free"), help: "Annual risk-free rate for Sharpe/Sortino (daily = rate/252).") var riskFree: Double = 0
    @Option(name: .long, help: "Benchmarks for beta/correlation, comma-separated.") var benchmark: String = "SPY,SOXX"
    @Option(name: .customLong("pair-stop"), help: "Book mode: exit a pair when its spread falls to −X (e.g. 0.15).") var pairStop: Double?
    @Flag(name: .customLong("no-pair-exit"), help: "Book mode: do not exit pairs at their spread target.") var noPairExit = false
    @Flag(name: .customLong("no-roll"), help: "Book mode: do not roll options at expiry (cash after expiry).") var noRoll = false
    @Option(name: .customLong("vol-window"), help: "Book mode: days of realised volatility used to mark options.") var volWindow: Int = 60
    @Option(name: .long, help: "table | json | csv (csv = the daily NAV series)") var format: OutputFormat = .table
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runReportingErrors(quiet: global.quiet) {
            let rule = try RebalanceRule(parsing: rebalance)
            let fromDate = try from.map { try parseDate($0, option: "--from") }
            let toDate = try to.map { try parseDate($0, option: "--to") }
            var config = BacktestConfig(rebalance: rule, commissionBps: costBps, slippageBps: slippageBps,
                                        borrowRate: borrowRate, cashRate: cashRate, initialNAV: initialNav ?? 1_000_000,
                                        from: fromDate, to: toDate, riskFreeRate: riskFree,
                                        benchmarks: benchmark.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                                            .filter { !$0.isEmpty })
            let report: BacktestReport
            if let bookPath = book {
                guard let marketPath = market else {
                    throw ValidationError("book mode needs --market SNAPSHOT.yaml")
                }
                if weights != nil { throw ValidationError("give either a BOOK or --weights, not both") }
                let b = try BookFile.load(path: bookPath)
                let m = try MarketFile.load(path: marketPath)
                if initialNav == nil { config.initialNAV = b.nav }
                let folders = prices.split(separator: ",").map(String.init)
                let options = BookReplayOptions(pairExit: !noPairExit, pairStop: pairStop, rollOptions: !noRoll,
                                                volatilityWindow: volWindow)
                report = try BookReplay.run(book: b, market: m, folders: folders, config: config, options: options)
            } else {
                let sched: WeightSchedule
                let wPath: String
                if let sPath = schedule {
                    if weights != nil { throw ValidationError("give either --weights or --schedule, not both") }
                    sched = try ScheduleFile.load(path: sPath)
                    wPath = sPath
                } else if let p = weights {
                    sched = WeightSchedule(constant: try WeightsFile.load(path: p))
                    wPath = p
                } else {
                    throw ValidationError("weights mode needs --weights WEIGHTS.csv or --schedule SCHEDULE.csv (or give a BOOK and --market)")
                }
                let panel = try PricePanelLoader.loadWide(path: prices)
                for t in sched.tickers where panel.index(of: t) == nil {
                    throw BacktestError.tickerNotInPanel(ticker: t, source: "\(wPath):\(lineOf(ticker: t, in: wPath)), panel \(prices)")
                }
                let result = try Backtester.run(panel: panel, schedule: sched, config: config)
                report = BacktestReport(mode: "weights", result: result, config: config, panel: panel)
            }
            let text: String
            switch format {
            case .json: text = BacktestOutput.json(report).serialized()
            case .csv: text = BacktestOutput.csv(report)
            case .table: text = BacktestOutput.table(report)
            }
            try emit(text, options: global)
        }
    }

    private func parseDate(_ s: String, option: String) throws -> LocalDate {
        guard let d = LocalDate(iso: s) else { throw ValidationError("\(option) '\(s)' is not a date YYYY-MM-DD") }
        return d
    }

    /// 1-based line of a ticker in a weights file (for error messages); 0 when not found.
    private func lineOf(ticker: String, in path: String) -> Int {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return 0 }
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let f = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if f.first == ticker || (f.count == 3 && f[1] == ticker) { return i + 1 }
        }
        return 0
    }
}

/// Renderers for `BacktestReport`. JSON key order is fixed and documented in the README.
enum BacktestOutput {
    static func attributionJSON(_ lines: [AttributionLine]) -> JSONValue {
        .array(lines.map { l in
            .object([("group", .string(l.group)), ("pnl", .number(l.net)), ("contribution", .number(l.contribution)),
                     ("pricePnl", .number(l.pricePnL)), ("costs", .number(l.costs)), ("borrowFees", .number(l.borrow))])
        })
    }

    static func json(_ rep: BacktestReport) -> JSONValue {
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
            ("notes", .strings(rep.notes)),
            ("nav", series(r.nav)),
            ("grossExposure", series(r.gross)),
            ("netExposure", series(r.net)),
        ])
    }

    /// The daily series: date, NAV, daily return, gross/net/long/short exposure (fractions of NAV), costs, borrow, traded.
    static func csv(_ rep: BacktestReport) -> String {
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

    static func pct(_ v: Double?, _ d: Int = 2) -> String { v.map { fmt($0 * 100, d) + "%" } ?? "n/a" }
    static func num(_ v: Double?, _ d: Int = 2) -> String { v.map { fmt($0, d) } ?? "n/a" }

    static func table(_ rep: BacktestReport) -> String {
        let r = rep.result, m = rep.metrics
        var out = ""
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
        if !rep.notes.isEmpty { out += "\nNotes:\n" + rep.notes.map { "- " + $0 }.joined(separator: "\n") + "\n" }
        if !r.events.isEmpty {
            out += "\nForced trades:\n" + r.events.map { "- \($0.date) \($0.ticker): \($0.reason)" }.joined(separator: "\n") + "\n"
        }
        return out
    }
}
