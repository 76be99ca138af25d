import Application
import Basics
import FileFormats
import Foundation
import Instruments
import Pricing
import Risk
import RiskHistory
import Scenarios
import Testing

/// P&L explain (hand cases, the identity, Greeks against Black–Scholes–Merton), the VaR backtest over recorded runs,
/// and `record` against the other session methods on the bundled workspace.
@Suite struct RiskHistoryApplicationTests {
    static let d0 = LocalDate(iso: "2026-03-02")!

    static func stock(_ id: String, q: Double, spot: Double, fx: Double = 1) -> PositionRecord {
        PositionRecord(id: id, instrument: id, kind: "stock", quantity: q, multiplier: 1, spot: spot, fx: fx, unitPrice: spot,
                       marketValue: q * spot * fx, deltaNotional: q * spot * fx, weightPctNAV: 0, beta: nil, option: nil)
    }

    static func call(_ id: String, q: Double, spot: Double, vol: Double, t: Double, fx: Double = 1) -> PositionRecord {
        PositionRecord(id: id, instrument: "UND", kind: "option", quantity: q, multiplier: 100, spot: spot, fx: fx, unitPrice: 0,
                       marketValue: 0, deltaNotional: 0, weightPctNAV: 0, beta: nil,
                       option: OptionRecord(right: "call", exercise: "european", strike: 100, expiry: d0.adding(days: 180), timeToExpiry: t,
                                            rate: 0.03, dividendYield: 0.01, volatility: vol))
    }

    static func run(_ d: LocalDate, _ positions: [PositionRecord], var99: Double = 0.01) -> RunRecord {
        var r = RunRecord(book: "B", valuationDate: d, baseCurrency: "USD", nav: 1_000_000, command: "test", settings: "",
                          scenarioModel: "tree", treeSteps: 1000)
        r.positions = positions
        r.risk = [RiskRecord(method: "parametric", confidence: 0.99, horizonDays: 1, valueAtRisk: var99, expectedShortfall: var99 * 1.2)]
        return r
    }

    /// Stock, hand computed: 100 shares 50 → 52 with FX 0.5 → 0.6: total = 100·(0.6·52 − 0.5·50) = 620,
    /// FX = 100·0.1·52 = 520, delta = 100·0.5·2 = 100, every other component 0.
    @Test func stockHandCase() throws {
        let a = Self.run(Self.d0, [Self.stock("S", q: 100, spot: 50, fx: 0.5)])
        let b = Self.run(Self.d0.adding(days: 1), [Self.stock("S", q: 100, spot: 52, fx: 0.6)])
        let e = try PnLExplain.explain(from: a, to: b)
        let p = e.positions[0]
        #expect(abs(p.total - 620) < 1e-9 && abs(p.fx - 520) < 1e-9 && abs(p.delta - 100) < 1e-9)
        #expect(p.gamma == 0 && p.vega == 0 && p.theta == 0 && abs(p.residual) < 1e-9)
    }

    /// European call: each component is the Black–Scholes–Merton Greek at FROM times the move, the six sum to the
    /// full revaluation, and the residual is second order (small against the total for a small move).
    @Test func optionComponentsAndIdentity() throws {
        let t0 = 180.0 / 365
        let a = Self.run(Self.d0, [Self.call("C", q: 10, spot: 100, vol: 0.30, t: t0), Self.stock("UND", q: -500, spot: 100)])
        var bp = [Self.call("C", q: 10, spot: 101.5, vol: 0.31, t: t0 - 3.0 / 365), Self.stock("UND", q: -500, spot: 101.5)]
        bp[0].option?.volatility = 0.31
        let b = Self.run(Self.d0.adding(days: 3), bp)
        let e = try PnLExplain.explain(from: a, to: b)
        let g = BlackScholes.greeks(right: .call, spot: 100, strike: 100, time: t0, rate: 0.03, dividendYield: 0.01, volatility: 0.30)
        let c = e.positions[0]
        #expect(abs(c.delta - 1000 * g.delta * 1.5) < 1e-9)
        #expect(abs(c.gamma - 1000 * 0.5 * g.gamma * 1.5 * 1.5) < 1e-9)
        #expect(abs(c.vega - 1000 * g.vega * 0.01) < 1e-9)
        #expect(abs(c.theta - 1000 * g.theta * 3.0 / 365) < 1e-9)
        let v0 = BlackScholes.price(right: .call, spot: 100, strike: 100, time: t0, rate: 0.03, dividendYield: 0.01, volatility: 0.30)
        let v1 = BlackScholes.price(right: .call, spot: 101.5, strike: 100, time: t0 - 3.0 / 365, rate: 0.03, dividendYield: 0.01, volatility: 0.31)
        #expect(abs(c.total - 1000 * (v1 - v0)) < 1e-9)
        for p in e.positions + [e.total] {
            let sum = p.delta + p.gamma + p.vega + p.theta + p.fx + p.residual
            #expect(abs(sum - p.total) <= 1e-9 * max(1, abs(p.total)))
        }
        #expect(abs(c.residual) < 0.05 * abs(c.total))
        #expect(abs(e.total.total - (c.total - 500 * 1.5)) < 1e-9)
    }

