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

/// Builds the report: each `add…` computes one section with the same code as its command, renders HTML, Markdown
/// and the section's JSON/CSV files, and collects warnings (shown once at the end and in the report).
public struct ReportBuilder {
    public let session: Session
    var book: Book { session.book }
    var market: MarketSnapshot { session.market }
    var html: HTMLReport
    var markdown: [String] = []
    public internal(set) var files: [(name: String, text: String)] = []
    public internal(set) var warnings: [String] = []
    var resolved: ResolvedBook?
    var exposure: ExposureReport?
    /// What the first screen shows, gathered while the sections are built.
    var key = KeyFigures()

    public init(session: Session) {
        self.session = session
        let book = session.book, market = session.market
        html = HTMLReport(title: "Hedgebook risk report — \(book.name)",
                          subtitle: "Valuation \(book.valuationDate) · NAV \(fmtMoney(book.nav)) \(book.baseCurrency) · market snapshot \(market.asOf)")
        markdown.append("# Hedgebook risk report — \(book.name)\n\nValuation \(book.valuationDate), NAV \(fmtMoney(book.nav)) \(book.baseCurrency), market snapshot \(market.asOf).\n")
    }

    func pct(_ x: Double) -> Double { x / book.nav * 100 }

    mutating func warn(_ w: String) { if !warnings.contains(w) { warnings.append(w) } }

    // MARK: Exposure

