import Foundation
import Testing
import Basics
import FileFormats
import LinearAlgebra
import MarketData
import QuantMath
import Risk

/// Checks every estimator and VaR/ES method against tools/risk_reference.py (numpy / scipy / scikit-learn).
/// Target: 1e-10 relative.
@Suite struct GoldenTests {
    static let tolerance = 1e-10

    struct Case {
        let golden: [String: Any]
        let returns: ReturnPanel
        let weights: [Double]
    }

    static func synthetic() throws -> Case {
        let g = try Golden.load("synthetic")
        let panel = try PricePanelFile.loadWide(path: Golden.dir + "/synthetic_panel.csv")
        let w = try WeightsFile.load(path: Golden.dir + "/synthetic_weights.csv")
        #expect(w.map(\.ticker) == panel.tickers)
        return Case(golden: g, returns: try panel.returns(), weights: w.map(\.weight))
    }

    /// `../shared/data/adjclose_to_2026` is present (CI has it); the real-data test is skipped otherwise.
    static let hasSharedData = FileManager.default.fileExists(atPath: Golden.sharedData + "/adjclose_to_2026")

    static func real() throws -> Case {
        let folder = Golden.sharedData + "/adjclose_to_2026"
        let g = try Golden.load("real_adjclose")
        let tickers = g["tickers"] as! [String]
        let panel = try PricePanelFile.loadFolder(path: folder, tickers: tickers)
        let r = try panel.returns(kind: .simple, from: LocalDate(iso: g["firstDate"] as! String),
                                  to: LocalDate(iso: g["lastDate"] as! String))
        return Case(golden: g, returns: r, weights: Golden.vector(g["weights"]))
    }

