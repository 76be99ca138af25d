import Application
import Backtest
import Basics
import Instruments
import Portfolio

/// One factor bet for the first screen: a factor's exposure (% of NAV, signed) and, optionally, what drives it.
/// Filled by the factor model when the book has one (see ``ReportBuilder/factorBetsBlock(_:)``).
public struct FactorBet: Sendable, Equatable {
    public var factor: String
    public var exposurePercentOfNAV: Double
    public var detail: String?
    public init(factor: String, exposurePercentOfNAV: Double, detail: String? = nil) {
        self.factor = factor
        self.exposurePercentOfNAV = exposurePercentOfNAV
        self.detail = detail
    }
}

/// What the first screen shows, gathered while the sections are built (percentages of NAV unless stated).
struct KeyFigures {
    struct Risk { var varParametric: Double; var esParametric: Double; var varHistorical: Double?; var esHistorical: Double?; var volatility: Double }
    struct Hedge { var id: String; var basis: String; var verdicts: [(claim: String, verdict: String, value: String)] }
    struct Backtest {
        var totalReturn: Double?
        var sharpe: Double?
        var maxDrawdown: Double
        var coverage: ReplayCoverage
        var start: String
        var end: String
    }
    var limits: [LimitStatus] = []
    /// VaR and ES at 99%, 1 day (fractions of NAV, positive = loss); nil without history.
    var risk: Risk?
    var worst: [(id: String, pct: Double)] = []
    var caseSets: [(name: String, expected: Double, view: Double, carry: Double)] = []
    var hedges: [Hedge] = []
    var backtest: Backtest?
    var proxies: [String] = []
    /// The factor model's largest bets; nil until the factor model provides them.
    var factorBets: [FactorBet]?
    /// The share of the book's variance that is specific (not explained by the factors), when the factor model ran.
    var specificVarianceShare: Double?
}

extension ReportBuilder {
    /// Sets the largest factor bets shown on the first screen (the factor model's output, largest |exposure| first).
    public mutating func setFactorBets(_ bets: [FactorBet]?) { key.factorBets = bets }

    /// The "largest factor bets" block of the first screen, or nil when no factor model result is given (the block is
    /// then left out). Bets are shown in the given order, signed % of NAV, linking to the `factors` section.
    public static func factorBetsBlock(_ bets: [FactorBet]?, limit: Int = 5, specificShare: Double? = nil) -> String? {
        guard let bets, !bets.isEmpty else { return nil }
        var rows = bets.prefix(limit).map { b in
            "<tr><td>\(escapeXML(b.factor))</td><td class=\"num\">\(fmt(b.exposurePercentOfNAV))%</td><td>\(escapeXML(b.detail ?? ""))</td></tr>"
        }
        if let specificShare {
            rows.append("<tr><td>specific</td><td class=\"num\"></td><td>\(fmt(100 * specificShare, 1))% of variance</td></tr>")
        }
        return block("Largest factor bets (delta, % of NAV)", href: "#factors", "<table>" + rows.joined() + "</table>")
    }

    static func block(_ title: String, href: String, _ body: String) -> String {
        "<a class=\"blk\" href=\"\(href)\"><div class=\"h\">\(escapeXML(title))</div>\(body)</a>"
    }

    static func statusClass(_ s: LimitStatus.Status?) -> String {
        switch s {
        case .ok: return "ok"
        case .warn: return "warn"
        case .breach: return "breach"
        default: return "na"
        }
    }

