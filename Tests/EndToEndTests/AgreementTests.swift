import Foundation
import Testing

/// Issue 11's acceptance: every command run on the bundled workspace (no arguments) and the report agree on the
/// figures they share — contract counts, hedge costs, case-set expectations, VaR.
@Suite struct AgreementTests {
    static let hasData = hasSharedData

    func json(_ args: [String]) throws -> [String: Any] {
        let r = try runCLI(args + ["--format", "json"])
        #expect(r.status == 0, "\(args): \(r.stderr)")
        return try parseJSON(r.stdout) as! [String: Any]
    }

    func file(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    }

    @Test(.enabled(if: AgreementTests.hasData, "needs ../shared/data (the workspace's history root)"))
    func everyCommandAndTheReportAgreeOnTheWorkspace() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("hb-agree-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let rep = try runCLI(["report", "--out", out, "--quiet"])
        #expect(rep.status == 0, "\(rep.stderr)")

        // MU puts: one contract count and one premium everywhere.
        let exposure = try json(["exposure"])
        let mu = (exposure["positions"] as! [[String: Any]]).first { $0["id"] as? String == "MU-P-2027-01" }!
        let contracts = mu["quantity"] as! Double
        let payoff = try json(["payoff"])
        let sections = payoff["sections"] as! [[String: Any]]
        let muPayoff = sections.first { $0["id"] as? String == "MU-P-2027-01" }!
        let sizing = muPayoff["sizing"] as! [String: Any]
        #expect(abs(contracts - (sizing["contractsExact"] as! Double)) < 1e-9 * abs(contracts))   // a bought put: long contracts
        #expect(abs((mu["notionalPct"] as! Double) + 3) < 1e-9)
        #expect(abs((muPayoff["premiumPctNAV"] as! Double) - 3) < 1e-9)
        let reportExposure = try file(out + "/exposure.json")
        let muReport = (reportExposure["positions"] as! [[String: Any]]).first { $0["id"] as? String == "MU-P-2027-01" }!
        #expect(muReport["quantity"] as! Double == contracts)

        // Hedge costs (T1 rolled) in payoff and in the report.
        func rolledCost(_ s: [[String: Any]], _ id: String) -> Double? {
            s.first { $0["id"] as? String == id + "-rolled" }?["premiumPctNAV"] as? Double
        }
        let reportPayoff = try file(out + "/payoff.json")["sections"] as! [[String: Any]]
        for id in ["T1", "T2", "T3"] {
            let a = rolledCost(sections, id), b = rolledCost(reportPayoff, id)
            #expect(a != nil && a == b, "\(id) rolled cost: payoff \(String(describing: a)), report \(String(describing: b))")
        }

        // Case-set expectations: stress and the report.
        let stress = try json(["stress"])
        let reportStress = try file(out + "/stress.json")
        func cases(_ j: [String: Any]) -> [String: Double] {
            Dictionary(uniqueKeysWithValues: (j["caseSets"] as! [[String: Any]]).map { ($0["caseSet"] as! String, $0["expectedPct"] as! Double) })
        }
        #expect(!cases(stress).isEmpty && cases(stress) == cases(reportStress))
        #expect(stress["worst"] as? NSArray == reportStress["worst"] as? NSArray)

        // VaR: risk and the report, every method and confidence, Monte Carlo included.
        let risk = try json(["risk"])
        let reportRisk = try file(out + "/risk.json")
        let v1 = risk["portfolio"] as! [String: Any]
        let var1 = v1["var"] as! [String: [String: Double]], var2 = reportRisk["var"] as! [String: [String: Double]]
        for method in ["parametric", "historical", "cornishFisher", "monteCarlo"] {
            #expect(var1[method] != nil && var1[method] == var2[method], "\(method): risk \(String(describing: var1[method])), report \(String(describing: var2[method]))")
        }

        // Factor model: the command's JSON and the report's factors.json are the same bytes.
        let factors = try runCLI(["factors", "--format", "json"])
        #expect(factors.status == 0, "\(factors.stderr)")
        #expect(try String(contentsOfFile: out + "/factors.json", encoding: .utf8) == factors.stdout)
    }

    /// Monte Carlo (and every other figure) is byte-identical for any OpenBLAS thread count (issue 11 table, last row).
    @Test(.enabled(if: AgreementTests.hasData, "needs ../shared/data (the workspace's history root)"))
    func riskIsIdenticalForAnyBLASThreadCount() throws {
        let one = try runCLI(["risk", "--format", "json", "--paths", "20000"], environment: ["OPENBLAS_NUM_THREADS": "1"])
        let two = try runCLI(["risk", "--format", "json", "--paths", "20000"], environment: ["OPENBLAS_NUM_THREADS": "2"])
        #expect(one.status == 0 && two.status == 0, "\(one.stderr)\(two.stderr)")
        #expect(one.stdout == two.stdout)
    }
}