    func check(_ c: Case, label: String) throws {
        let g = c.golden
        let r = c.returns.values
        #expect(c.returns.observationCount == Int(Golden.number(g["observations"])), "\(label) observations")
        let tol = Self.tolerance
        let mean = Estimators.mean(r)
        #expect(Golden.maxRelative(mean, Golden.vector(g["mean"])) < tol, "\(label) mean")
        let cov = try Estimators.sampleCovariance(r)
        let e1 = Golden.maxRelative(cov, Golden.matrix(g["sampleCovariance"]))
        #expect(e1 < tol, "\(label) sample covariance \(e1)")
        let corr = try Estimators.correlation(r)
        let e2 = Golden.maxRelative(corr, Golden.matrix(g["correlation"]))
        #expect(e2 < tol, "\(label) correlation \(e2)")
        let ew = try Estimators.ewmaCovariance(r, lambda: 0.94)
        let e3 = Golden.maxRelative(ew, Golden.matrix(g["ewmaCovariance"]))
        #expect(e3 < tol, "\(label) EWMA \(e3)")
        let ewn = try Estimators.ewmaCovariance(r, lambda: 0.94, normalizedWeights: true)
        let e4 = Golden.maxRelative(ewn, Golden.matrix(g["ewmaNormalizedCovariance"]))
        #expect(e4 < tol, "\(label) EWMA normalised \(e4)")
        let lw = try Estimators.ledoitWolf(r)
        let e5 = Golden.maxRelative(lw.covariance, Golden.matrix(g["ledoitWolfCovariance"]))
        let e6 = abs(lw.shrinkage - Golden.number(g["ledoitWolfShrinkage"])) / Golden.number(g["ledoitWolfShrinkage"])
        #expect(e5 < tol, "\(label) Ledoit–Wolf \(e5)")
        #expect(e6 < tol, "\(label) Ledoit–Wolf shrinkage \(e6)")

        let w = c.weights
        let rp = BLAS.multiply(r, w)
        var worst = 0.0
        func cmp(_ m: VaR.Measure, _ obj: Any?, _ what: String) {
            let o = obj as! [String: Any]
            let ev = abs(m.valueAtRisk - Golden.number(o["var"])) / abs(Golden.number(o["var"]))
            let ee = abs(m.expectedShortfall - Golden.number(o["es"])) / abs(Golden.number(o["es"]))
            worst = max(worst, ev, ee)
            #expect(ev < tol && ee < tol, "\(label) \(what) VaR rel \(ev) ES rel \(ee)")
        }
        for (h, key) in [(1, "horizon1"), (10, "horizon10")] {
            let block = g[key] as! [String: Any]
            let mu = BLAS.dot(w, mean)
            let sigma = BLAS.quadraticForm(cov, w).squareRoot()
            for c in [0.95, 0.975, 0.99] {
                let k = "\(c)"
                cmp(try VaR.parametric(mean: mu, sigma: sigma, confidence: c, horizonDays: h),
                    (block["parametric"] as! [String: Any])[k], "parametric h=\(h) c=\(k)")
                cmp(try VaR.parametric(mean: 0, sigma: sigma, confidence: c, horizonDays: h),
                    (block["parametricZeroMean"] as! [String: Any])[k], "parametric0 h=\(h) c=\(k)")
                cmp(try VaR.historical(returns: rp, confidence: c, horizonDays: h),
                    (block["historical"] as! [String: Any])[k], "historical h=\(h) c=\(k)")
                cmp(try VaR.historical(returns: rp, confidence: c, horizonDays: h, definition: .kthWorst),
                    (block["historicalKthWorst"] as! [String: Any])[k], "kth-worst h=\(h) c=\(k)")
                cmp(try VaR.cornishFisher(returns: rp, confidence: c, horizonDays: h),
                    (block["cornishFisher"] as! [String: Any])[k], "Cornish–Fisher h=\(h) c=\(k)")
            }
        }
        for c in [0.95, 0.975, 0.99] {
            let sigE = BLAS.quadraticForm(ew, w).squareRoot()
            cmp(try VaR.parametric(mean: 0, sigma: sigE, confidence: c), (g["ewmaParametric"] as! [String: Any])["\(c)"], "EWMA parametric")
            let sigL = BLAS.quadraticForm(lw.covariance, w).squareRoot()
            cmp(try VaR.parametric(mean: BLAS.dot(w, mean), sigma: sigL, confidence: c),
                (g["ledoitWolfParametric"] as! [String: Any])["\(c)"], "LW parametric")
        }
        print("GoldenTests \(label): max rel errors cov \(e1) corr \(e2) ewma \(e3)/\(e4) LW \(e5) shrink \(e6) VaR/ES \(worst)")
    }

    @Test func syntheticPanelMatchesReference() throws { try check(try Self.synthetic(), label: "synthetic") }

    @Test(.enabled(if: GoldenTests.hasSharedData, "needs ../shared/data/adjclose_to_2026 (CI has it)"))
    func realPanelMatchesReference() throws {
        try check(try Self.real(), label: "real adjclose_to_2026")
    }

    @Test func highamFourByFour() throws {
        let g = try Golden.load("higham4")
        let res = try NearestCorrelation.compute(Golden.matrix(g["input"]))
        #expect(res.converged)
        // Higham (2002) §4 prints the answer to 4 decimals.
        let pub = Golden.matrix(g["published4dp"])
        #expect((res.matrix - pub).maxAbs < 0.5e-4 + 1e-12, "vs published \((res.matrix - pub).maxAbs)")
        // Same algorithm in numpy (np.linalg.eigh), converged to 1e-13.
        let np = Golden.matrix(g["numpyResult"])
        #expect((res.matrix - np).maxAbs < 1e-10, "vs numpy \((res.matrix - np).maxAbs)")
        #expect(abs(res.frobeniusDistance - Golden.number(g["frobeniusDistance"])) < 1e-10)
        #expect(res.outputEigenvalues.first! > -1e-12)
        #expect(!res.changedEigenvalues.isEmpty)
        for j in 0..<4 { #expect(res.matrix[j, j] == 1) }
    }
}
