import Basics
import FileFormats
import Foundation
import Instruments
import MarketData
import Portfolio
import Pricing
import Testing

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

func thesis() throws -> ExposureReport {
    let b = try BookFile.load(path: root + "/fixtures/books/ai-infra-thesis.yaml")
    let m = try MarketFile.load(path: root + "/fixtures/market/snapshot-2026-08-03.yaml")
    return ExposureCalculator.report(try ResolvedBook(book: b, market: m))
}

/// A two-currency toy book whose every figure is computed by hand below.
func toy() throws -> (ResolvedBook, ExposureReport) {
    let hkd = Currency("HKD")
    let market = MarketSnapshot(
        asOf: LocalDate(iso: "2026-01-02")!, baseCurrency: .usd,
        quotes: [
            "AAA": InstrumentQuote(id: "AAA", spot: 100, currency: .usd, volatility: 0.3, beta: 1.5),
            "BBB": InstrumentQuote(id: "BBB", spot: 50, currency: hkd, volatility: 0.4, beta: 0.5),
        ],
        fx: [hkd: 0.128], rates: [.usd: 0.04])
    let expiry = LocalDate(iso: "2026-07-01")!  // 180 days → T = 180/365
    let book = Book(
        name: "toy", baseCurrency: .usd, nav: 1_000_000, valuationDate: market.asOf,
        positions: [
            Position(id: "A", instrument: "AAA", kind: .equity, side: .long, size: .percentOfNAV(20), exchange: "NYSE",
                     currency: .usd, country: "US", layer: "l1"),
            Position(id: "B", instrument: "BBB", kind: .equity, side: .short, size: .quantity(1000), exchange: "HKEX",
                     currency: hkd, country: "CN", layer: "l2"),
            Position(id: "P", instrument: "AAA put", kind: .option, side: .long, size: .quantity(10), exchange: "NYSE",
                     currency: .usd, country: "US", layer: "l1",
                     option: OptionTerms(underlying: "AAA", right: .put, strike: 90, expiry: expiry, exercise: .european)),
        ],
        pairs: [PairTrade(id: "AB", name: "A/B", longLegs: [PairLeg(position: "A")], shortLegs: [PairLeg(position: "B")])],
        claims: StatedClaims(longPercent: 20, shortPercent: 5, tolerance: 0.5),
        constraints: [
            Constraint(id: "no-hk-short", description: "", rule: .noShort(PositionFilter(exchanges: ["HKEX"]))),
            Constraint(id: "cap", description: "", rule: .maxGross(10)),
            Constraint(id: "fine", description: "", rule: .maxPosition(50)),
        ])
    let rb = try ResolvedBook(book: book, market: market)
    return (rb, ExposureCalculator.report(rb))
}

@Suite struct ExposureTests {
    @Test func thesisBookReconcilesAsTheIssueExpects() throws {
        let r = try thesis()
        // Ledger arithmetic (seed digest §a): 12+8+6+4+3+5+5+5+3+3+3+1.5+1.5 = 60 long; 4×3 + 3 (MU premium) = 15 short.
        #expect(abs(r.pct(r.premium.long) - 60) < 1e-9)
        #expect(abs(r.pct(r.premium.short) - 15) < 1e-9)
        #expect(abs(r.pct(r.premium.gross) - 75) < 1e-9)
        #expect(abs(r.pct(r.premium.net) - 45) < 1e-9)
        #expect(abs(r.reservePercent - 25) < 1e-9)
        #expect(r.premium.longCount == 13 && r.premium.shortCount == 5)
        let byMeasure = Dictionary(uniqueKeysWithValues: r.claims.map { ($0.measure, $0) })
        #expect(byMeasure["long"]?.stated == 64 && byMeasure["long"]?.flagged == true)
        #expect(abs(byMeasure["short"]!.gap + 6) < 1e-9 && byMeasure["short"]!.flagged)
        #expect(abs(byMeasure["gross"]!.gap + 10) < 1e-9 && byMeasure["net"]!.flagged)
        #expect(abs(byMeasure["net"]!.gap - 2) < 1e-9)
        // The thesis's T2 alternative (short Zhongji forwards) breaks its own no-A-share-shorts rule.
        let breach = r.breaches.first { $0.id == "no-a-share-shorts" }
        #expect(breach?.offenders.first?.hasPrefix("T2-ALT/") == true)
        #expect(!r.breaches.contains { $0.id == "never-short-nvda" || $0.id == "gross-cap" || $0.id == "mu-defined-risk" })
        // Country split (digest §a, with ASML 1.5 NL + AMAT 1.5 US): CN long 6+3+5+3 = 17, short 9.
        let cn = r.breakdown(by: .country).first { $0.key == "CN" }!
        #expect(abs(r.pct(cn.premium.long) - 17) < 1e-9 && abs(r.pct(cn.premium.short) - 9) < 1e-9)
        let accel = r.breakdown(by: .layer).first { $0.key == "accelerators" }!
        #expect(abs(r.pct(accel.premium.long) - 23) < 1e-9)
    }

