import Basics
import FileFormats
import Foundation
import Scenarios
import Testing
@testable import Stress

enum FileFormatsBridge {
    static func all() throws -> [Scenario] { try ScenarioFile.loadAll(paths: [repoRoot + "/scenarios"]) }
}

@Suite struct ScenarioFilesTests {
    /// Every file in scenarios/ loads, cross-checks cleanly against the thesis book, and runs to finite P&L.
    @Test func everyScenarioFileRuns() throws {
        let files = try FileManager.default.subpathsOfDirectory(atPath: repoRoot + "/scenarios").filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count >= 19)
        let book = try BookFile.load(path: thesisBookPath)
        let market = try MarketFile.load(path: thesisMarketPath)
        let e = try thesisEngine()
        for f in files {
            let list = try ScenarioFile.load(path: repoRoot + "/scenarios/" + f)
            #expect(!list.isEmpty, "\(f)")
            for s in list {
                #expect(CrossCheck.scenarioProblems(s, book: book, marketIDs: Set(market.quotes.keys)).isEmpty, "\(f): \(s.id)")
            }
            let report = try StressRunner.run(engine: e, scenarios: list)
            #expect(report.outcomes.count == list.count + 1)
            for o in report.outcomes { #expect(o.total.isFinite && o.positionPnL.allSatisfy(\.isFinite), "\(f): \(o.scenario.id)") }
        }
        // Every folder is represented (cases, tail, history) and the whole set runs together.
        for folder in ["cases/", "tail/", "history/"] { #expect(files.contains { $0.hasPrefix(folder) }) }
        let all = try StressRunner.run(engine: e, scenarios: try FileFormatsBridge.all())
        #expect(all.caseSets.count >= 8)
    }
}

@Suite struct BadInputTests {
    let scenarioWith = { (spot: [Shock], vol: [Shock], fx: [Currency: Double]) in
        Scenario(id: "bad", description: "", spotShocks: spot, volShocks: vol, fxShocks: fx)
    }

    @Test func unknownInstrumentAndGroup() throws {
        let e = try thesisEngine()
        let book = try BookFile.load(path: thesisBookPath)
        let s = scenarioWith([Shock(target: .instrument("NVDAA"), mode: .relative, value: -0.1)], [], [:])
        // CrossCheck (used by the CLI) lists it with a suggestion …
        let d = CrossCheck.scenarioProblems(s, book: book)
        #expect(d.count == 1 && d[0].message.contains("unknown instrument 'NVDAA'") && d[0].message.contains("did you mean 'NVDA'"))
        // … and the engine refuses it with its own typed error.
        #expect(throws: StressError.unknownInstrument(scenario: "bad", instrument: "NVDAA", suggestion: "NVDA")) {
            try ScenarioResolver(engine: e).resolve(s)
        }
        let g = scenarioWith([Shock(target: .group(attribute: "layer", value: "hmb"), mode: .relative, value: -0.1)], [], [:])
        #expect(CrossCheck.scenarioProblems(g, book: book).first?.message.contains("did you mean 'hbm'") == true)
        do {
            _ = try ScenarioResolver(engine: e).resolve(g)
            Issue.record("expected unknownGroup")
        } catch let err {
            guard case .unknownGroup(_, "layer", "hmb", let known) = err else { Issue.record("\(err)"); return }
            #expect(known.contains("hbm"))
        }
    }

    @Test func probabilitiesNotSummingToOne() throws {
        let a = Scenario(id: "a", description: "", probability: 0.6, caseSet: "x")
        let b = Scenario(id: "b", description: "", probability: 0.3, caseSet: "x")
        do {
            try StressRunner.checkProbabilities([a, b])
            Issue.record("expected a probability error")
        } catch let err {
            #expect(err.description.contains("sum to 0.8999") && err.description.contains("expected 1"))
        }
        let c = Scenario(id: "c", description: "", caseSet: "y")
        #expect(throws: StressError.self) { try StressRunner.checkProbabilities([c]) }
        let d = Scenario(id: "d", description: "", probability: 1.5)
        #expect(throws: StressError.self) { try StressRunner.checkProbabilities([d]) }
        // The loader rejects a file whose case set does not sum to 1, naming the set.
        let tmp = NSTemporaryDirectory() + "stress-bad-probs.yaml"
        try "version: 1\ncaseSet: z\nscenarios:\n  - {id: z1, probability: 0.5}\n  - {id: z2, probability: 0.4}\n".write(toFile: tmp, atomically: true, encoding: .utf8)
        #expect(throws: InputErrors.self) { try ScenarioFile.loadAll(paths: [tmp]) }
    }

    @Test func negativeVolatility() throws {
        let e = try thesisEngine()
        // MU vol 0.7992 − 0.90 < 0.
        let s = scenarioWith([], [Shock(target: .instrument("MU"), mode: .absolute, value: -0.9)], [:])
        #expect(throws: StressError.negativeVolatility(scenario: "bad", instrument: "MU", base: 0.7992, shocked: 0.7992 - 0.9)) {
            try ScenarioResolver(engine: e).resolve(s)
        }
        // Two relative group shocks that add below −100% of the vol.
        let g = scenarioWith([], [Shock(target: .group(attribute: "layer", value: "hbm"), mode: .relative, value: -0.6),
                                  Shock(target: .group(attribute: "country", value: "US"), mode: .relative, value: -0.6)], [:])
        #expect(throws: StressError.self) { try ScenarioResolver(engine: e).resolve(g) }
    }

    @Test func spotBelowZeroAndBenchmark() throws {
        let e = try thesisEngine()
        let s = scenarioWith([Shock(target: .group(attribute: "layer", value: "hbm"), mode: .relative, value: -0.6),
                              Shock(target: .group(attribute: "country", value: "US"), mode: .relative, value: -0.6)], [], [:])
        #expect(throws: StressError.self) { try ScenarioResolver(engine: e).resolve(s) }
        let b = Scenario(id: "b", description: "", spotShocks: [Shock(target: .instrument("NVDA"), mode: .relative, value: 0.1)],
                         propagation: .beta(benchmark: "SPY"))
        #expect(throws: StressError.benchmarkNotShocked(scenario: "b", benchmark: "SPY")) { try ScenarioResolver(engine: e).resolve(b) }
    }

    /// An FX shock for a currency the book does not hold: a CrossCheck diagnostic (the CLI prints it as a warning) and a
    /// resolver warning; no P&L effect.
    @Test func fxForUnheldCurrency() throws {
        let e = try thesisEngine()
        let book = try BookFile.load(path: thesisBookPath)
        let s = scenarioWith([], [], [Currency("EUR"): 0.1])
        #expect(CrossCheck.scenarioProblems(s, book: book).first?.message.contains("does not hold") == true)
        let r = try ScenarioResolver(engine: e).resolve(s)
        #expect(r.warnings.contains { $0.contains("FX shock for EUR") })
        #expect(e.evaluate(ScenarioResolver(engine: e).matrix([r]), buckets: e.total)[0, 0] == 0)
    }
}
