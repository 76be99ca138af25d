import Application
import FileFormats
import Foundation
import Instruments
import Testing

@Suite struct LimitTests {
    func statuses(_ limits: [Limit], history: Bool = false) throws -> [String: LimitStatus] {
        let s = try thesisSession(history: history)
        var rb = s.resolved
        rb.book.limits = limits
        return Dictionary(uniqueKeysWithValues: s.limitStatus(resolvedBook: rb).map { ($0.limit.id, $0) })
    }

    /// Every exposure limit kind at ok, warn and breach on the thesis book (gross 75, net 45, beta-adjusted net from the
    /// exposure report, largest delta name NVDA 12, largest layer accelerators 23, CN 26, option premium 3).
    @Test func exposureLimitsOkWarnBreach() throws {
        let e = try thesisSession(history: false).exposure()
        let cases: [(LimitMeasure, Double, Double?)] = [
            (.gross, 75, nil), (.net, 45, 0), (.betaAdjustedNet, e.pct(e.betaNet), 0), (.singleName(view: .delta), 12, nil),
            (.group(.layer, group: nil), 23, nil), (.group(.country, group: "CN"), 26, nil), (.optionPremium, 3, nil),
        ]
        for (k, (m, v, lo)) in cases.enumerated() {
            let limits = [Limit(id: "ok", measure: m, min: lo, max: v / 0.5), Limit(id: "warn", measure: m, min: lo, max: v / 0.9),
                          Limit(id: "breach", measure: m, min: lo, max: v * 0.9)]
            let s = try statuses(limits)
            #expect(s["ok"]!.status == .ok, "case \(k)")
            #expect(s["warn"]!.status == .warn, "case \(k)")
            #expect(s["breach"]!.status == .breach, "case \(k)")
            #expect(abs(s["ok"]!.value! - v) < 0.01, "case \(k): \(s["ok"]!.value!)")
        }
        // A range breaches below its min.
        let s = try statuses([Limit(id: "net-floor", measure: .net, min: 50, max: 80)])
        #expect(s["net-floor"]!.status == .breach)
    }

    @Test func scenarioLimitOkWarnBreachAndNotMeasuredWithoutScenarios() throws {
        let m = LimitMeasure.worstScenario(caseSet: "book-cases")
        let s = try statuses([Limit(id: "ok", measure: m, max: 30), Limit(id: "warn", measure: m, max: 12), Limit(id: "breach", measure: m, max: 10)])
        #expect(s["ok"]!.status == .ok && s["warn"]!.status == .warn && s["breach"]!.status == .breach)
        #expect(s["ok"]!.detail.contains("book-bear"))
    }

    @Test(.enabled(if: hasSharedData, "needs ../shared/data (the workspace's history root)"))
    func varAndESLimits() throws {
        let v = LimitMeasure.valueAtRisk(confidence: 0.99), e = LimitMeasure.expectedShortfall(confidence: 0.99)
        let s = try statuses([Limit(id: "v-ok", measure: v, max: 10), Limit(id: "v-warn", measure: v, max: 2.5),
                              Limit(id: "v-breach", measure: v, max: 1), Limit(id: "e-breach", measure: e, max: 1)], history: true)
        #expect(s["v-ok"]!.status == .ok && s["v-warn"]!.status == .warn && s["v-breach"]!.status == .breach)
        #expect(s["e-breach"]!.value! > s["v-ok"]!.value!)   // ES ≥ VaR
    }

    @Test func varLimitWithoutHistoryIsNotMeasured() throws {
        let s = try statuses([Limit(id: "v", measure: .valueAtRisk(confidence: 0.99), max: 3)])
        #expect(s["v"]!.status == .notMeasured)
    }

    /// Bad limits: an unknown layer (with a suggestion), a min above a max, a min on a max-only measure, a missing
    /// confidence, an unknown measure.
    @Test func badLimitsAreInputErrors() throws {
        let book = try String(contentsOfFile: repoRoot + "/fixtures/books/ai-infra-thesis.yaml", encoding: .utf8)
        let head = book.components(separatedBy: "\nlimits:")[0]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hb-limits-\(getpid()).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try (head + """

        limits:
          - {id: a, measure: layer, group: acelerators, max: 20}
          - {id: b, measure: net, min: 60, max: 20}
          - {id: c, measure: gross, min: 10, max: 90}
          - {id: d, measure: var, max: 3}
          - {id: e, measure: grosss, max: 90}
        """).write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try BookFile.load(path: path)
            Issue.record("expected errors")
        } catch let e as InputErrors {
            let t = e.description
            #expect(t.contains("limits[0].group: no position has layer 'acelerators' (did you mean 'accelerators'?)"))
            #expect(t.contains("limits[1].min: min 60 is above max 20"))
            #expect(t.contains("limits[2].min: 'min' applies to net and betaAdjustedNet ranges only"))
            #expect(t.contains("a var limit needs 'confidence'"))
            #expect(t.contains("unknown limit measure 'grosss' (did you mean 'gross'?)"))
        }
    }
}