    /// The first screen: key figures with their limits and status, each linking to its section.
    func summarySection() -> HTMLReport.Section {
        var s = HTMLReport.Section(id: "summary", title: "Key figures")
        func limit(_ m: LimitMeasure) -> LimitStatus? { key.limits.first { $0.limit.measure == m } }
        func tile(_ label: String, _ value: String, unit: String, sub: String, status: LimitStatus.Status?, href: String) -> String {
            "<a class=\"tile st-\(Self.statusClass(status))\" href=\"\(href)\"><div class=\"l\">\(escapeXML(label))</div><div class=\"v\">\(escapeXML(value)) <span class=\"u\">\(escapeXML(unit))</span></div><div class=\"s\">\(sub)</div></a>"
        }
        func limitLine(_ l: LimitStatus?) -> String {
            guard let l else { return "no limit set" }
            let used = l.utilisation.map { " · \(fmt(100 * $0, 0))% used" } ?? ""
            return "limit \(escapeXML(LimitsOutput.bounds(l.limit)))\(used) · <b class=\"\(Self.statusClass(l.status))\">\(l.status == .ok ? "ok" : l.status.rawValue.uppercased())</b>"
        }
        var tiles: [String] = []
        tiles.append(tile("NAV", fmtMoney(book.nav), unit: book.baseCurrency.description, sub: "valuation \(book.valuationDate)", status: nil, href: "#glance"))
        if let e = exposure {
            tiles.append(tile("Long / short", "\(fmt(pct(e.premium.long), 1)) / \(fmt(pct(e.premium.short), 1))", unit: "% NAV",
                              sub: "delta-adjusted \(fmt(pct(e.delta.long), 1)) / \(fmt(pct(e.delta.short), 1))", status: nil, href: "#glance"))
            tiles.append(tile("Gross", fmt(pct(e.premium.gross)), unit: "% NAV", sub: limitLine(limit(.gross)), status: limit(.gross)?.status, href: "#glance"))
            tiles.append(tile("Net", fmt(pct(e.premium.net)), unit: "% NAV", sub: limitLine(limit(.net)), status: limit(.net)?.status, href: "#glance"))
            tiles.append(tile("Beta-adjusted net", fmt(pct(e.betaNet)), unit: "% NAV", sub: limitLine(limit(.betaAdjustedNet)),
                              status: limit(.betaAdjustedNet)?.status, href: "#glance"))
        }
        if let r = key.risk {
            let lv = limit(.valueAtRisk(confidence: 0.99)), le = limit(.expectedShortfall(confidence: 0.99))
            tiles.append(tile("VaR 99%, 1 day", fmt(100 * r.varParametric), unit: "% NAV loss",
                              sub: limitLine(lv) + (r.varHistorical.map { " · historical \(fmt(100 * $0))%" } ?? ""), status: lv?.status, href: "#risk"))
            tiles.append(tile("ES 99%, 1 day", fmt(100 * r.esParametric), unit: "% NAV loss",
                              sub: limitLine(le) + (r.esHistorical.map { " · historical \(fmt(100 * $0))%" } ?? ""), status: le?.status, href: "#risk"))
        } else {
            tiles.append(tile("VaR / ES 99%, 1 day", "n/a", unit: "", sub: "not measured: no price history", status: nil, href: "#conventions"))
        }
        if let b = key.backtest {
            let c = b.coverage
            tiles.append(tile("Backtest total return", b.totalReturn.map { fmt(100 * $0, 1) } ?? "n/a", unit: "%",
                              sub: "Sharpe \(b.sharpe.map { fmt($0, 2) } ?? "n/a") · max DD \(fmt(100 * b.maxDrawdown, 1))% · \(escapeXML(b.start))…\(escapeXML(b.end)) · <b class=\"warn\">\(fmt(100 * c.averageNotReplayed, 1))% of NAV not replayed</b> on average",
                              status: c.averageNotReplayed > 0 ? .warn : .ok, href: "#backtest"))
        }
        s.raw("<div class=\"kf\">" + tiles.joined() + "</div>")

        var blocks: [String] = []
        if !key.worst.isEmpty {
            let l = limit(.worstScenario(caseSet: nil)) ?? key.limits.first { if case .worstScenario = $0.limit.measure { return true }; return false }
            blocks.append(Self.block("Worst scenarios (P&L, % NAV)", href: "#stress",
                                     "<table>" + key.worst.prefix(3).map { "<tr><td>\(escapeXML($0.id))</td><td class=\"num\">\(fmt($0.pct))%</td></tr>" }.joined() + "</table>"
                                     + (l.map { "<div class=\"s\">\(escapeXML($0.limit.id)): \(limitLine($0))</div>" } ?? "")))
        }
        if !key.caseSets.isEmpty {
            blocks.append(Self.block("Case sets: expected P&L = view + carry (% NAV)", href: "#stress",
                                     "<table><tr><th>set</th><th>expected</th><th>view</th><th>carry</th></tr>" + key.caseSets.map {
                                         "<tr><td>\(escapeXML($0.name))</td><td class=\"num\">\(fmt($0.expected))</td><td class=\"num\">\(fmt($0.view))</td><td class=\"num\">\(fmt($0.carry))</td></tr>"
                                     }.joined() + "</table>"))
        }
        if !key.hedges.isEmpty {
            blocks.append(Self.block("Hedges: stated claims checked", href: "#hedges", "<table>" + key.hedges.map { h in
                "<tr><td style=\"white-space:nowrap\">\(escapeXML(h.id))<br><span class=\"u\">\(escapeXML(h.basis))</span></td><td>" + h.verdicts.map { v in
                    "<b class=\"\(v.verdict == "holds" ? "holds" : v.verdict == "fails" ? "fails" : "na")\">\(escapeXML(v.verdict))</b> \(escapeXML(v.claim)) (\(escapeXML(v.value)))"
                }.joined(separator: "<br>") + "</td></tr>"
            }.joined() + "</table>"))
        }
        var issues: [String] = []
        if let e = exposure {
            for b in e.breaches { issues.append("<b class=\"breach\">BREACH</b> \(escapeXML(b.id)): \(escapeXML(b.offenders.joined(separator: ", ")))") }
            let mism = e.claims.filter(\.flagged).count
            if mism > 0 { issues.append("<b class=\"breach\">MISMATCH</b> \(mism) of \(e.claims.count) stated exposure claims") }
        }
        for l in key.limits where l.status == .breach || l.status == .warn {
            issues.append("<b class=\"\(Self.statusClass(l.status))\">\(l.status.rawValue.uppercased())</b> \(escapeXML(l.limit.id)) \(l.value.map { fmt($0) } ?? "-") vs \(escapeXML(LimitsOutput.bounds(l.limit))) (\(l.utilisation.map { fmt(100 * $0, 0) } ?? "-")% used)")
        }
        blocks.append(Self.block("Constraint and limit breaches", href: "#glance",
                                 issues.isEmpty ? "<b class=\"ok\">none</b>" : "<ul>" + issues.map { "<li>\($0)</li>" }.joined() + "</ul>"))
        let ages = session.quoteAges
        var fresh: [String] = []
        if let oldest = ages.max(by: { ($0.tradingDays, $1.id) < ($1.tradingDays, $0.id) }) {
            fresh.append("oldest quote: \(escapeXML(oldest.id)) \(oldest.asOf) (\(oldest.tradingDays) trading days)")
        }
        let stale = ages.filter(\.stale)
        fresh.append("<b class=\"\(stale.isEmpty ? "ok" : "warn")\">\(stale.count) of \(ages.count) quotes stale</b>")
        let assumed = ages.filter(\.assumed).map(\.id)
        if !assumed.isEmpty { fresh.append("assumed spot: \(escapeXML(assumed.joined(separator: ", ")))") }
        if !key.proxies.isEmpty { fresh.append("history proxied (risk): \(escapeXML(key.proxies.joined(separator: "; ")))") }
        blocks.append(Self.block("Data freshness", href: "#freshness", "<ul>" + fresh.map { "<li>\($0)</li>" }.joined() + "</ul>"))
        if let f = Self.factorBetsBlock(key.factorBets, specificShare: key.specificVarianceShare) { blocks.append(f) }
        s.raw("<div class=\"kb\">" + blocks.joined() + "</div>")
        return s
    }

