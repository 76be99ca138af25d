import Basics
import FileFormats
import Foundation
import LinearAlgebra
import Scenarios
import Stress
import Testing

/// `propagation: factor`: shocked factors keep their moves, the others move by their conditional mean, names by
/// r_x = Σ β_xk fₖ; by hand on two factors.
@Suite struct FactorPropagationTests {
    /// F = [[0.04, 0.01], [0.01, 0.02]]: shocking market −10% moves semis by 0.01/0.04 × (−0.10) = −0.025.
    /// NVDA (β 1.5, 0.8) moves 1.5·(−0.10) + 0.8·(−0.025) = −0.17; AVGO (β 1.2, 1.0) moves −0.145; TSM has no
    /// exposures and stays at 0 with a warning; an instrument shock (ORCL +5%) wins over propagation.
    static let fm = FactorPropagation(factors: ["market", "semis"], covariance: Matrix(rowsOf: [[0.04, 0.01], [0.01, 0.02]]),
                                      exposures: ["NVDA": [1.5, 0.8], "AVGO": [1.2, 1.0], "ORCL": [0.9, -0.2]], source: "test")

    @Test func conditionalFactorMovesAndNameMovesByHand() throws {
        let e = try thesisEngine()
        let s = Scenario(id: "f", description: "", spotShocks: [Shock(target: .factor("market"), mode: .relative, value: -0.10),
                                                               Shock(target: .instrument("ORCL"), mode: .relative, value: 0.05)],
                         propagation: .factor)
        let rs = try ScenarioResolver(engine: e, factors: Self.fm).resolve(s)
        #expect(abs(rs.move("NVDA")!.spotReturn - (-0.17)) < 1e-15)
        #expect(abs(rs.move("AVGO")!.spotReturn - (-0.145)) < 1e-15)
        #expect(rs.move("NVDA")!.source == .factor)
        #expect(rs.move("ORCL")!.spotReturn == 0.05 && rs.move("ORCL")!.source == .instrument)
        #expect(rs.move("TSM")!.spotReturn == 0)
        #expect(rs.warnings.contains { $0.contains("no factor exposures for") && $0.contains("TSM") })
        // Both factors shocked: no conditioning, the given moves are used as they are.
        let f = try Self.fm.factorMoves(shocked: ["market": 0.02, "semis": -0.2])
        #expect(f == [0.02, -0.2])
    }

    @Test func unknownFactorOrNoModelIsAClearError() throws {
        let e = try thesisEngine()
        let s = Scenario(id: "f", description: "", spotShocks: [Shock(target: .factor("semi"), mode: .relative, value: -0.2)], propagation: .factor)
        #expect(throws: StressError.factor(scenario: "f", message: "unknown factor 'semi'; known: market, semis")) {
            try ScenarioResolver(engine: e, factors: Self.fm).resolve(s)
        }
        #expect(throws: StressError.self) { try ScenarioResolver(engine: e).resolve(s) }
    }

    @Test func scenarioFileReadsFactorShocksAndRefusesThemWithoutFactorPropagation() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hb-fstress-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = dir + "/good.yaml", bad = dir + "/bad.yaml"
        try """
        version: 1
        id: semis-down
        description: semiconductors −20% beyond the market
        propagation: factor
        spot: [{factor: semis, relative: -0.20}]
        """.write(toFile: good, atomically: true, encoding: .utf8)
        let s = try ScenarioFile.load(path: good)
        #expect(s[0].propagation == .factor && s[0].spotShocks[0].target == .factor("semis") && s[0].spotShocks[0].value == -0.2)
        try """
        version: 1
        id: semis-down
        propagation: none
        spot: [{factor: semis, relative: -0.20}]
        vol: [{factor: semis, absolute: 0.1}]
        """.write(toFile: bad, atomically: true, encoding: .utf8)
        do {
            _ = try ScenarioFile.load(path: bad)
            Issue.record("expected an error")
        } catch let e as InputErrors {
            #expect(e.description.contains("\(bad):4: spot[0].factor: a factor shock needs 'propagation: factor' in its scenario"), "\(e)")
            #expect(e.description.contains("\(bad):5: vol[0].factor: factor shocks move spots only"), "\(e)")
        }
    }
}