    public mutating func addExposure() throws {
        let rb = session.resolved
        resolved = rb
        let e = session.exposure()
        exposure = e
        for n in session.notes { warn(n) }
        for n in rb.notes { warn(n) }
        files.append(("exposure.json", ExposureOutput.json(e).serialized() + "\n"))
        files.append(("exposure.csv", ExposureOutput.csv(e, by: nil)))

        var s = HTMLReport.Section(id: "glance", title: "The book at a glance")
        s.table(headers: ["view", "long %", "short %", "gross %", "net %", "reserve %", "# long", "# short"],
                rows: [("premium", e.premium), ("delta-adjusted", e.delta)].map { name, t in
                    [name, fmt(pct(t.long)), fmt(pct(t.short)), fmt(pct(t.gross)), fmt(pct(t.net)), fmt(100 - pct(t.gross)),
                     String(t.longCount), String(t.shortCount)]
                }, caption: "Exposure (% of NAV; options at premium signed by delta direction, and delta-adjusted)")
        s.paragraph("Beta-adjusted net: \(fmt(pct(e.betaNet)))% of NAV.")
        let limits = session.limitStatus(exposure: e)
        key.limits = limits
        if !limits.isEmpty {
            s.table(headers: ["limit", "bound", "value %", "used", "status", "detail"],
                    rows: limits.map { x in
                        [x.limit.id, LimitsOutput.bounds(x.limit), x.value.map { fmt($0) } ?? "-",
                         x.utilisation.map { fmt(100 * $0, 0) + "%" } ?? "-", x.status == .ok ? "ok" : x.status.rawValue.uppercased(), x.detail]
                    },
                    highlight: limits.map { $0.status == .breach || $0.status == .warn },
                    caption: "Limits (% of NAV; utilisation = value ÷ bound; WARN at the limit's warnAt, BREACH outside)")
            files.append(("limits.json", LimitsOutput.json(limits).serialized() + "\n"))
            markdown.append("## Limits\n")
            markdown.append("| limit | bound | value % | used | status |\n|---|---:|---:|---:|---|")
            for x in limits {
                markdown.append("| \(x.limit.id) | \(LimitsOutput.bounds(x.limit)) | \(x.value.map { fmt($0) } ?? "-") | \(x.utilisation.map { fmt(100 * $0, 0) + "%" } ?? "-") | \(x.status == .ok ? "ok" : "**" + x.status.rawValue.uppercased() + "**") |")
            }
            markdown.append("")
        }
        s.table(headers: ["measure", "stated %", "computed %", "gap pp", "delta-adjusted %", "verdict"],
                rows: e.claims.map { [$0.measure, fmt($0.stated), fmt($0.computed), fmt($0.gap), fmt($0.computedDelta),
                                      $0.flagged ? "MISMATCH" : "ok"] },
                highlight: e.claims.map(\.flagged), caption: "Reconciliation against the book's stated claims (tolerance \(fmt(book.claims.tolerance, 1)) pp)")
        if e.breaches.isEmpty {
            s.flag("Every stated constraint holds.", ok: true)
        } else {
            for b in e.breaches {
                s.flag("Constraint breach \(b.id): \(b.description) — \(b.detail)\(b.offenders.isEmpty ? "" : ": " + b.offenders.joined(separator: ", "))", ok: false)
            }
        }
        let ages = session.quoteAges, policy = session.spec.policies.freshness
        let stale = ages.filter(\.stale)
        if !stale.isEmpty {
            s.flag("STALE market data: \(stale.count) of \(ages.count) quotes are older than \(policy.maxQuoteAgeDays) trading days at the valuation date (\(stale.map(\.id).joined(separator: ", "))).", ok: false)
        }
        s.raw("<div id=\"freshness\"></div>")
        s.table(headers: ["instrument", "asOf", "age (trading days)", "source", "status"],
                rows: ages.map { freshnessRow($0) }, highlight: ages.map(\.stale),
                caption: "Data freshness: each quote's close date and age at the valuation date \(book.valuationDate) (trading days = weekdays; STALE above policies.marketData.maxQuoteAgeDays \(policy.maxQuoteAgeDays)\(policy.refuseQuoteAgeDays.map { ", refused above \($0)" } ?? ""))")
        html.add(s)

        var c = HTMLReport.Section(id: "exposure", title: "Exposure")
        var views: [(key: String, label: String, html: String)] = []
        for view in ExposureView.allCases {
            var charts: [String] = []
            for g: Grouping in [.layer, .country, .currency] {
                var bars: [(label: String, value: Double)] = []
                for x in e.breakdown(by: g) {
                    let t = view == .premium ? x.premium : x.delta
                    if t.long > 0 { bars.append(("\(x.key) long", pct(t.long))) }
                    if t.short > 0 { bars.append(("\(x.key) short", -pct(t.short))) }
                }
                let name = view == .premium ? "premium view" : "delta-adjusted view"
                charts.append("<figure class=\"chart\">" + BarChart(title: "Long and short by \(g.rawValue) (\(name))", valueLabel: "Exposure (% of NAV; short negative)", bars: bars).render() + "</figure>")
            }
            views.append((view.rawValue, view == .premium ? "Premium view (options at premium)" : "Delta-adjusted view (options at Δ × spot)",
                          HTMLReport.gridCharts(charts)))
        }
        c.views("exposure-view", views)
        var pairBars: [(label: String, value: Double)] = []
        for p in e.pairs {
            pairBars.append(("\(p.id) long leg", pct(p.longLeg)))
            pairBars.append(("\(p.id) short leg", -pct(p.shortLeg)))
        }
        c.chart(BarChart(title: "Pairs: long leg vs short leg", valueLabel: "Leg size (% of NAV; short negative)", bars: pairBars).render())
        c.table(headers: ["position", "side", "layer", "country", "notional %", "delta %"],
                rows: e.positions.map { [$0.id, $0.side.rawValue, $0.layer, $0.country, fmt(pct($0.notional)), fmt(pct($0.deltaNotional))] },
                caption: "Positions (% of NAV)")
        html.add(c)

        markdown.append("## Exposure (% NAV)\n")
        markdown.append("| view | long | short | gross | net | reserve |\n|---|---:|---:|---:|---:|---:|")
        for (name, t) in [("premium", e.premium), ("delta-adjusted", e.delta)] {
            markdown.append("| \(name) | \(fmt(pct(t.long))) | \(fmt(pct(t.short))) | \(fmt(pct(t.gross))) | \(fmt(pct(t.net))) | \(fmt(100 - pct(t.gross))) |")
        }
        markdown.append("\n### Reconciliation against stated claims\n")
        markdown.append("| measure | stated | computed | gap (pp) | verdict |\n|---|---:|---:|---:|---|")
        for c in e.claims { markdown.append("| \(c.measure) | \(fmt(c.stated)) | \(fmt(c.computed)) | \(fmt(c.gap)) | \(c.flagged ? "**MISMATCH**" : "ok") |") }
        markdown.append("\n### Data freshness (age in trading days at \(book.valuationDate); STALE above \(policy.maxQuoteAgeDays))\n")
        markdown.append("| instrument | asOf | age | source | status |\n|---|---|---:|---|---|")
        for a in ages { markdown.append("| " + freshnessRow(a).joined(separator: " | ") + " |") }
        markdown.append("")
        for b in e.breaches { markdown.append("- **Constraint breach** `\(b.id)`: \(b.description) — \(b.detail)\(b.offenders.isEmpty ? "" : ": " + b.offenders.joined(separator: ", "))") }
        markdown.append("")
    }

