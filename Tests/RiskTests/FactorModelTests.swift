import Basics
import FileFormats
import Foundation
import LinearAlgebra
import MarketData
import QuantMath
import Risk
import Testing

/// The factor model against tools/factor_reference.py (numpy + statsmodels on the same weekly returns), the Euler
/// identities, and a one-factor case by hand.
@Suite struct FactorModelTests {
    static let folder = Golden.sharedData + "/adjclose_to_2026"
    static let hasSharedData = FileManager.default.fileExists(atPath: folder)

    static func history(_ tickers: [String]) throws -> InMemoryHistory {
        var m: [String: PriceSeries] = [:]
        for t in tickers { m[t] = try PricePanelFile.loadSeries(file: folder + "/" + t + ".csv", ticker: t, column: "Close") }
        return InMemoryHistory(m, summary: folder)
    }

    static func definitions(_ g: [String: Any]) -> [FactorDefinition] {
        (g["factors"] as! [[String: Any]]).map { f in
            FactorDefinition(name: f["name"] as! String, ticker: f["ticker"] as! String,
                             transform: f["transform"] as! String == "change" ? .change : .return,
                             orthogonalTo: f["orthogonalTo"] as! [String])
        }
    }

    static func rel(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }

    @Test(.enabled(if: hasSharedData, "../shared/data/adjclose_to_2026 absent: the reference comparison needs the real histories"))
    func betasAndResidualVariancesEqualStatsmodels() throws {
        let g = try Golden.load("factor_model")
        let defs = Self.definitions(g)
        let names = g["names"] as! [String]
        let h = try Self.history(defs.map(\.ticker) + names)
        var settings = FactorModelSettings()
        settings.windowWeeks = Int(Golden.number(g["windowWeeks"]))
        let asOf = LocalDate(iso: g["asOf"] as! String)!
        let model = try FactorModel.fit(defs, settings: settings, history: h, names: names, asOf: asOf)
        let fr = model.factors
        #expect(fr.weeks.count == Int(Golden.number(g["weeks"])))
        #expect(fr.weeks.first?.description == g["firstWeek"] as? String)
        #expect(fr.weeks.last?.description == g["lastWeek"] as? String)
        let sums = (0..<defs.count).map { fr.values.column($0).reduce(0, +) }
        #expect(Golden.maxRelative(sums, Golden.vector(g["factorColumnSums"])) < 1e-10)
        let orth = g["orthogonalisation"] as! [String: [String: Any]]
        for (k, d) in defs.enumerated() {
            for (f, b) in fr.orthogonalisation[k] { #expect(Self.rel(b, Golden.number(orth[d.name]![f])) < 1e-10, "\(d.name) ⊥ \(f)") }
        }
        let e = Golden.maxRelative(model.covariance, Golden.matrix(g["factorCovariance"]))
        #expect(e < 1e-10, "factor covariance \(e)")

        let ols = g["ols"] as! [String: [String: Any]]
        var worstBeta = 0.0, worstVar = 0.0
        for n in names {
            let ref = ols[n]!
            let fit = try #require(model.fit(n))
            #expect(fit.method == .ols)
            #expect(fit.weeks == Int(Golden.number(ref["weeks"])))
            let db = zip(fit.betas, Golden.vector(ref["betas"])).map { abs($0 - $1) }.max()!
            worstBeta = max(worstBeta, db, abs(fit.intercept - Golden.number(ref["intercept"])))
            worstVar = max(worstVar, Self.rel(fit.specificVariance, Golden.number(ref["specificVariance"])))
            #expect(abs(fit.rSquared! - Golden.number(ref["rSquared"])) < 1e-10)
        }
        #expect(worstBeta < 1e-10, "betas: max |Δ| \(worstBeta)")
        #expect(worstVar < 1e-10, "residual variances: max relative Δ \(worstVar)")

        // Ridge: the same names restricted to the last weeks of the window (below fullHistoryWeeks).
        let cutoff = LocalDate(iso: g["ridgeCutoff"] as! String)!
        let ridgeRef = g["ridgeFits"] as! [String: [String: Any]]
        var returns: [String: [LocalDate: Double]] = [:]
        for n in ridgeRef.keys { returns[n] = WeeklyReturns.returns(try h.series(n, field: .adjustedClose)!).filter { $0.key >= cutoff } }
        var unfitted: [(id: String, reason: String)] = []
        settings.ridge = Golden.number(g["ridge"])
        let ridge = try FactorModel.fitNames(ridgeRef.keys.sorted(), returns: returns, factors: fr, settings: settings, unfitted: &unfitted)
        #expect(unfitted.isEmpty && ridge.count == ridgeRef.count)
        for fit in ridge {
            let ref = ridgeRef[fit.id]!
            #expect(fit.method == .ridge && fit.weeks == Int(Golden.number(ref["weeks"])))
            let db = zip(fit.betas, Golden.vector(ref["betas"])).map { abs($0 - $1) }.max()!
            #expect(db < 1e-10 && abs(fit.intercept - Golden.number(ref["intercept"])) < 1e-10, "\(fit.id) ridge β \(db)")
            #expect(Self.rel(fit.specificVariance, Golden.number(ref["specificVariance"])) < 1e-10, "\(fit.id) ridge residual variance")
        }

        // A book: factor and specific variance against w'(BFB' + D)w computed by numpy from the full matrix.
        let book = g["book"] as! [String: Any]
        let w = Golden.vector(book["weights"])
        let fits = names.map { model.fit($0)! }
        var b = Matrix(rows: names.count, cols: defs.count)
        for (i, f) in fits.enumerated() { for c in 0..<defs.count { b[i, c] = f.betas[c] } }
        let d = FactorDecomposition.compute(weights: w, names: Array(names.indices), betas: b, specific: fits.map(\.specificVariance),
                                            factorCovariance: model.covariance)
        #expect(Self.rel(d.totalVariance, Golden.number(book["totalVariance"])) < 1e-10)
        #expect(Self.rel(d.factorVariance, Golden.number(book["factorVariance"])) < 1e-10)
        #expect(Self.rel(d.specificVariance, Golden.number(book["specificVariance"])) < 1e-10)
        #expect(Golden.maxRelative(d.factorExposures, Golden.vector(book["factorExposures"])) < 1e-10)
        // Σ = BFBᵀ + D assembled by the model agrees with the decomposition's quadratic form.
        let sigma = model.nameCovariance(fits)
        #expect(Self.rel(BLAS.quadraticForm(sigma, w), d.totalVariance) < 1e-12)
        _ = try Cholesky(sigma)  // positive definite by construction
    }

    /// Euler: factor contributions sum to the factor variance, position contributions to each part, and the scaled
    /// contributions to σ, VaR and ES sum to the measures, to 1e-12 (relative), on a seeded random book.
    @Test func eulerContributionsSumToTotals() throws {
        var rng = Xoshiro256(seed: 16)
        let n = 40, k = 6, p = 55
        var b = Matrix(rows: n, cols: k)
        for i in 0..<b.storage.count { b.storage[i] = rng.nextUniform() * 2 - 0.5 }
        var a = Matrix(rows: 60, cols: k)
        for i in 0..<a.storage.count { a.storage[i] = (rng.nextUniform() - 0.5) * 0.05 }
        let f = try Estimators.sampleCovariance(a)
        let dvec = (0..<n).map { _ in 1e-4 + rng.nextUniform() * 1e-3 }
        let names = (0..<p).map { _ in Int(rng.nextUniform() * Double(n)) }
        let w = (0..<p).map { _ in rng.nextUniform() * 0.2 - 0.08 }
        let d = FactorDecomposition.compute(weights: w, names: names, betas: b, specific: dvec, factorCovariance: f)
        #expect(Self.rel(d.factorContributions.reduce(0, +), d.factorVariance) < 1e-12)
        #expect(Self.rel(d.positionFactorContributions.reduce(0, +), d.factorVariance) < 1e-12)
        #expect(Self.rel(d.positionSpecificContributions.reduce(0, +), d.specificVariance) < 1e-12)
        for m in [FactorDecomposition.Measure.volatility, .valueAtRisk(0.99), .expectedShortfall(0.975)] {
            let s = d.scale(m, horizonDays: 10)
            let sum = (d.factorContributions + d.positionSpecificContributions).map { $0 * s }.reduce(0, +)
            #expect(Self.rel(sum, d.value(m, horizonDays: 10)) < 1e-12, "\(m)")
        }
        // The measures themselves: σ_10d = √(σ²_week · 10/5); VaR = z σ; ES = φ(z)/(1 − c) σ.
        let sd = (d.totalVariance * 2).squareRoot()
        #expect(Self.rel(d.value(.volatility, horizonDays: 10), sd) < 1e-14)
        #expect(Self.rel(d.value(.valueAtRisk(0.99), horizonDays: 10), Normal.quantile(0.99) * sd) < 1e-14)
        // And against the full covariance: w'(BFBᵀ + D)w with positions expanded to names.
        var s = BLAS.product(BLAS.product(b, f), b, transposeB: true)
        for i in 0..<n { s[i, i] += dvec[i] }
        var wn = [Double](repeating: 0, count: n)
        for (q, i) in names.enumerated() { wn[i] += w[q] }
        #expect(Self.rel(BLAS.quadraticForm(s, wn), d.totalVariance) < 1e-12)
    }

    /// One factor by hand: f = 1…6, e = 0.01·(1, −1, −1, 1, 0, 0) is orthogonal to 1 and f, y = 0.5 + 2f + e, so OLS gives
    /// α = 0.5, β = 2, Σe² = 4e-4 and specific variance 4e-4 / (6 − 2) = 1e-4; var(f) = 3.5 (divisor 5); a book of
    /// 1 × y has weekly variance 2²·3.5 + 1e-4 = 14.0001, factor share 14 / 14.0001.
    @Test func oneFactorByHand() throws {
        let fvals: [Double] = [1, 2, 3, 4, 5, 6], e: [Double] = [0.01, -0.01, -0.01, 0.01, 0, 0]
        let weeks = (0..<6).map { LocalDate(iso: "2026-01-02")!.adding(days: 7 * $0) }
        let fr = FactorReturns(definitions: [FactorDefinition(name: "m", ticker: "M")], weeks: weeks,
                               values: Matrix(rows: 6, cols: 1, columnMajor: fvals))
        var y: [LocalDate: Double] = [:]
        for i in 0..<6 { y[weeks[i]] = 0.5 + 2 * fvals[i] + e[i] }
        var settings = FactorModelSettings()
        settings.minimumWeeks = 3
        settings.fullHistoryWeeks = 6
        var unfitted: [(id: String, reason: String)] = []
        let fit = try #require(try FactorModel.fitNames(["Y"], returns: ["Y": y], factors: fr, settings: settings, unfitted: &unfitted).first)
        #expect(fit.method == .ols)
        #expect(abs(fit.intercept - 0.5) < 1e-13 && abs(fit.betas[0] - 2) < 1e-13)
        #expect(abs(fit.specificVariance - 1e-4) < 1e-15)
        let f = try Estimators.sampleCovariance(fr.values)
        #expect(abs(f[0, 0] - 3.5) < 1e-14)
        let d = FactorDecomposition.compute(weights: [1], names: [0], betas: Matrix(rows: 1, cols: 1, columnMajor: fit.betas),
                                            specific: [fit.specificVariance], factorCovariance: f)
        #expect(abs(d.totalVariance - 14.0001) < 1e-11)
        #expect(abs(d.factorVariance / d.totalVariance - 14 / 14.0001) < 1e-13)
        // Too few weeks: reported, not fitted.
        settings.minimumWeeks = 7
        _ = try FactorModel.fitNames(["Y"], returns: ["Y": y], factors: fr, settings: settings, unfitted: &unfitted)
        #expect(unfitted.count == 1 && unfitted[0].reason.contains("6 weekly returns"))
    }

    /// Weekly sampling: Friday closes, a Friday holiday takes Thursday, an incomplete last week is dropped, gaps break.
    @Test func weeklySamplingRule() {
        let d = { (s: String) in LocalDate(iso: s)! }
        // 2026-01-02 Fri, 01-08 Thu (Friday 01-09 a holiday), 01-16 Fri, 01-30 Fri (week of 01-23 missing), 02-03 Tue (last, incomplete).
        let s = PriceSeries(ticker: "X", dates: [d("2026-01-02"), d("2026-01-08"), d("2026-01-16"), d("2026-01-30"), d("2026-02-03")],
                            values: [100, 110, 99, 120, 130])
        let c = WeeklyReturns.closes(s)
        #expect(c.map(\.week) == [d("2026-01-02"), d("2026-01-09"), d("2026-01-16"), d("2026-01-30")])
        let r = WeeklyReturns.returns(s)
        #expect(r.count == 2)
        #expect(abs(r[d("2026-01-09")]! - 0.1) < 1e-15 && abs(r[d("2026-01-16")]! - (99.0 / 110 - 1)) < 1e-15)
        #expect(WeeklyReturns.returns(s, transform: .change)[d("2026-01-16")] == -11)
        #expect(WeeklyReturns.weekEnd(d("2026-01-03")) == d("2026-01-09"))  // Saturday belongs to the next Friday
    }
}
