import Foundation
import Testing

/// `hedgebook stress` end to end: layout of the JSON (README `## hedgebook stress`), determinism, bad input.
@Suite struct StressCLITests {
    static func tempScenario(_ yaml: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hb-stress-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/s.yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func thesisJSONLayoutAndConsistency() throws {
        let r = try runCLI(["stress", thesisBook, "--market", thesisMarket, "--scenarios", "scenarios", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        // The workspace (./hedgebook.yaml) names ../shared/data as history: the covariance comes from it when present.
        if hasSharedData {
            #expect(!r.stderr.contains("falls back to the single-index"))
        } else {
            #expect(r.stderr.contains("no price history"))
        }
        let again = try runCLI(["stress", thesisBook, "--market", thesisMarket, "--scenarios", "scenarios", "--format", "json"])
        #expect(again.stdout == r.stdout)   // deterministic, byte-identical
        // Top-level key order as documented.
        let keys = ["\"book\"", "\"valuationDate\"", "\"baseCurrency\"", "\"nav\"", "\"conventions\"", "\"propagation\"",
                    "\"positions\"", "\"scenarios\"", "\"caseSets\"", "\"worst\"", "\"warnings\"", "\"notes\""]
        let offsets = keys.map { k in r.stdout.range(of: "\n  " + k)?.lowerBound }
        #expect(offsets.allSatisfy { $0 != nil })
        #expect(offsets.compactMap { $0 } == offsets.compactMap { $0 }.sorted())
        let root = try #require(try parseJSON(r.stdout) as? [String: Any])
        let scenarios = try #require(root["scenarios"] as? [[String: Any]])
        #expect(scenarios[0]["id"] as? String == "zero" && scenarios[0]["pnl"] as? Double == 0)
        for s in scenarios {
            let pnl = s["pnl"] as! Double
            let attribution = s["attribution"] as! [String: [[String: Any]]]
            #expect(Set(attribution.keys) == ["position", "pair", "hedge", "layer", "country"])
            for (_, rows) in attribution {
                let sum = rows.reduce(0.0) { $0 + ($1["pnl"] as! Double) }
                #expect(abs(sum - pnl) < 1e-6 * max(1, abs(pnl)))
            }
        }
        let sets = try #require(root["caseSets"] as? [[String: Any]])
        #expect(sets.contains { $0["caseSet"] as? String == "nvda-cases" })
        for c in sets { #expect(abs((c["probabilitySum"] as! Double) - 1) < 1e-9) }
        // view + carry = expected P&L for every case set (carry: the options' decay alone; the report shows the same split).
        for c in sets {
            let e = c["expectedPct"] as! Double, v = c["expectedViewPct"] as! Double, k = c["expectedCarryPct"] as! Double
            #expect(abs(v + k - e) <= 1e-12 * max(1, abs(e)), "\(c["caseSet"] ?? "?"): \(v) + \(k) vs \(e)")
            #expect(k <= 0, "the book's options only decay: carry \(k)")
        }
        let worst = try #require(root["worst"] as? [[String: Any]]).map { $0["pnl"] as! Double }
        #expect(worst.count == 10 && worst == worst.sorted())
    }

    /// One-name scenario through the CLI: NVDA −20% on a 12% NAV long of a 100m book = −2.4m (hand computation).
    @Test func oneNameScenarioHandComputation() throws {
        let path = try Self.tempScenario("version: 1\nid: nvda-down\nspot:\n  - {instrument: NVDA, relative: -0.2}\n")
        let r = try runCLI(["stress", thesisBook, "--market", thesisMarket, "--scenarios", path, "--format", "csv", "--by", "layer"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("scenario,case_set,probability,horizon_days,grouping,key,pnl_base,pnl_pct_nav\n"))
        #expect(r.stdout.contains("nvda-down,,,0,layer,accelerators,-2400000,-2.4\n"))
        #expect(r.stdout.contains("nvda-down,,,0,total,(total),-2400000,-2.4\n"))
    }

    @Test func unknownInstrumentIsAnErrorWithSuggestion() throws {
        let path = try Self.tempScenario("version: 1\nid: typo\nspot:\n  - {instrument: NVDAA, relative: -0.2}\n  - {layer: hmb, relative: -0.1}\n")
        let r = try runCLI(["stress", thesisBook, "--market", thesisMarket, "--scenarios", path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("unknown instrument 'NVDAA'") && r.stderr.contains("did you mean 'NVDA'"))
        #expect(r.stderr.contains("no position has layer 'hmb'") && r.stderr.contains("did you mean 'hbm'"))
    }

    @Test func probabilitiesNotSummingToOneIsAnError() throws {
        let path = try Self.tempScenario("version: 1\ncaseSet: x\nscenarios:\n  - {id: a, probability: 0.6}\n  - {id: b, probability: 0.3}\n")
        let r = try runCLI(["stress", thesisBook, "--market", thesisMarket, "--scenarios", path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("probabilities sum to"))
    }

    @Test func negativeVolatilityIsAnError() throws {
        let path = try Self.tempScenario("version: 1\nid: v\nvol:\n  - {instrument: MU, absolute: -0.9}\n")
        let r = try runCLI(["stress", thesisBook, "--market", thesisMarket, "--scenarios", path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("makes its volatility negative"))
    }

    @Test func fxShockForUnheldCurrencyIsAWarning() throws {
        let path = try Self.tempScenario("version: 1\nid: eur\nfx: {EUR: 0.1}\n")
        let r = try runCLI(["stress", thesisBook, "--market", thesisMarket, "--scenarios", path, "--format", "csv"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("warning:") && r.stderr.contains("EUR"))
        #expect(r.stdout.contains("eur,,,0,total,(total),0,0\n"))
    }
}
