import Foundation
import Testing

/// A workspace scenario with `propagation: factor` reaches the hedge optimiser through the same factor model as
/// `hedgebook stress` (it was refused by the optimiser's resolver before): the book's P&L in that scenario is the same
/// in both commands.
@Suite struct HedgeFactorScenarioTests {
    @Test(.enabled(if: hasSharedData, "needs ../shared/data/adjclose_to_2026 (the factor model's history)"))
    func aFactorScenarioIsValuedAsStressValuesIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hb-factor-hedge-\(getpid())").path
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir + "/scenarios", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
        version: 1
        scenarios:
          - id: semis-crash
            description: "semis factor -20%"
            propagation: factor
            horizonDays: 10
            spot:
              - {factor: semis, relative: -0.20}
        """.write(toFile: dir + "/scenarios/f.yaml", atomically: true, encoding: .utf8)
        var ws = try String(contentsOfFile: repoRoot + "/hedgebook.yaml", encoding: .utf8)
        ws = ws.replacingOccurrences(of: "book: fixtures/", with: "book: \(repoRoot)/fixtures/")
            .replacingOccurrences(of: "market: fixtures/", with: "market: \(repoRoot)/fixtures/")
            .replacingOccurrences(of: "scenarios: [scenarios]", with: "scenarios: [\(dir)/scenarios]")
            .replacingOccurrences(of: "root: ../shared/data", with: "root: \(sharedDataRoot)")
            .replacingOccurrences(of: "out: reports/", with: "out: \(dir)/reports/")
        try ws.write(toFile: dir + "/hedgebook.yaml", atomically: true, encoding: .utf8)
        let stress = try runCLI(["stress", "--workspace", dir + "/hedgebook.yaml", "--format", "json"])
        #expect(stress.status == 0, "\(stress.stderr)")
        let root = try #require(try parseJSON(stress.stdout) as? [String: Any])
        let pct = try #require((root["scenarios"] as? [[String: Any]])?.first?["totalPct"] as? Double
                               ?? (root["worst"] as? [[String: Any]])?.first?["pct"] as? Double)
        let hedge = try runCLI(["hedge", "--workspace", dir + "/hedgebook.yaml", "--budget", "1", "--paths", "200",
                                "--format", "json"])
        #expect(hedge.status == 0, "\(hedge.stderr)")
        #expect(hedge.stdout.contains("semis-crash"))
        #expect(pct < -1, "semis −20% costs the book more than 1% of NAV: \(pct)")
    }
}