    /// The key figures as Markdown lines (top of summary.md).
    func summaryMarkdown() -> [String] {
        var m = ["## Key figures\n"]
        if let e = exposure {
            m.append("- NAV \(fmtMoney(book.nav)) \(book.baseCurrency); long \(fmt(pct(e.premium.long)))%, short \(fmt(pct(e.premium.short)))%, gross \(fmt(pct(e.premium.gross)))%, net \(fmt(pct(e.premium.net)))%, beta-adjusted net \(fmt(pct(e.betaNet)))% of NAV")
        }
        if let r = key.risk { m.append("- VaR 99% 1 day \(fmt(100 * r.varParametric))% of NAV, ES \(fmt(100 * r.esParametric))% (parametric, positive = loss)") }
        if !key.worst.isEmpty { m.append("- Worst scenarios: " + key.worst.prefix(3).map { "\($0.id) \(fmt($0.pct))%" }.joined(separator: "; ")) }
        for c in key.caseSets { m.append("- Case set \(c.name): expected \(fmt(c.expected))% = view \(fmt(c.view))% + carry \(fmt(c.carry))% of NAV") }
        for h in key.hedges { m.append("- Hedge \(h.id) (\(h.basis)): " + h.verdicts.map { "\($0.claim) → \($0.verdict) (\($0.value))" }.joined(separator: "; ")) }
        if let b = key.backtest {
            m.append("- Backtest \(b.start)…\(b.end): total return \(b.totalReturn.map { fmt(100 * $0) } ?? "n/a")%, Sharpe \(b.sharpe.map { fmt($0, 2) } ?? "n/a"); \(fmt(100 * b.coverage.averageNotReplayed))% of NAV not replayed on average (never: \(b.coverage.neverReplayed.map(\.id).joined(separator: ", ")); pairs never traded: \(b.coverage.pairsNeverTraded.joined(separator: ", ")))")
        }
        for l in key.limits where l.status == .breach || l.status == .warn { m.append("- Limit \(l.limit.id): \(l.status.rawValue.uppercased())") }
        m.append("")
        return m
    }
}