    /// One row of the data-freshness table: instrument, close date, age, source (first clause), status.
    func freshnessRow(_ a: QuoteAge) -> [String] {
        [a.id, a.asOf.description + (a.stated ? "" : " (snapshot)"), String(a.tradingDays), QuoteFreshness.shortSource(a.source),
         (a.stale ? "STALE" : "ok") + (a.assumed ? " (assumed)" : "")]
    }

    // MARK: Hedges

    public mutating func addHedges() throws {
        var o = try session.payoffOptions()
        o.moves = StressGrid.axis(-0.5, 0.5, count: 21)
        let report = session.payoff(o)
        for p in report.problems { warn(p) }
        files.append(("payoff.json", PayoffOutput.json(report).serialized() + "\n"))
        var s = HTMLReport.Section(id: "hedges", title: "Hedges and option positions")
        s.note("Premium = value today, positive = paid. P&L at expiry and at a \(o.horizonDays)-day horizon (repriced, vol unchanged) against the move of one underlying, others unchanged. American legs on a CRR tree, European by Black–Scholes–Merton; ACT/365F.")
        markdown.append("## Hedges and option positions\n")
        if report.sections.isEmpty { s.paragraph("No data: the book has no option positions or hedge packages.") }
        for p in report.sections {
            let expired = !p.expiredLegs.isEmpty && p.grid.isEmpty
            let cost = costLabel(p)
            s.html.append("<h3>\(escapeXML(p.id)) — \(escapeXML(p.name)) <small>(\(escapeXML(p.basis)); \(escapeXML(cost)))</small></h3>")
            if !p.expiredLegs.isEmpty {
                s.flag("EXPIRED as dated: \(p.expiredLegs.joined(separator: ", ")) expired before \(book.valuationDate).", ok: false)
            }
            if expired {
                s.note("No payoff diagram as dated: the legs have expired (see the rolled version below).")
            } else {
                for u in Set(p.grid.flatMap { $0.moves.keys }).sorted() {
                    let slice = p.grid.filter { g in g.moves.allSatisfy { $0.key == u || $0.value == 0 } }
                        .sorted { ($0.moves[u] ?? 0) < ($1.moves[u] ?? 0) }
                    let be = p.breakEvens.first { $0.underlying == u }?.moves ?? []
                    let chart = LineChart(
                        title: "\(p.id): P&L vs \(u) move (\(cost))", xLabel: "\(u) move (%)", yLabel: "P&L (% of NAV)",
                        series: [
                            .init(name: "at expiry", points: slice.map { (100 * ($0.moves[u] ?? 0), pct($0.pnlAtExpiry)) }),
                            .init(name: "at \(o.horizonDays)-day horizon", points: slice.map { (100 * ($0.moves[u] ?? 0), pct($0.pnlAtHorizon)) }, dashed: true),
                        ],
                        markers: be.map { (x: 100 * $0, label: "break-even \(fmt(100 * $0, 1))%") })
                    s.chart(chart.render())
                }
            }
            if !p.claims.isEmpty {
                s.table(headers: ["claim", "basis", "computed", "verdict", "detail"],
                        rows: p.claims.map { [$0.claim, $0.basis, claimValue($0), $0.verdict.rawValue, $0.detail] },
                        highlight: p.claims.map { $0.verdict != .holds })
                for c in p.claims { markdown.append("- \(p.id) (\(c.basis)): \(c.claim) → **\(c.verdict.rawValue)**\(c.computed == nil ? "" : " (computed \(claimValue(c)))")") }
                if p.kind == .hedge, !(p.claims.allSatisfy { $0.verdict == .notCheckable } && report.sections.contains { $0.id == p.id + "-rolled" }) {
                    let rolled = p.basis.hasPrefix("rolled")
                    key.hedges.append(.init(id: rolled && p.id.hasSuffix("-rolled") ? String(p.id.dropLast(7)) : p.id, basis: rolled ? "rolled" : p.basis,
                                            verdicts: p.claims.map { ($0.claim, $0.verdict.rawValue, claimValue($0)) }))
                }
            }
            if let z = p.sizing {
                s.paragraph("Sizing: \(fmt(z.budgetPercentOfNAV, 2))% of NAV buys \(fmt(z.contracts, 0)) contracts; delta-adjusted exposure \(fmt(z.deltaPercentOfNAV, 2))% of NAV; P&L if the underlying moves \(fmt(100 * z.headlineMove, 0))%: \(fmtMoney(z.pnlHeadlineAtExpiry)) at expiry, \(fmtMoney(z.pnlHeadlineAtHorizon)) at the horizon.")
                markdown.append("- \(p.id): \(fmt(z.contracts, 0)) contracts for \(fmt(z.budgetPercentOfNAV, 2))% NAV; delta \(fmt(z.deltaPercentOfNAV, 2))% NAV")
            }
            for n in p.notes { s.note(n) }
        }
        markdown.append("")
        html.add(s)
    }

