import Backtest
import Basics

/// The backtest's tear-sheet figures (pyfolio / quantstats layout): exposure over time, rolling 6-month beta,
/// volatility and Sharpe, monthly and yearly returns, the five worst drawdowns — series from ``TearSheet``.
extension ReportBuilder {
    /// The headline with the share of NAV the replay could not trade next to it.
    func headline(_ m: PerformanceMetrics, _ c: ReplayCoverage) -> String {
        var h = "Headline: total return \(m.totalReturn.map { fmt(100 * $0) } ?? "n/a")%, Sharpe \(m.sharpe.map { fmt($0, 2) } ?? "n/a") (rf 0, ×√252)"
        h += " — on the book's weights, \(fmt(100 * c.averageNotReplayed))% of NAV sat in cash on average (not replayed: no data that day)"
        if !c.neverReplayed.isEmpty {
            h += "; never replayed: \(fmt(100 * c.neverReplayedWeight))% of NAV (" + c.neverReplayed.map { "\($0.id) \(fmt(100 * $0.weight))%" }.joined(separator: ", ") + ")"
        }
        if !c.pairsNeverTraded.isEmpty { h += "; pairs never traded: \(c.pairsNeverTraded.joined(separator: ", "))" }
        return h + "."
    }

    /// Adds the tear-sheet figures to `s` and their numbers as `backtest-tearsheet.json`; returns the Markdown of the
    /// drawdown table.
    mutating func addTearSheet(_ s: inout HTMLReport.Section, _ rep: BacktestReport, days: [Double], dateFmt: @escaping @Sendable (Double) -> String) -> [String] {
        let res = rep.result
        s.chart(LineChart(title: "Exposure over time (% of NAV, post-trade)", xLabel: "date", yLabel: "Exposure (% of NAV)",
                          series: [.init(name: "gross", points: zip(days, res.gross).map { ($0, 100 * $1) }),
                                   .init(name: "net", points: zip(days, res.net).map { ($0, 100 * $1) }),
                                   .init(name: "long", points: zip(days, res.long).map { ($0, 100 * $1) }),
                                   .init(name: "short", points: zip(days, res.short).map { ($0, 100 * $1) })],
                          xTickFormat: dateFmt).render())
        let bench = rep.benchmarkPrices.first
        let rolling = TearSheet.rolling(nav: res.nav, dates: res.dates, benchmark: bench?.prices, window: 126)
        let rdays = rolling.map { Double($0.date.daysSinceEpoch) }
        if let bench {
            s.chart(LineChart(title: "Rolling 6-month beta vs \(bench.name) (126 trading days)", xLabel: "date", yLabel: "Beta (cov ÷ var of daily returns)",
                              series: [.init(name: "beta", points: zip(rdays, rolling).compactMap { d, p in p.beta.map { (d, $0) } })],
                              xTickFormat: dateFmt).render())
        }
        s.chart(LineChart(title: "Rolling 6-month volatility (126 days, ×√252)", xLabel: "date", yLabel: "Volatility (%, annualised)",
                          series: [.init(name: "volatility", points: zip(rdays, rolling).map { ($0, 100 * $1.volatility) })],
                          xTickFormat: dateFmt).render())
        s.chart(LineChart(title: "Rolling 6-month Sharpe (126 days, rf 0, ×√252)", xLabel: "date", yLabel: "Sharpe ratio",
                          series: [.init(name: "Sharpe", points: zip(rdays, rolling).compactMap { d, p in p.sharpe.map { (d, $0) } })],
                          xTickFormat: dateFmt).render())
        let (monthly, yearly) = TearSheet.periodReturns(nav: res.nav, dates: res.dates)
        if let first = monthly.first?.year, let last = monthly.last?.year {
            let years = Array(first...last)
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            var values = [[Double]](repeating: [Double](repeating: .nan, count: 12), count: years.count)
            for x in monthly { values[x.year - first][(x.month ?? 1) - 1] = 100 * x.value }
            s.chart(Heatmap(title: "Monthly returns (%; blank = outside the window)", rowLabels: years.map(String.init), columnLabels: months,
                            values: values, decimals: 1, rowAxis: "year", columnAxis: "month").render())
        }
        s.chart(BarChart(title: "Yearly returns (%; first and last years partial)", valueLabel: "Return (%)",
                         bars: yearly.map { (label: String($0.year), value: 100 * $0.value) }).render())
        let dds = TearSheet.drawdowns(nav: res.nav, dates: res.dates, top: 5)
        s.table(headers: ["rank", "peak", "trough", "recovery", "depth %", "length (trading days)"],
                rows: dds.enumerated().map { k, d in
                    [String(k + 1), d.peak.description, d.trough.description, d.recovery?.description ?? "not recovered",
                     fmt(100 * d.depth), String(d.lengthDays)]
                }, caption: "Five worst drawdowns (depth = trough NAV ÷ peak NAV − 1; length from peak to recovery, or to the end)")
        let coverage = key.backtest?.coverage
        files.append(("backtest-tearsheet.json", JSONValue.object([
            ("units", "fractions (0.01 = 1%); rolling window 126 trading days of simple daily returns; volatility and Sharpe annualised ×√252, risk-free 0; beta = cov ÷ var against the benchmark"),
            ("benchmark", .string(bench?.name)),
            ("coverage", coverage.map { c in .object([
                ("averageNotReplayed", .number(c.averageNotReplayed)),
                ("neverReplayed", .array(c.neverReplayed.map { .object([("id", .string($0.id)), ("weight", .number($0.weight))]) })),
                ("pairsNeverTraded", .strings(c.pairsNeverTraded)),
            ]) } ?? .null),
            ("rolling", .array(rolling.map { .object([("date", .string($0.date.description)), ("beta", .number($0.beta)),
                                                      ("volatility", .number($0.volatility)), ("sharpe", .number($0.sharpe))]) })),
            ("monthly", .array(monthly.map { .object([("year", .number(Double($0.year))), ("month", .number(Double($0.month ?? 0))), ("return", .number($0.value))]) })),
            ("yearly", .array(yearly.map { .object([("year", .number(Double($0.year))), ("return", .number($0.value))]) })),
            ("drawdowns", .array(dds.map { .object([("peak", .string($0.peak.description)), ("trough", .string($0.trough.description)),
                                                   ("recovery", .string($0.recovery?.description)), ("depth", .number($0.depth)),
                                                   ("lengthDays", .number(Double($0.lengthDays)))]) })),
        ]).serialized() + "\n"))
        var md = ["### Five worst drawdowns\n", "| rank | peak | trough | recovery | depth % | days |\n|---:|---|---|---|---:|---:|"]
        for (k, d) in dds.enumerated() {
            md.append("| \(k + 1) | \(d.peak) | \(d.trough) | \(d.recovery?.description ?? "not recovered") | \(fmt(100 * d.depth)) | \(d.lengthDays) |")
        }
        return md + [""]
    }
}