    /// The MU puts (American): the 3% premium budget buys budget ÷ (1,000-step CRR price × 100) contracts; the delta
    /// view uses the scenario model's delta (Bjerksund–Stensland 2002); the premium view is the budget exactly.
    @Test func muPutsDeltaIsContractsTimesMultiplierTimesScenarioDelta() throws {
        let r = try thesis()
        let mu = r.positions.first { $0.id == "MU-P-2027-01" }!
        let m = try MarketFile.load(path: root + "/fixtures/market/snapshot-2026-08-03.yaml")
        let q = m.quote("MU")!
        let t = 165.0 / 365.0  // 2026-08-03 → 2027-01-15, ACT/365F
        let policy = OptionValuationPolicy.standard
        let g = policy.scenarioGreeks(right: .put, exercise: .american, spot: q.spot, strike: 0.8 * q.spot, time: t, rate: m.rate(.usd),
                                      dividendYield: q.dividendYield, volatility: q.volatility)
        var ws = BinomialWorkspace(steps: 1000)
        let tree = BinomialTree.value(right: .put, exercise: .american, spot: q.spot, strike: 0.8 * q.spot, time: t, rate: m.rate(.usd),
                                      dividendYield: q.dividendYield, volatility: q.volatility, steps: 1000, workspace: &ws).price
        let contracts = 0.03 * 100_000_000 / (tree * 100)
        #expect(abs(mu.quantity - contracts) / contracts < 1e-12)
        #expect(abs(mu.deltaNotional - contracts * 100 * g.delta * q.spot) < 1e-6)
        #expect(abs(mu.notional + 3_000_000) < 1e-6)  // premium view: −3% of NAV
        #expect(mu.deltaNotional < -3_000_000)         // an OTM put's delta notional exceeds its premium
    }