    /// A claim's computed number in the claim's own unit: costs in % of notional (like the claims), payoffs as a
    /// multiple of the premium (``ClaimCheckResult/computedAtHorizon`` is set for payoff multiples only).
    func claimValue(_ c: ClaimCheckResult) -> String {
        guard let v = c.computed else { return "n/a" }
        return c.computedAtHorizon != nil ? fmt(v, 2) + "x" : fmt(100 * v, 2) + "%"
    }

    /// The package's cost for headings: option premium in % of NAV; a package of linear legs only (stock, forwards)
    /// has no premium, so its signed notional is shown instead.
    func costLabel(_ p: PackageReport) -> String {
        if p.isLinear {
            let n = p.legs.reduce(0) { $0 + $1.valueBase }
            return "linear legs, no premium; notional \(fmt(pct(n), 2))% of NAV"
        }
        return p.premiumPercentOfNAV.map { "cost \(fmt($0, 2))% of NAV" } ?? "cost n/a"
    }

    // MARK: Stress

    public mutating func addStress() throws {
        let (r, w) = try session.stress()
        for x in w { warn(x) }
        files.append(("stress.json", StressOutput.json(r, top: 10).serialized() + "\n"))
        files.append(("stress.csv", StressOutput.csv(r, by: .position)))
        var s = HTMLReport.Section(id: "stress", title: "Scenario stress")
        s.note("P&L in % of NAV (gain > 0) against the valuation-date value; options fully revalued at each scenario's horizon. Propagation: \(r.propagationSource).")
        let outcomes = r.outcomes.filter { $0.scenario.id != "zero" }
        let tail = outcomes.filter { $0.scenario.caseSet == nil && !$0.scenario.id.hasPrefix("hist-") }
        let hist = outcomes.filter { $0.scenario.id.hasPrefix("hist-") }
        s.chart(BarChart(title: "Tail and named scenarios (sorted)", valueLabel: "P&L (% of NAV)",
                         bars: tail.sorted { $0.total < $1.total }.map { ($0.scenario.id, $0.totalPctNAV) }).render())
        s.chart(BarChart(title: "Historical replays", valueLabel: "P&L (% of NAV)",
                         bars: hist.sorted { $0.total < $1.total }.map { ($0.scenario.id, $0.totalPctNAV) }).render())
        let carry = StressRunner.carry(r)
        key.caseSets = carry.caseSets.map { (name: $0.caseSet, expected: pct($0.expected), view: pct($0.view), carry: pct($0.carry)) }
        key.worst = r.worstRanked.prefix(3).map { (id: r.outcomes[$0].scenario.id, pct: r.outcomes[$0].totalPctNAV) }
        s.table(headers: ["case set", "members", "expected P&L %", "view %", "carry %", "std dev %", "worst %", "best %", "P(loss)"],
                rows: zip(r.caseSets, carry.caseSets).map { c, v in
                    [c.caseSet, c.members.map { "\($0.id) (\(fmt($0.probability, 2)))" }.joined(separator: ", "),
                     fmt(pct(c.expected)), fmt(pct(v.view)), fmt(pct(v.carry)), fmt(pct(c.standardDeviation)), fmt(pct(c.worst)), fmt(pct(c.best)), fmt(c.probabilityOfLoss, 2)]
                }, caption: "Bull / base / bear case sets, probability-weighted; expected P&L = view (the shocks) + carry (option time decay over each case's horizon, nothing else moving)")
        var splitBars: [(label: String, value: Double)] = []
        for v in carry.caseSets {
            splitBars.append(("\(v.caseSet) view", pct(v.view)))
            splitBars.append(("\(v.caseSet) carry", pct(v.carry)))
        }
        s.chart(BarChart(title: "Expected P&L per case set: view vs carry", valueLabel: "P&L (% of NAV)", bars: splitBars).render())
        if let bookCases = r.caseSets.first(where: { $0.caseSet == "book-cases" }) ?? r.caseSets.first {
            s.chart(BarChart(title: "Case set \(bookCases.caseSet): P&L per case (probability-weighted expected \(fmt(pct(bookCases.expected)))%)",
                             valueLabel: "P&L (% of NAV)", bars: bookCases.members.map { ("\($0.id) p=\(fmt($0.probability, 2))", pct($0.pnl)) }).render())
        }
        if let worstIndex = r.worstRanked.first {
            let o = r.outcomes[worstIndex]
            let e = r.engine
            let byPos = zip(e.positions, o.positionPnL).map { ($0.id, pct($1)) }.filter { abs($0.1) > 1e-9 }.sorted { $0.1 < $1.1 }
            s.chart(BarChart(title: "Worst scenario \(o.scenario.id) (\(fmt(o.totalPctNAV))%): attribution by position",
                             valueLabel: "P&L (% of NAV)", bars: byPos.map { (label: $0.0, value: $0.1) }).render())
            if let (keys, pnl) = r.attribution[.pair] {
                let bars = keys.indices.map { (label: keys[$0], value: pct(pnl[worstIndex, $0])) }
                s.chart(BarChart(title: "Worst scenario \(o.scenario.id): attribution by pair", valueLabel: "P&L (% of NAV)", bars: bars).render())
            }
        }
        s.table(headers: ["rank", "scenario", "P&L % of NAV", "P&L \(book.baseCurrency)"],
                rows: r.worstRanked.prefix(10).enumerated().map { k, i in
                    [String(k + 1), r.outcomes[i].scenario.id, fmt(r.outcomes[i].totalPctNAV), fmtMoney(r.outcomes[i].total)]
                }, caption: "Worst scenarios")
        html.add(s)
        markdown.append("## Scenario stress (% NAV)\n")
        markdown.append("| case set | expected | view | carry | worst | best | P(loss) |\n|---|---:|---:|---:|---:|---:|---:|")
        for (c, v) in zip(r.caseSets, carry.caseSets) {
            markdown.append("| \(c.caseSet) | \(fmt(pct(c.expected))) | \(fmt(pct(v.view))) | \(fmt(pct(v.carry))) | \(fmt(pct(c.worst))) | \(fmt(pct(c.best))) | \(fmt(c.probabilityOfLoss, 2)) |")
        }
        markdown.append("\nWorst scenarios: " + r.worstRanked.prefix(5).map { "\(r.outcomes[$0].scenario.id) \(fmt(r.outcomes[$0].totalPctNAV))%" }.joined(separator: "; ") + "\n")
    }