    @Test func explainNeedsOrderedDatesAndMarkets() throws {
        let a = Self.run(Self.d0, [Self.stock("S", q: 1, spot: 1)])
        #expect(throws: SessionError.self) { try PnLExplain.explain(from: a, to: a) }
        let b = Self.run(Self.d0.adding(days: 1), [Self.stock("T", q: 1, spot: 1)])
        #expect { try PnLExplain.explain(from: a, to: b) } throws: { "\($0)".contains("no market at \(Self.d0.adding(days: 1)) for S") }
    }

    /// Backtest over runs: P&L = q·ΔS / NAV of the previous day's holdings; VaR = the previous day's; exceptions where
    /// P&L < −VaR; a gap of more than 7 days is skipped.
    @Test func backtestOverRuns() throws {
        let spots = [100.0, 101, 99, 99.5, 97, 97.2]
        var runs = spots.enumerated().map { i, s in Self.run(Self.d0.adding(days: i), [Self.stock("S", q: 1000, spot: s)], var99: 0.0015) }
        runs.append(Self.run(Self.d0.adding(days: 30), [Self.stock("S", q: 1000, spot: 90)]))
        let b = try Session.backtest(runs: runs, book: "B")
        #expect(b.dates == (1...5).map { Self.d0.adding(days: $0) })
        let expected = (1..<6).map { 1000 * (spots[$0] - spots[$0 - 1]) / 1_000_000 }
        #expect(zip(b.pnl, expected).allSatisfy { abs($0 - $1) < 1e-15 })
        #expect(b.series.count == 1 && b.series[0].method == "parametric")
        #expect(b.series[0].result.exceptionIndices == [1, 3])  // −2000 and −2500 beyond −1500
        #expect(b.notes.first?.contains("1 pair(s)") == true)
    }

    @Test func historyMeasures() {
        var r = Self.run(Self.d0, [Self.stock("S", q: 1, spot: 1)], var99: 0.021)
        r.positions[0].weightPctNAV = 4.5
        r.exposures = [ExposureRecord(grouping: "total", key: "book", view: "premium", longPctNAV: 60, shortPctNAV: 15)]
        r.scenarios = [ScenarioRecord(id: "a", caseSet: nil, pnl: -5, pctNAV: -7.5), ScenarioRecord(id: "b", caseSet: nil, pnl: 1, pctNAV: 2)]
        r.limits = [LimitRecord(id: "gross", measure: "gross", value: 75, utilisation: 0.75, status: "ok", detail: "")]
        func v(_ s: String) -> Double? { HistoryMeasure(parsing: s, method: "parametric", confidence: 0.99)?.value(r) }
        #expect(v("gross") == 75 && v("net") == 45 && v("worst-scenario") == -7.5 && v("limit:gross") == 0.75 && v("weight:S") == 4.5)
        #expect(abs(v("var")! - 2.1) < 1e-12 && abs(v("es")! - 2.52) < 1e-12)
        #expect(HistoryMeasure(parsing: "sharpe", method: "x", confidence: 0.9) == nil)
        #expect(v("limit:none") == nil)
    }