    @Test func toyBookByHand() throws {
        let (rb, r) = try toy()
        // A: 20% of 1m = 200,000 USD → 2,000 shares.
        let a = r.positions.first { $0.id == "A" }!
        #expect(abs(a.quantity - 2000) < 1e-9 && abs(a.notional - 200_000) < 1e-9)
        #expect(abs(a.betaNotional! - 300_000) < 1e-9)
        // B: short 1,000 × 50 HKD × 0.128 = −6,400 USD.
        let b = r.positions.first { $0.id == "B" }!
        #expect(abs(b.notional + 6400) < 1e-9 && abs(b.deltaNotional + 6400) < 1e-9)
        // P: 10 puts × 100 × BSM.
        let t = 180.0 / 365.0
        let g = BlackScholes.greeks(right: .put, spot: 100, strike: 90, time: t, rate: 0.04, dividendYield: 0, volatility: 0.3)
        let p = r.positions.first { $0.id == "P" }!
        #expect(abs(p.notional + 1000 * g.price) < 1e-9)
        #expect(abs(p.deltaNotional - 1000 * g.delta * 100) < 1e-9)
        #expect(abs(rb.positions[2].value() - 1000 * g.price) < 1e-9)
        // Totals: long 200,000; short 6,400 + premium.
        #expect(abs(r.premium.long - 200_000) < 1e-9)
        #expect(abs(r.premium.short - (6400 + 1000 * g.price)) < 1e-9)
        #expect(abs(r.delta.short - (6400 - 1000 * g.delta * 100)) < 1e-9)
        // Beta net: 1.5 × 200,000 + 0.5 × (−6,400) + 1.5 × delta notional of the puts.
        #expect(abs(r.betaNet - (300_000 - 3200 + 1.5 * 1000 * g.delta * 100)) < 1e-6)
        // Pair legs.
        #expect(abs(r.pairs[0].longLeg - 200_000) < 1e-9 && abs(r.pairs[0].shortLeg - 6400) < 1e-9)
        // Claims: long 20 = 20 (ok); short stated 5 vs 0.64 + premium% (flagged).
        #expect(r.claims[0].flagged == false && r.claims[1].flagged == true)
        // Constraints: HK short breaks no-hk-short; gross 20.6% > 10% breaks cap; max position 50% holds.
        #expect(r.breaches.map(\.id) == ["no-hk-short", "cap"])
        #expect(r.breaches[0].offenders == ["B"])
    }

    @Test func missingQuoteAndFXAreReportedTogether() throws {
        let (rb, _) = try toy()
        var market = rb.market
        market.quotes["AAA"] = nil
        market.fx[Currency("HKD")] = nil
        #expect(throws: ResolutionError.self) { try ResolvedBook(book: rb.book, market: market) }
        do { _ = try ResolvedBook(book: rb.book, market: market) } catch let e as ResolutionError {
            #expect(e.problems.count == 3)  // A and P need AAA; B needs HKD
        }
    }

    @Test func expiredOptionSizedByPremiumIsAClearError() throws {
        let (rb, _) = try toy()
        var book = rb.book
        book.positions[2].size = .percentOfNAV(1)
        book.positions[2].option?.expiry = LocalDate(iso: "2025-12-19")!
        book.positions[2].option?.strike = 50  // expired out of the money: worth 0
        #expect(throws: ResolutionError.self) { try ResolvedBook(book: book, market: rb.market) }
    }
}

/// Regression (issue 12, found by a probe input run through the `market` fuzz target): a snapshot may give any spot
/// > 0, and a position sized in % of NAV on a spot of 1e-300 bought an infinite number of shares, so the exposure report
/// showed inf (and NaN downstream). Resolution now refuses such a position with a problem naming it and the spot.
@Test func percentOfNAVOnVanishingSpotIsAResolutionProblem() throws {
    let krw = Currency("KRW")
    let market = MarketSnapshot(
        asOf: LocalDate(iso: "2026-01-02")!, baseCurrency: .usd,
        quotes: ["TINY": InstrumentQuote(id: "TINY", spot: 1e-300, currency: krw, volatility: 0.3),
                 "AAA": InstrumentQuote(id: "AAA", spot: 100, currency: .usd, volatility: 0.3)],
        fx: [krw: 0.00072], rates: [:])
    func book(_ instrument: String) -> Book {
        Book(name: "b", baseCurrency: .usd, nav: 1e8, valuationDate: market.asOf, positions: [
            Position(id: "P", instrument: instrument, kind: .equity, side: .long, size: .percentOfNAV(5), exchange: "KRX",
                     currency: krw, country: "KR", layer: "l"),
        ])
    }
    #expect(throws: ResolutionError.self) { try ResolvedBook(book: book("TINY"), market: market) }
    do { _ = try ResolvedBook(book: book("TINY"), market: market) } catch let e as ResolutionError {
        #expect(e.problems.count == 1 && e.problems[0].contains("'P'") && e.problems[0].contains("spot of 'TINY'"))
    }
    let report = ExposureCalculator.report(try ResolvedBook(book: book("AAA"), market: market))
    #expect(report.positions.allSatisfy { $0.notional.isFinite } && abs(report.pct(report.premium.long) - 5) < 1e-12)
}
