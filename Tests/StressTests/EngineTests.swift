import Pricing
import Basics
import FileFormats
import Instruments
import LinearAlgebra
import MarketData
import Portfolio
import Scenarios
import Testing
@testable import Stress

@Suite struct EngineTests {
    /// The BLAS path (gemm into per-position buckets, gemv for the total) equals a naive loop that revalues each
    /// position with `ResolvedPosition.value(spot:volatility:agedBy:fxFactor:)` scenario by scenario.
    @Test func gemmPathEqualsNaiveLoop() throws {
        let e = try smallEngine()
        var rng = SplitMix(state: 42)
        let s = 37
        var m = ScenarioMatrix(engine: e, count: s)
        for i in 0..<s {
            for a in 0..<e.instruments.count { m.returns[i, a] = 0.4 * rng.next() }
            for k in 0..<e.optionUnderlyings.count { m.volatilities[i, k] = e.baseVolatility[k] * (1 + 0.5 * rng.next()) }
            for c in 0..<e.currencies.count { m.fxReturns[i, c] = 0.1 * rng.next() }
            m.horizonYears[i] = Double(i % 5) * 30 / 365
        }
        let fast = e.evaluate(m, buckets: e.perPosition)
        let total = e.evaluate(m, buckets: e.total)
        for i in 0..<s {
            var sum = 0.0
            for (p, l) in e.positions.enumerated() {
                let a = e.column(of: l.marketKey)!
                let c = e.currencies.firstIndex(of: l.currency)!
                let vol = e.optionUnderlyings.firstIndex(of: l.marketKey).map { m.volatilities[i, $0] }
                let v1 = l.resolved.value(spot: l.resolved.spot * (1 + m.returns[i, a]), volatility: vol,
                                          agedBy: m.horizonYears[i], fxFactor: 1 + m.fxReturns[i, c])
                let naive = v1 - l.resolved.value()
                #expect(abs(fast[i, p] - naive) <= 1e-9 * max(1, abs(naive)), "scenario \(i) position \(l.id)")
                sum += naive
            }
            #expect(abs(total[i, 0] - sum) <= 1e-8 * max(1, abs(sum)))
        }
    }

    /// Kept from the former StressBenchmark timing test (100,000 scenarios × 1,000 stocks + 100 options, now
    /// `Benchmarks/run.sh --only stress`), at one block of 4,096 scenarios × 200 stocks + 100 puts: every P&L is finite,
    /// and the option revaluation split over worker threads (2,048+ scenarios and 200,000+ option revaluations per
    /// block) is bit-identical to the single-worker path, here the same scenarios evaluated in blocks of 1,024 rows.
    @Test func largeBlockIsFiniteAndItsWorkerSplitIsExact() throws {
        let a = 200, o = 100, s = 4096
        var rng = SplitMix(state: 7)
        let d = LocalDate(year: 2026, month: 1, day: 2)!
        var quotes: [String: InstrumentQuote] = [:]
        var positions: [Position] = []
        for i in 0..<a {
            let id = "S\(i)"
            quotes[id] = InstrumentQuote(id: id, spot: 275 + 225 * rng.next(), currency: .usd, volatility: 0.5 + 0.3 * rng.next())
            positions.append(Position(id: id, instrument: id, kind: .equity, side: rng.next() > 0 ? .long : .short,
                                      size: .quantity(1000 + 900 * rng.next()), exchange: "X", currency: .usd, country: "US",
                                      layer: "L\(i % 10)"))
        }
        for j in 0..<o {
            let u = "S\(Int((rng.next() + 1) / 2 * Double(a - 1)))"
            positions.append(Position(id: "O\(j)", instrument: "O\(j)", kind: .option, side: rng.next() > 0 ? .long : .short,
                                      size: .quantity(10 + 9 * rng.next()), exchange: "X", currency: .usd, country: "US", layer: "opt",
                                      option: OptionTerms(underlying: u, right: .put, strike: quotes[u]!.spot * (1 + 0.3 * rng.next()),
                                                          expiry: d.adding(days: 40 + j * 6))))
        }
        let market = MarketSnapshot(asOf: d, baseCurrency: .usd, quotes: quotes, fx: [:], rates: [.usd: 0.04])
        let book = Book(name: "block", baseCurrency: .usd, nav: 1e9, valuationDate: d, positions: positions)
        // 409,600 American revaluations: the closed-form policy (a tree per scenario would take minutes; the tree is tested on the thesis book).
        let e = try StressEngine(book: try ResolvedBook(book: book, market: market, policy: OptionValuationPolicy(americanInScenarios: .bjerksundStensland)))
        var m = ScenarioMatrix(engine: e, count: s)
        for k in 0..<m.returns.storage.count { m.returns.storage[k] = 0.1 * rng.next() }
        for k in 0..<e.optionUnderlyings.count {
            for i in 0..<s { m.volatilities[i, k] = e.baseVolatility[k] * (1 + 0.1 * rng.next()) }
        }
        for i in 0..<s { m.horizonYears[i] = 30.0 / 365 }
        // Buckets: the book total, and the option lines alone (no linear part, so that column is the revaluation only).
        let p = e.positions.count
        var w = Matrix(rows: p, cols: 2)
        for (i, l) in e.positions.enumerated() {
            w[i, 0] = 1
            if l.resolved.option != nil { w[i, 1] = 1 }
        }
        let whole = e.evaluate(m, buckets: w)
        #expect(whole.storage.allSatisfy { $0.isFinite })
        let block = 1024
        for b in stride(from: 0, to: s, by: block) {
            var sub = ScenarioMatrix(engine: e, count: block)
            for i in 0..<block {
                for c in 0..<m.returns.cols { sub.returns[i, c] = m.returns[b + i, c] }
                for c in 0..<m.volatilities.cols { sub.volatilities[i, c] = m.volatilities[b + i, c] }
                sub.horizonYears[i] = m.horizonYears[b + i]
            }
            let part = e.evaluate(sub, buckets: w)
            for i in 0..<block {
                #expect(part[i, 1] == whole[b + i, 1], "options, scenario \(b + i)")
                #expect(abs(part[i, 0] - whole[b + i, 0]) <= 1e-12 * max(1, abs(whole[b + i, 0])), "total, scenario \(b + i)")
            }
        }
    }