    /// `record` reads the same session methods as `exposure`, `risk` and `stress`: recorded totals, VaR and scenario
    /// P&L equal theirs (bundled workspace; Monte Carlo off to keep the test short).
    @Test(.enabled(if: hasSharedData, "needs ../shared/data (the workspace's history root)"))
    func recordAgreesWithTheOtherCommands() throws {
        let s = try Session(workspace: repoRoot + "/hedgebook.yaml", overrides: InputOverrides(allowStale: true))
        var o = try s.riskOptions()
        o.paths = 0
        let (rec, _) = try s.runRecord(RecordOptions(risk: o, command: "test"), hash: { _ in "h" })
        let e = s.exposure()
        let total = rec.exposures.first { $0.grouping == "total" && $0.view == "premium" }!
        #expect(abs(total.grossPctNAV - e.pct(e.premium.gross)) < 1e-12)
        let risk = try s.risk(o)
        let par = risk.linear.measures.first { $0.method == "parametric" }!.values
        for m in par {
            let r = rec.risk.first { $0.method == "parametric" && $0.confidence == m.confidence }!
            #expect(r.valueAtRisk == m.valueAtRisk && r.expectedShortfall == m.expectedShortfall)
        }
        let stress = try s.stress().report
        #expect(rec.scenarios.map(\.pnl) == stress.outcomes.map(\.total))
        #expect(rec.limits.count == s.book.limits.count)
        let limits = s.limitStatus(exposure: e, stress: stress)
        #expect(rec.limits.map(\.value) == limits.map(\.value))
        #expect(rec.inputs.map(\.role).prefix(3) == ["workspace", "book", "market"])
    }

    /// Replay before a listing: shocks on the unlisted name, and on groups only it belonged to, are removed; the rest stay.
    @Test func replayDropsShocksOnUnlistedNames() {
        let kept = [Position(id: "NVDA", instrument: "NVDA", kind: .equity, side: .long, size: .percentOfNAV(10), exchange: "NASDAQ",
                             currency: Currency("USD"), country: "US", layer: "accelerators")]
        let sc = Scenario(id: "s", description: "", spotShocks: [
            Shock(target: .instrument("9660.HK"), mode: .relative, value: -0.3),
            Shock(target: .group(attribute: "layer", value: "auto-edge"), mode: .relative, value: -0.2),
            Shock(target: .group(attribute: "layer", value: "accelerators"), mode: .relative, value: -0.1),
            Shock(target: .all, mode: .relative, value: -0.05),
        ], volShocks: [Shock(target: .instrument("9660.HK"), mode: .absolute, value: 0.1)])
        let out = RiskReplay.withoutShocks(on: ["9660.HK"], [sc], kept: kept)
        #expect(out[0].spotShocks.map(\.target) == [.group(attribute: "layer", value: "accelerators"), .all])
        #expect(out[0].volShocks.isEmpty)
    }

    /// `record.database` is relative to the workspace file; without it the database sits beside the workspace; an
    /// unknown key under `record` is an error naming it.
    @Test func recordDatabaseKey() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hb-ws-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let ws = dir + "/hedgebook.yaml"
        try "version: 1\nbook: b.yaml\nmarket: m.yaml\nrecord: {database: db/h.sqlite}\n".write(toFile: ws, atomically: true, encoding: .utf8)
        #expect(try WorkspaceFile.load(path: ws).riskHistoryDatabase == dir + "/db/h.sqlite")
        try "version: 1\nbook: b.yaml\nmarket: m.yaml\n".write(toFile: ws, atomically: true, encoding: .utf8)
        #expect(try WorkspaceFile.load(path: ws).riskHistoryDatabase == dir + "/hedgebook-history.sqlite")
        try "version: 1\nbook: b.yaml\nmarket: m.yaml\nrecord: {databse: x}\n".write(toFile: ws, atomically: true, encoding: .utf8)
        #expect { try WorkspaceFile.load(path: ws) } throws: { "\($0)".contains("databse") && "\($0)".contains("hedgebook.yaml:4") }
    }
}
