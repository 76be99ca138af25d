import Foundation
import Testing

/// End-to-end tests of `hedgebook factors` on the bundled workspace.
@Suite struct FactorsCLITests {
    @Test func withoutHistoryItIsAClearError() throws {
        let r = try runCLI(["factors", "--no-history"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: no price history"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    /// JSON, CSV and table agree; VaR contributions (factors + specific) sum to the VaR; byte-identical for 1 and 2
    /// OpenBLAS threads.
    @Test(.enabled(if: hasSharedData, "needs ../shared/data/adjclose_to_2026 (the workspace's history root)"))
    func outputsAgreeAndContributionsSumToTheTotal() throws {
        let one = try runCLI(["factors", "--format", "json"], environment: ["OPENBLAS_NUM_THREADS": "1"])
        let two = try runCLI(["factors", "--format", "json"], environment: ["OPENBLAS_NUM_THREADS": "2"])
        #expect(one.status == 0 && two.status == 0, "\(one.stderr)")
        #expect(one.stdout == two.stdout)
        let j = try parseJSON(one.stdout) as! [String: Any]
        let factors = j["factors"] as! [[String: Any]]
        #expect(factors.map { $0["name"] as! String } == ["market", "semis", "tech", "china", "chinaA", "korea", "taiwan", "rates"])
        let shares = factors.map { $0["varianceShare"] as! Double } + [j["specificVarianceShare"] as! Double]
        #expect(abs(shares.reduce(0, +) - 1) < 1e-12)
        let total = (j["valueAtRisk"] as! [[String: Any]]).map { $0["varPctNAV"] as! Double }
        let fc = j["factorContributions"] as! [[String: Any]], sc = j["specificContribution"] as! [[String: Any]]
        for i in total.indices {
            let sum = (fc[i]["varPctNAV"] as! [Double]).reduce(0, +) + (sc[i]["varPctNAV"] as! [Double])[0]
            #expect(abs(sum - total[i]) < 1e-12 * total[i], "VaR \(i): \(sum) vs \(total[i])")
        }
        let csv = try runCLI(["factors", "--format", "csv"])
        #expect(csv.status == 0)
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.count == 1 + factors.count + 2)
        #expect(lines.last!.hasPrefix("total,"))
        let table = try runCLI(["factors"])
        #expect(table.status == 0 && table.stdout.contains("Book factor exposures") && table.stdout.contains("By pair"))
    }
}
