import Foundation
import Testing

/// End-to-end tests of `hedgebook risk`, `hedgebook nearest-correlation` and `hedgebook pairs`.
/// Reference numbers: Tests/RiskTests/Golden/*.json written by tools/risk_reference.py (numpy/scipy/scikit-learn).
@Suite struct RiskCommandTests {
    static let riskGolden = repoRoot + "/Tests/RiskTests/Golden"
    static let sharedData = sharedDataRoot

    func goldenJSON(_ name: String) throws -> [String: Any] {
        try parseJSON(String(contentsOfFile: Self.riskGolden + "/" + name, encoding: .utf8)) as! [String: Any]
    }

    @Test func weightsModeJSONKeysAndValues() throws {
        let r = try runCLI(["risk", "--prices", Self.riskGolden + "/synthetic_panel.csv", "--weights", Self.riskGolden + "/synthetic_weights.csv",
                            "--paths", "20000", "--seed", "7", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try parseJSON(r.stdout) as! [String: Any]
        #expect(Set(j.keys).isSuperset(of: ["assets", "observations", "covariance", "correlation", "portfolio"]))
        #expect(j["assets"] as? [String] == ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF"])
        let g = try goldenJSON("synthetic.json")
        #expect((j["observations"] as! NSNumber).intValue == (g["observations"] as! NSNumber).intValue)
        let p = j["portfolio"] as! [String: Any]
        #expect(Set(p.keys) == ["volatilityDaily", "volatilityAnnualized", "var", "es"])
        let v = p["var"] as! [String: [String: Double]], e = p["es"] as! [String: [String: Double]]
        #expect(Set(v.keys) == ["parametric", "historical", "cornishFisher", "monteCarlo"])
        #expect(Set(v["parametric"]!.keys) == ["0.95", "0.975", "0.99"])
        let h1 = g["horizon1"] as! [String: Any]
        for (method, key) in [("parametric", "parametric"), ("historical", "historical"), ("cornishFisher", "cornishFisher")] {
            for c in ["0.95", "0.975", "0.99"] {
                let ref = (h1[key] as! [String: Any])[c] as! [String: Double]
                #expect(abs(v[method]![c]! / ref["var"]! - 1) < 1e-10, "\(method) \(c)")
                #expect(abs(e[method]![c]! / ref["es"]! - 1) < 1e-10, "\(method) ES \(c)")
            }
        }
        let vol = (h1["portfolio"] as! [String: Double])["volatilityDaily"]!
        #expect(abs((p["volatilityDaily"] as! Double) / vol - 1) < 1e-12)
        #expect(abs((p["volatilityAnnualized"] as! Double) - vol * 252.0.squareRoot()) < 1e-12)
        // Monte Carlo converges to the parametric value for a linear book (sampling error ~ 1/√20000).
        #expect(abs(v["monteCarlo"]!["0.95"]! / v["parametric"]!["0.95"]! - 1) < 0.05)
        // Same seed, same answer.
        let r2 = try runCLI(["risk", "--prices", Self.riskGolden + "/synthetic_panel.csv", "--weights", Self.riskGolden + "/synthetic_weights.csv",
                             "--paths", "20000", "--seed", "7", "--format", "json"])
        #expect(r2.stdout == r.stdout)
    }

    @Test func covarianceChoicesAndConfidenceKeysAsWritten() throws {
        let r = try runCLI(["risk", "--prices", Self.riskGolden + "/synthetic_panel.csv", "--weights", Self.riskGolden + "/synthetic_weights.csv",
                            "--covariance", "ledoit-wolf", "--confidence", "0.99,0.9", "--paths", "0", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try parseJSON(r.stdout) as! [String: Any]
        let v = (j["portfolio"] as! [String: Any])["var"] as! [String: [String: Double]]
        #expect(Set(v["parametric"]!.keys) == ["0.99", "0.9"])
        let g = try goldenJSON("synthetic.json")
        let ref = ((g["ledoitWolfParametric"] as! [String: Any])["0.99"] as! [String: Double])["var"]!
        #expect(abs(v["parametric"]!["0.99"]! / ref - 1) < 1e-10)
        let meta = j["meta"] as! [String: Any]
        #expect(abs((meta["ledoitWolfShrinkage"] as! Double) / (g["ledoitWolfShrinkage"] as! Double) - 1) < 1e-10)
        let ew = try runCLI(["risk", "--prices", Self.riskGolden + "/synthetic_panel.csv", "--weights", Self.riskGolden + "/synthetic_weights.csv",
                             "--covariance", "ewma", "--paths", "0", "--format", "json"])
        let vj = ((try parseJSON(ew.stdout) as! [String: Any])["portfolio"] as! [String: Any])["var"] as! [String: [String: Double]]
        let eref = ((g["ewmaParametric"] as! [String: Any])["0.99"] as! [String: Double])["var"]!
        #expect(abs(vj["parametric"]!["0.99"]! / eref - 1) < 1e-10)
    }

    @Test func badInputsExitWithClearErrors() throws {
        let dir = NSTemporaryDirectory() + "hb-risk-e2e-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "Date,A,B\n2024-01-03,1,2\n2024-01-02,1,2\n".write(toFile: dir + "/unsorted.csv", atomically: true, encoding: .utf8)
        try "AAA,0.5\nZZZ,0.5\n".write(toFile: dir + "/w.csv", atomically: true, encoding: .utf8)
        try "Date,A,B\n2024-01-02,1,2\n2024-01-03,1.1,2\n".write(toFile: dir + "/short.csv", atomically: true, encoding: .utf8)
        try "A,0.5\nB,0.5\n".write(toFile: dir + "/w2.csv", atomically: true, encoding: .utf8)
        let a = try runCLI(["risk", "--prices", dir + "/unsorted.csv", "--weights", dir + "/w2.csv"])
        #expect(a.status == 1 && a.stderr.contains("unsorted.csv:3") && a.stderr.contains("strictly increasing"), "\(a.stderr)")
        let b = try runCLI(["risk", "--prices", Self.riskGolden + "/synthetic_panel.csv", "--weights", dir + "/w.csv"])
        #expect(b.status == 1 && b.stderr.contains("ticker ZZZ"), "\(b.stderr)")
        let c = try runCLI(["risk", "--prices", dir + "/short.csv", "--weights", dir + "/w2.csv"])
        #expect(c.status == 1 && c.stderr.contains("observations"), "\(c.stderr)")
        let d = try runCLI(["risk", "--prices", Self.riskGolden + "/synthetic_panel.csv"])
        #expect(d.status != 0)
        try "1,0.9,0.7\n0.9,1,-0.4\n0.7,-0.4,1,5\n".write(toFile: dir + "/ragged.csv", atomically: true, encoding: .utf8)
        let e = try runCLI(["nearest-correlation", "--input", dir + "/ragged.csv"])
        #expect(e.status == 1 && e.stderr.contains("ragged.csv:3"), "\(e.stderr)")
    }

    @Test func nearestCorrelationHigham() throws {
        let dir = NSTemporaryDirectory() + "hb-risk-nc-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "2,-1,0,0\n-1,2,-1,0\n0,-1,2,-1\n0,0,-1,2\n".write(toFile: dir + "/h.csv", atomically: true, encoding: .utf8)
        let r = try runCLI(["nearest-correlation", "--input", dir + "/h.csv", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try parseJSON(r.stdout) as! [String: Any]
        let m = j["matrix"] as! [[Double]]
        // Higham (2002) §4, printed to 4 decimals.
        let pub: [[Double]] = [[1, -0.8084, 0.1916, 0.1068], [-0.8084, 1, -0.6562, 0.1916], [0.1916, -0.6562, 1, -0.8084], [0.1068, 0.1916, -0.8084, 1]]
        for i in 0..<4 { for k in 0..<4 { #expect(abs(m[i][k] - pub[i][k]) <= 0.5e-4) } }
        let g = try goldenJSON("higham4.json")
        #expect(abs((j["frobeniusDistance"] as! Double) - (g["frobeniusDistance"] as! Double)) < 1e-10)
    }

    @Test(.enabled(if: hasSharedData, "needs ../shared/data/adjclose_to_2026 (CI has it)"))
    func thesisBookRiskAndPairs() throws {
        let r = try runCLI(["risk", thesisBook, "--market", thesisMarket, "--prices", Self.sharedData, "--paths", "20000", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try parseJSON(r.stdout) as! [String: Any]
        let assets = j["assets"] as! [String]
        #expect(assets.contains("MU") && assets.contains("0700.HK") && assets.contains("000660.KS"))
        // Names without history are proxied, never dropped.
        let hist = j["histories"] as! [[String: Any]]
        let proxied = Set(hist.filter { !($0["proxy"] is NSNull) }.map { $0["factor"] as! String })
        #expect(proxied == ["300308.SZ", "688256.SS"])
        #expect((j["positions"] as! [[String: Any]]).count == 18)
        // Euler components sum to the parametric VaR, by every grouping.
        let pv = ((j["portfolio"] as! [String: Any])["var"] as! [String: [String: Double]])["parametric"]!["0.99"]!
        let comp = (j["componentVaR"] as! [String: Any])["0.99"] as! [String: Any]
        for g in ["position", "pair", "layer", "country"] {
            let s = (comp[g] as! [String: Double]).values.reduce(0, +)
            #expect(abs(s - pv) < 1e-12, "\(g) \(s) vs \(pv)")
        }
        let mc = ((j["portfolio"] as! [String: Any])["var"] as! [String: [String: Double]])["monteCarlo"]!["0.99"]!
        #expect(mc > 0 && abs(mc / pv - 1) < 0.5)
        let p = try runCLI(["pairs", thesisBook, "--market", thesisMarket, "--prices", Self.sharedData, "--format", "json"])
        #expect(p.status == 0, "\(p.stderr)")
        let pj = (try parseJSON(p.stdout) as! [String: Any])["pairs"] as! [[String: Any]]
        #expect(pj.map { $0["id"] as! String } == ["P1", "P2", "P3", "P4", "P5"])
        for x in pj { #expect(x["problem"] is NSNull, "\(x["id"]!): \(x["problem"]!)") }
        // P5 carry by hand: the MU puts are all time value (20% OTM), bought for exactly 3% of NAV, decaying to 0 over
        // 165/365 years → −3 / (165/365) %/yr; plus ASML 1% × 1.5 and AMAT 0.9% × 1.5 dividends.
        let p5 = pj[4]["carryDetail"] as! [String: Double]
        #expect(abs(p5["MU-P-2027-01 option time decay"]! - (-3 / (165.0 / 365.0))) < 1e-9)
        #expect(abs((pj[4]["carryPctNAVPerYear"] as! Double) - (-3 / (165.0 / 365.0) + 0.015 + 0.0135)) < 1e-9)
    }
}
