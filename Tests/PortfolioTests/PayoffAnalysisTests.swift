import Basics
import Foundation
import Instruments
import MarketData
import Testing
import Portfolio
@testable import Pricing

/// A small book built in code: one put position sized by a 3% premium budget with no strike, one live hedge with a
/// cost claim, one expired hedge (checked as dated → not checkable, then rolled).
private func smallBook() -> (Book, MarketSnapshot) {
    let d = LocalDate(year: 2026, month: 8, day: 3)!
    let snap = MarketSnapshot(asOf: d, baseCurrency: .usd, quotes: [
        "MU": InstrumentQuote(id: "MU", spot: 800, currency: .usd, volatility: 0.8, dividendYield: 0.0006),
        "KWEB": InstrumentQuote(id: "KWEB", spot: 28, currency: .usd, volatility: 0.28, dividendYield: 0.01),
    ], fx: [:], rates: [.usd: 0.0376])
    let put = Position(id: "MU-P", instrument: "MU 2027-01-15 P", kind: .option, side: .long, size: .percentOfNAV(3),
                       exchange: "NASDAQ", currency: .usd, country: "US", layer: "hbm",
                       option: OptionTerms(underlying: "MU", right: .put, strike: nil, strikeMoneyness: 0.8,
                                           expiry: LocalDate(year: 2027, month: 1, day: 15)!))
    let live = HedgePackage(id: "LIVE", name: "KWEB put", legs: [
        HedgeLeg(id: "L1", instrument: .option(OptionTerms(underlying: "KWEB", right: .put, strike: 25,
                                                             expiry: LocalDate(year: 2027, month: 6, day: 18)!)),
                 side: .long, notionalPercentOfNAV: 5)],
        claims: [.costOfNotional(min: 0.015, max: 0.02), .payoffMultiple(min: 10, max: .infinity, moves: ["KWEB": -0.3])])
    let dead = HedgePackage(id: "DEAD", name: "expired KWEB put", legs: [
        HedgeLeg(id: "D1", instrument: .option(OptionTerms(underlying: "KWEB", right: .put, strike: 25,
                                                             expiry: LocalDate(year: 2025, month: 12, day: 19)!)),
                 side: .long, notionalPercentOfNAV: 5)],
        claims: [.costOfNotional(min: 0.015, max: 0.02)])
    let book = Book(name: "small", baseCurrency: .usd, nav: 100_000_000, valuationDate: d, positions: [put], hedges: [live, dead])
    return (book, snap)
}

/// Budget sizing of the put: contracts = 3% × NAV ÷ (tree price × 100) (whole contracts reported), premium = budget,
/// short delta; P&L at −30% at expiry = contracts × 100 × max(K − 560, 0) − premium (by hand, strike 0.8 × 800 = 640).
@Test func payoffAnalysisSizesTheBudgetPut() throws {
    let (book, snap) = smallBook()
    let r = PayoffAnalysis.run(book: book, market: snap, options: PayoffOptions())
    #expect(r.problems.isEmpty)
    let mu = try #require(r.sections.first { $0.id == "MU-P" })
    let z = try #require(mu.sizing)
    #expect(mu.legs[0].strike == 640 && mu.legs[0].strikeAssumed)
    #expect(z.contracts == z.contractsExact.rounded(.down) && z.contracts > 0)
    #expect(abs(z.premiumUsed - 3_000_000) < 1e-6)
    #expect(z.deltaNotional < 0)
    #expect(abs(z.pnlHeadlineAtExpiry - (z.contractsExact * 100 * (640 - 560) - z.premiumUsed)) < 1e-6)
    #expect(mu.grid.count == 11)
}

/// Expired hedge: as dated is flagged and its claims are not checkable; a rolled section follows with numbers.
/// Without price history the rolled moneyness is the documented default (0.8 for puts) and the note says so.
@Test func payoffAnalysisFlagsExpiredAndRolls() throws {
    let (book, snap) = smallBook()
    let r = PayoffAnalysis.run(book: book, market: snap, options: PayoffOptions())
    let dated = try #require(r.sections.first { $0.id == "DEAD" })
    #expect(dated.expiredLegs == ["D1"])
    #expect(dated.claims.allSatisfy { $0.verdict == .notCheckable })
    let rolled = try #require(r.sections.first { $0.id == "DEAD-rolled" })
    #expect(rolled.expiredLegs.isEmpty)
    #expect(abs(rolled.legs[0].strike! - 0.8 * 28) < 1e-12)
    #expect(rolled.legs[0].expiry == book.valuationDate.adding(days: 365))
    #expect(rolled.notes.contains { $0.contains("ASSUMED default moneyness 0.8") })
    #expect(rolled.claims.first?.computed != nil)
    // With a history series the original moneyness is K / close on (expiry − 365 days).
    var o = PayoffOptions()
    o.history["KWEB"] = PriceSeries(ticker: "KWEB", dates: [LocalDate(year: 2024, month: 12, day: 18)!], values: [31.25])
    o.only = "DEAD"
    let r2 = PayoffAnalysis.run(book: book, market: snap, options: o)
    #expect(abs(r2.sections[1].legs[0].strike! - 25 / 31.25 * 28) < 1e-12)
    // Live hedge: claims computed from the pricer.
    let live = try #require(r.sections.first { $0.id == "LIVE" })
    #expect(live.claims.count == 2 && live.claims.allSatisfy { $0.verdict != .notCheckable })
    // Unknown id → a problem sentence, not a trap.
    var o3 = PayoffOptions()
    o3.only = "NOPE"
    #expect(PayoffAnalysis.run(book: book, market: snap, options: o3).problems.first?.contains("NOPE") == true)
}