    /// One-name scenarios on the thesis book equal the hand computations of tools/stress_reference.py.
    @Test func oneNameHandComputation() throws {
        let e = try thesisEngine()
        let hand = try reference()["hand"] as! [String: Any]
        let r = ScenarioResolver(engine: e)
        func pnl(_ s: Scenario) throws -> Double { e.evaluate(try r.matrix([s]).matrix, buckets: e.total)[0, 0] }

        let nvda = Scenario(id: "nvda", description: "", spotShocks: [Shock(target: .instrument("NVDA"), mode: .relative, value: -0.2)])
        let expectedNVDA = hand["nvda_minus20"] as! Double   // 0.12 × 100m × −0.20 = −2.4m
        #expect(abs(try pnl(nvda) - expectedNVDA) < 1e-6)

        let tencent = Scenario(id: "tencent", description: "", spotShocks: [Shock(target: .instrument("0700.HK"), mode: .relative, value: -0.1)],
                               fxShocks: [Currency("HKD"): 0.05])
        let tpnl = try pnl(tencent)
        #expect(abs(tpnl - (hand["tencent_scenario_total"] as! Double)) < 1e-6, "got \(tpnl)")
        let tpos = e.evaluate(try r.matrix([tencent]).matrix, buckets: e.perPosition)
        let ti = e.positions.firstIndex { $0.id == "0700.HK" }!
        #expect(abs(tpos[0, ti] - (hand["tencent_minus10_hkd_plus5"] as! Double)) < 1e-6)

        // MU puts: spot −30%, vol +10 points, 30 days; full BSM revaluation under the `.european` scenario model equals
        // the scipy reference per contract (the contract count comes from the tree price, so compare per contract).
        let mu = Scenario(id: "mu", description: "", horizonDays: 30,
                          spotShocks: [Shock(target: .instrument("MU"), mode: .relative, value: -0.3)],
                          volShocks: [Shock(target: .instrument("MU"), mode: .absolute, value: 0.10)])
        let ref = hand["mu_put"] as! [String: Any]
        let eu = try thesisEngine(policy: OptionValuationPolicy(americanInScenarios: .european))
        let ru = ScenarioResolver(engine: eu)
        let muLine = eu.positions.first { $0.id == "MU-P-2027-01" }!
        let perShare = eu.evaluate(try ru.matrix([mu]).matrix, buckets: eu.total)[0, 0] / (muLine.resolved.quantity * 100)
        let refPerShare = (ref["price1"] as! Double) - (ref["price0"] as! Double)
        #expect(abs(perShare - refPerShare) < 1e-9 * abs(refPerShare), "got \(perShare)")
        let got = try pnl(mu)
        // …and the put is not repriced by delta: the delta approximation differs by more than 10%.
        let put = e.positions.first { $0.id == "MU-P-2027-01" }!
        let deltaPnL = put.resolved.quantity * 100 * put.resolved.option!.greeks(spot: put.resolved.spot).delta * put.resolved.spot * -0.3
        #expect(abs(deltaPnL - got) > 0.1 * abs(got))
    }

