import Basics
import Foundation
import Instruments
import Portfolio
import Pricing
import Testing

private let today = LocalDate(year: 2026, month: 8, day: 3)!
private let expiry = LocalDate(year: 2027, month: 2, day: 1)!  // 182 days

private func market() -> PackageMarket {
    PackageMarket(valuationDate: today, baseCurrency: .usd, nav: 1_000_000, underlyings: [
        "AAA": UnderlyingState(spot: 100, volatility: 0.3, dividendYield: 0.01, rate: 0.04, fx: 1, currency: .usd),
    ])
}

private func opt(_ id: String, _ u: String, _ r: OptionRight, _ k: Double, _ q: Double) -> PackageLeg {
    PackageLeg(id: id, underlying: u, instrument: .option(right: r, strike: k, expiry: expiry, exercise: .european, multiplier: 100), quantity: q)
}

/// Claim checks: an expired leg makes the as-dated check "not checkable" with a loud EXPIRED reason; a live package
/// gets numbers and verdicts consistent with the pricer.
@Test func claimChecks() throws {
    let pricer = PackagePricer(market: market())
    let live = OptionPackage(id: "L", name: "l", legs: [opt("P", "AAA", .put, 90, 10)])
    let prem = try pricer.premium(live), notional = try pricer.notional(live)
    let payoff = try pricer.valueAtExpiry(live, moves: ["AAA": -0.3]) / prem
    let results = HedgeClaimChecker.check([.costOfNotional(min: 0, max: 1), .zeroCost(toleranceOfNotional: 0.001),
                                           .payoffMultiple(min: 1, max: .infinity, moves: ["AAA": -0.3])],
                                          package: live, pricer: pricer, basis: "as dated", horizonDays: 30)
    #expect(results.map(\.verdict) == [.holds, .fails, .holds])
    #expect(abs(results[0].computed! - prem / notional) < 1e-15)
    #expect(abs(results[2].computed! - payoff) < 1e-12)
    #expect(results[2].computedAtHorizon! > 0)
    var dead = live
    dead.legs[0].instrument = .option(right: .put, strike: 90, expiry: today.adding(days: -200), exercise: .american, multiplier: 100)
    let d = HedgeClaimChecker.check([.costOfNotional(min: 0, max: 1)], package: dead, pricer: pricer, basis: "as dated", horizonDays: 30)
    #expect(d[0].verdict == .notCheckable && d[0].detail.hasPrefix("EXPIRED"))
}