    // MARK: Surface

    /// Spot × vol P&L surfaces, one per underlying of the book's option positions (largest |delta exposure| first): a
    /// name without options has no vol dimension, so it gets no surface.
    public mutating func addSurface() throws {
        guard let rb = resolved, let e = exposure else { return }
        var s = HTMLReport.Section(id: "surface", title: "P&L surface (spot × vol)")
        func marketKey(_ id: String) -> String { rb.positions.first { $0.position.id == id }?.position.marketKey ?? id }
        var keys: [String] = []
        for o in e.positions.filter({ $0.kind == .option }).sorted(by: { abs($0.deltaNotional) > abs($1.deltaNotional) })
        where !keys.contains(marketKey(o.id)) {
            keys.append(marketKey(o.id))
        }
        if keys.isEmpty {
            s.paragraph("No surface: the book holds no option positions (a stock alone has no vol dimension).")
        }
        let engine = try StressEngine(book: rb)
        var json: [JSONValue] = []
        s.note("Book P&L (% of NAV) when only the named underlying moves: spot return (rows) × implied-vol shift in vol points (columns); options revalued in full, horizon 0 days, no propagation to other names.")
        for k in keys {
            let surface = try StressGrid.spotVolSurface(engine: engine, instrument: k)
            let rows = surface.spotReturns.map { "\(fmt(100 * $0, 0))%" }
            let cols = surface.volShifts.map { "\($0 >= 0 ? "+" : "")\(fmt(100 * $0, 0)) pts" }
            let values = (0..<surface.pnl.rows).map { i in (0..<surface.pnl.cols).map { pct(surface.pnl[i, $0]) } }
            s.chart(Heatmap(title: "Book P&L (% NAV): \(k) spot × vol", rowLabels: rows, columnLabels: cols, values: values,
                            decimals: 2, rowAxis: "\(k) spot return", columnAxis: "vol shift (points)").render())
            json.append(.object([
                ("instrument", .string(k)), ("spotReturns", .numbers(surface.spotReturns)), ("volShifts", .numbers(surface.volShifts)),
                ("pnlPct", .array(values.map { .numbers($0) })),
            ]))
        }
        files.append(("surface.json", JSONValue.object([
            ("units", "P&L in % of NAV; rows = spot returns, columns = vol shifts (fractions); horizon 0 days"),
            ("surfaces", .array(json)),
        ]).serialized() + "\n"))
        html.add(s)
    }