    /// Conditional-mean propagation (Cholesky/LAPACK) equals numpy's Σ_xs Σ_ss⁻¹ s on a 5-name case.
    @Test func conditionalMeanMatchesNumpy() throws {
        let cm = try reference()["conditional_mean"] as! [String: Any]
        let ids = cm["ids"] as! [String]
        let cov = try StressCovariance(ids: ids, matrix: Matrix(rowsOf: cm["covariance"] as! [[Double]]), source: "test")
        let x = try cov.conditionalMean(given: cm["given"] as! [String], shocks: cm["shocks"] as! [Double], targets: cm["targets"] as! [String])
        for (a, b) in zip(x, cm["expected"] as! [Double]) { #expect(abs(a - b) < 1e-12) }
        // Shocked names keep their shocks and the relation holds through the resolver on the thesis book with a
        // covariance over NVDA, AVGO, TSM: AVGO and TSM move by Σ_xs/Σ_ss × s.
        let e = try thesisEngine()
        let c3 = try StressCovariance(ids: ["NVDA", "AVGO", "TSM"], matrix: Matrix(rowsOf: [[0.04, 0.03, 0.02], [0.03, 0.09, 0.01], [0.02, 0.01, 0.05]]), source: "t")
        let s = Scenario(id: "cm", description: "", spotShocks: [Shock(target: .instrument("NVDA"), mode: .relative, value: 0.1)], propagation: .conditionalMean)
        let rs = try ScenarioResolver(engine: e, covariance: c3).resolve(s)
        #expect(rs.move("NVDA")!.spotReturn == 0.1)
        #expect(abs(rs.move("AVGO")!.spotReturn - 0.03 / 0.04 * 0.1) < 1e-14)
        #expect(abs(rs.move("TSM")!.spotReturn - 0.02 / 0.04 * 0.1) < 1e-14)
        #expect(rs.move("AVGO")!.source == .conditionalMean)
        #expect(rs.move("ORCL")!.spotReturn == 0 && rs.move("ORCL")!.source == .none)
        #expect(rs.warnings.contains { $0.contains("not in the covariance") })
    }

    /// Beta propagation: r_x = β_x × r_SPY with the snapshot's betas (NVDA 1.89, AVGO 2.12).
    @Test func betaPropagation() throws {
        let e = try thesisEngine()
        let s = Scenario(id: "b", description: "", spotShocks: [Shock(target: .instrument("SPY"), mode: .relative, value: -0.05)],
                         propagation: .beta(benchmark: "SPY"))
        let r = try ScenarioResolver(engine: e).resolve(s)
        #expect(abs(r.move("NVDA")!.spotReturn - 1.89 * -0.05) < 1e-15)
        #expect(abs(r.move("AVGO")!.spotReturn - 2.12 * -0.05) < 1e-15)
        #expect(r.move("SPY")!.held == false)
    }

    /// Precedence: instrument beats group beats all; groups add; absolute spot shocks convert by spot.
    @Test func precedenceAndGroupsAdd() throws {
        let e = try smallEngine()
        let s = Scenario(id: "p", description: "", spotShocks: [
            Shock(target: .all, mode: .relative, value: -0.01),
            Shock(target: .group(attribute: "layer", value: "chips"), mode: .relative, value: 0.02),
            Shock(target: .group(attribute: "country", value: "US"), mode: .relative, value: 0.03),
            Shock(target: .instrument("BBB"), mode: .absolute, value: -5),
        ], volShocks: [Shock(target: .group(attribute: "layer", value: "cloud"), mode: .relative, value: 0.5),
                       Shock(target: .all, mode: .absolute, value: 0.02)])
        let r = try ScenarioResolver(engine: e).resolve(s)
        #expect(abs(r.move("AAA")!.spotReturn - 0.05) < 1e-15)   // 0.02 + 0.03: groups add, beat `all`
        #expect(r.move("AAA")!.source == .group)
        #expect(abs(r.move("BBB")!.spotReturn - (-5.0 / 50)) < 1e-15)  // instrument, absolute → −10%
        #expect(abs(r.move("BBB")!.shockedVolatility! - 0.6) < 1e-15)   // 0.4 × (1 + 0.5)
        #expect(abs(r.move("AAA")!.shockedVolatility! - 0.32) < 1e-15)  // all: +2 points
    }

    /// Aggregations (pair, hedge, layer, country) are the per-position P&L summed by membership: every grouping sums to
    /// the scenario total, and the base case (zero shock) is exactly 0.
    @Test func attributionSumsToTotals() throws {
        let e = try thesisEngine()
        let scenarios = try FileFormatsBridge.all()
        let report = try StressRunner.run(engine: e, scenarios: scenarios)
        #expect(report.outcomes[0].scenario.id == "zero")
        #expect(report.outcomes[0].total == 0)
        for (i, o) in report.outcomes.enumerated() {
            #expect(o.total.isFinite)
            for g in StressGrouping.allCases {
                let a = report.attribution[g]!
                let sum = (0..<a.keys.count).reduce(0.0) { $0 + a.pnl[i, $1] }
                #expect(abs(sum - o.total) < 1e-6 * max(1, abs(o.total)), "\(o.scenario.id) by \(g)")
            }
        }
        let tot = report.attribution[.hedge]!
        #expect(tot.keys == ["(book)"])   // the thesis holds none of its hedge packages
        #expect(report.notes.contains { $0.contains("proposed (not held) hedge packages are not valued: T1, T2, T2-ALT, T3") })
    }

    /// Case-set expectation: Σ p × P&L over the set's members; probabilities sum to 1.
    @Test func caseSetExpectation() throws {
        let e = try thesisEngine()
        let report = try StressRunner.run(engine: e, scenarios: try FileFormatsBridge.all())
        let nvda = report.caseSets.first { $0.caseSet == "nvda-cases" }!
        let byID = Dictionary(uniqueKeysWithValues: report.outcomes.map { ($0.scenario.id, $0.total) })
        let expected = 0.6 * byID["nvda-bull"]! + 0.3 * byID["nvda-base"]! + 0.1 * byID["nvda-bear"]!
        #expect(abs(nvda.expected - expected) < 1e-6)
        #expect(abs(nvda.probabilitySum - 1) < 1e-12)
        #expect(nvda.distribution.last!.cumulative > 1 - 1e-12)
        #expect(nvda.distribution.first!.pnl == nvda.worst)
        // Worst ranked ascending.
        let totals = report.worstRanked.map { report.outcomes[$0].total }
        #expect(totals == totals.sorted())
    }

    /// Grid: the surface point equals the same one-name scenario run through the resolver; (0, 0, no aging) is 0.
    @Test func spotVolGrid() throws {
        let e = try thesisEngine()
        let g = try StressGrid.spotVolSurface(engine: e, instrument: "MU", horizonDays: 30)
        #expect(g.pnl.rows == 11 && g.pnl.cols == 7)
        let i = 2, j = 6   // spot −30%, vol +20 points
        let s = Scenario(id: "g", description: "", horizonDays: 30,
                         spotShocks: [Shock(target: .instrument("MU"), mode: .relative, value: g.spotReturns[i])],
                         volShocks: [Shock(target: .instrument("MU"), mode: .absolute, value: g.volShifts[j])])
        let direct = e.evaluate(try ScenarioResolver(engine: e).matrix([s]).matrix, buckets: e.total)[0, 0]
        #expect(abs(g.pnl[i, j] - direct) < 1e-6)
        let flat = try StressGrid.spotVolSurface(engine: e, instrument: "NVDA", spotReturns: [0, -0.1], volShifts: [0])
        #expect(flat.pnl[0, 0] == 0)
        #expect(abs(flat.pnl[1, 0] - (-1_200_000)) < 1e-6)   // 12% NAV × −10%
        #expect(throws: StressError.self) { try StressGrid.spotVolSurface(engine: e, instrument: "MU", volShifts: [-0.9]) }
        #expect(throws: StressError.self) { try StressGrid.spotVolSurface(engine: e, instrument: "SPY") }
    }
}

@Suite struct HeldHedgeTests {
    /// A held hedge package becomes lines `PACKAGE/LEG`, aggregated under its id. T1's legs expired on 2026-01-16,
    /// before the 2026-08-03 valuation, so they are worth intrinsic: the AVGO $180 call (5% NAV of underlying notional,
    /// i.e. 5m / 386.4 shares) gains 5m × 10% = 500,000 when AVGO rises 10% (deep in the money); the NVDA $90 put
    /// stays worthless.
    @Test func heldPackageIsValuedAndAttributed() throws {
        var book = try BookFile.load(path: thesisBookPath)
        let i = book.hedges.firstIndex { $0.id == "T1" }!
        book.hedges[i].held = true
        let e = try StressEngine(book: try ResolvedBook(book: book, market: try MarketFile.load(path: thesisMarketPath)))
        #expect(e.positions.suffix(2).map(\.id) == ["T1/T1-AVGO-C180", "T1/T1-NVDA-P90"])
        #expect(e.notes.contains { $0.contains("T1/T1-AVGO-C180 expired") })
        let s = Scenario(id: "avgo", description: "", spotShocks: [Shock(target: .instrument("AVGO"), mode: .relative, value: 0.1)])
        let report = try StressRunner.run(engine: e, scenarios: [s])
        let hedge = report.attribution[.hedge]!
        #expect(hedge.keys == ["T1", "(book)"])
        #expect(abs(hedge.pnl[1, 0] - 500_000) < 1e-6)
        #expect(abs(hedge.pnl[1, 1] - 0.08 * 1e8 * 0.1) < 1e-6)   // the AVGO 8% NAV stock line
    }
}