    // MARK: Conventions and inputs

    public mutating func addConventions() {
        let seed = session.spec.policies.seed
        var s = HTMLReport.Section(id: "conventions", title: "Conventions, inputs and warnings")
        let conv: [[String]] = [
            ["units", "% of NAV; amounts in \(book.baseCurrency) (base currency)"],
            ["sign", "long > 0, short < 0; P&L gain > 0; VaR and ES are positive losses"],
            ["options", "premium view signed by delta direction; delta view = contracts × multiplier × BSM Δ × spot × FX"],
            ["day count", "ACT/365F for option expiry; stress horizons in calendar days"],
            ["annualisation", "252 trading days (volatility × √252)"],
            ["quantiles", "historical VaR: NumPy 'linear' interpolation of the portfolio-return quantile; ES = −mean of returns ≤ Q"],
            ["EWMA", "λ = 0.94, zero mean, S₁ = r₁r₁ᵀ (RiskMetrics)"],
            ["Monte Carlo seed", String(seed)],
        ]
        s.table(headers: ["convention", "value"], rows: conv)
        // Exactly the files this run read (workspace, book, snapshot, scenario files, price histories), each once.
        var hashRows: [[String]] = []
        var seen = Set<String>()
        for f in session.inputFiles where seen.insert(f).inserted {
            let bytes = FileManager.default.contents(atPath: f).map { [UInt8]($0) } ?? []
            hashRows.append([f, String(bytes.count), SHA256.hex(bytes)])
        }
        s.collapsible(id: "inputs", summary: "Inputs: \(hashRows.count) files read, each once (bytes, SHA-256) — click to open",
                      HTMLReport.table(headers: ["input file", "bytes", "SHA-256"], rows: hashRows))
        if warnings.isEmpty { s.flag("No warnings.", ok: true) } else { s.list(warnings) }
        html.add(s)
        files.append(("inputs.json", JSONValue.object([
            ("inputs", .array(hashRows.map { .object([("file", .string($0[0])), ("bytes", .number(Double($0[1]) ?? 0)), ("sha256", .string($0[2]))]) })),
            ("warnings", .strings(warnings)),
        ]).serialized() + "\n"))
        markdown.append("## Warnings\n")
        markdown.append(warnings.isEmpty ? "None.\n" : warnings.map { "- \($0)" }.joined(separator: "\n") + "\n")
        markdown.append("## Inputs\n")
        markdown.append(hashRows.map { "- `\($0[0])` sha256 `\($0[2])`" }.joined(separator: "\n") + "\n")
    }

    // MARK: Writing

    /// Writes the report folder atomically (``ReportFolder/write(_:to:)``): a failed run leaves the previous report
    /// intact, and a folder or file that is not a Hedgebook report is never replaced.
    public func write(to dir: String, force: Bool = false) throws {
        var page = html
        page.insertFirst(summarySection())
        var md = markdown
        md.insert(contentsOf: summaryMarkdown(), at: 1)
        var all = [(name: "index.html", text: page.render()), (name: "summary.md", text: md.joined(separator: "\n") + "\n")]
        all += files
        try ReportFolder.write(all, to: dir, force: force)
    }
}

