import Basics
import Foundation
import Instruments
import Testing
@testable import Pricing

private let today = LocalDate(year: 2026, month: 8, day: 3)!
private let expiry = LocalDate(year: 2027, month: 2, day: 1)!  // 182 days

private func market(nav: Double = 1_000_000) -> PackageMarket {
    PackageMarket(valuationDate: today, baseCurrency: .usd, nav: nav, underlyings: [
        "AAA": UnderlyingState(spot: 100, volatility: 0.3, dividendYield: 0.01, rate: 0.04, fx: 1, currency: .usd),
        "BBB": UnderlyingState(spot: 50, volatility: 0.5, dividendYield: 0, rate: 0.03, fx: 0.128, currency: Currency("HKD")),
    ])
}

private func opt(_ id: String, _ u: String, _ r: OptionRight, _ k: Double, _ q: Double, ex: ExerciseStyle = .european) -> PackageLeg {
    PackageLeg(id: id, underlying: u, instrument: .option(right: r, strike: k, expiry: expiry, exercise: ex, multiplier: 100), quantity: q)
}

/// A 100/110 bull call spread, 10 contracts: premium = 1,000 × (C(100) − C(110)) by BSM; at expiry the payoff is
/// piecewise linear, so break-even = 100 + premium per share, max gain = 10 × 1,000 − premium, max loss = premium
/// (textbook payoff diagram, Hull ch. 12).
@Test func bullCallSpreadPayoff() throws {
    let pricer = PackagePricer(market: market())
    let p = OptionPackage(id: "S", name: "spread", legs: [opt("L", "AAA", .call, 100, 10), opt("S", "AAA", .call, 110, -10)])
    let t = today.yearFraction(to: expiry)
    let c100 = BlackScholes.price(right: .call, spot: 100, strike: 100, time: t, rate: 0.04, dividendYield: 0.01, volatility: 0.3)
    let c110 = BlackScholes.price(right: .call, spot: 100, strike: 110, time: t, rate: 0.04, dividendYield: 0.01, volatility: 0.3)
    let prem = try pricer.premium(p)
    #expect(abs(prem - 1000 * (c100 - c110)) < 1e-9)
    let be = try pricer.breakEvens(p, underlying: "AAA")
    #expect(be.count == 1)
    #expect(abs(be[0] - prem / 1000 / 100) < 1e-9)
    let x = try pricer.extremes(p)
    #expect(x.exact)
    #expect(abs(x.maxGain! - (10_000 - prem)) < 1e-9)
    #expect(abs(x.maxLoss! - prem) < 1e-9)
    // Expiry P&L at +20%: the spread pays its full width.
    #expect(abs(try pricer.pnlAtExpiry(p, moves: ["AAA": 0.2]) - (10_000 - prem)) < 1e-9)
    // Horizon 0 days, no move, no vol shift: P&L is exactly zero (value then = premium).
    #expect(try pricer.pnlAtHorizon(p, moves: [:], days: 0) == 0)
}

/// Unbounded sides: a naked short call loses without bound; a protective put (stock + put) has bounded loss and
/// unbounded gain; a long put has max gain K − premium at S = 0.
@Test func unboundedSides() throws {
    let pricer = PackagePricer(market: market())
    let short = OptionPackage(id: "N", name: "naked", legs: [opt("C", "AAA", .call, 120, -1)])
    let xs = try pricer.extremes(short)
    #expect(xs.maxLoss == nil && xs.maxGain != nil)
    #expect(abs(xs.maxGain! + (try pricer.premium(short))) < 1e-9)  // the credit received
    let protective = OptionPackage(id: "P", name: "protective", legs: [
        PackageLeg(id: "S", underlying: "AAA", instrument: .stock, quantity: 100), opt("P", "AAA", .put, 90, 1),
    ])
    let xp = try pricer.extremes(protective)
    #expect(xp.maxGain == nil)
    #expect(abs(xp.maxLoss! - (try pricer.premium(protective) - 9000)) < 1e-9)  // floor at K × 100 shares
    let put = OptionPackage(id: "LP", name: "put", legs: [opt("P", "AAA", .put, 90, 2)])
    let xput = try pricer.extremes(put)
    #expect(abs(xput.maxGain! - (2 * 100 * 90 - (try pricer.premium(put)))) < 1e-9)
}

/// Cross-underlying (T1-like: call on one name, put on another, different currencies): joint-move value is the sum
/// of each leg's value at its own moved spot, converted at its own FX; the 2-D grid is the cartesian product.
@Test func crossUnderlyingJointMoves() throws {
    let pricer = PackagePricer(market: market())
    let p = OptionPackage(id: "X", name: "cross", legs: [opt("C", "AAA", .call, 110, 5), opt("P", "BBB", .put, 40, 20)])
    let moves: JointMove = ["AAA": 0.2, "BBB": -0.3]
    let callLeg: Double = 5 * 100 * 10            // (120 − 110) per share, fx 1
    let putLeg: Double = 20 * 100 * 0.128 * 5     // (40 − 35) per share, fx 0.128
    let expected = callLeg + putLeg
    #expect(abs(try pricer.valueAtExpiry(p, moves: moves) - expected) < 1e-9)
    let grid = PackagePricer.grid(underlyings: p.underlyings, moves: [-0.1, 0, 0.1])
    #expect(grid.count == 9 && grid.contains(["AAA": 0.1, "BBB": -0.1]))
    let x = try pricer.extremes(p)
    #expect(x.maxGain == nil)
    #expect(abs(x.maxLoss! - (try pricer.premium(p))) < 1e-9)
}

/// Package Greeks against central finite differences of package value (same pricer): delta notional = ∂V/∂ε for a
/// common relative move ε; vega per vol point = ∂V/∂σ × 0.01; theta per day = V(t + 1 day) − V(t) approximately.
@Test func packageGreeksMatchFiniteDifferences() throws {
    let pricer = PackagePricer(market: market())
    let p = OptionPackage(id: "G", name: "mix", legs: [opt("C", "AAA", .call, 105, 3), opt("P", "BBB", .put, 45, -7),
                                                        PackageLeg(id: "S", underlying: "AAA", instrument: .stock, quantity: -50)])
    let g = try pricer.greeks(p)
    let h = 1e-5
    let up = try pricer.value(p, moves: ["AAA": h, "BBB": h]), dn = try pricer.value(p, moves: ["AAA": -h, "BBB": -h])
    #expect(abs(g.deltaNotional - (up - dn) / (2 * h)) < 1e-5 * max(1, abs(g.deltaNotional)))
    let vUp = try pricer.value(p, volShift: 1e-4), vDn = try pricer.value(p, volShift: -1e-4)
    #expect(abs(g.vegaPerVolPoint - (vUp - vDn) / 2e-4 * 0.01) < 1e-6 * max(1, abs(g.vegaPerVolPoint)))
    let day = try pricer.value(p, on: today.adding(days: 1)) - pricer.value(p)
    #expect(abs(g.thetaPerDay - day) < 0.02 * abs(day))
}

/// Budget sizing: contracts × price × multiplier × fx = budget % × NAV (exactly, before rounding down).
@Test func premiumBudgetSizing() throws {
    let pricer = PackagePricer(market: market(nav: 10_000_000))
    let leg = opt("P", "BBB", .put, 40, 1, ex: .american)
    let n = try pricer.contractsForBudget(percentOfNAV: 3, leg: leg)
    var ws = BinomialWorkspace(steps: 500)
    let price = try pricer.legValue(leg, spot: 50, on: today, workspace: &ws)
    #expect(abs(n * price * 100 * 0.128 - 300_000) < 1e-6)
    let expired = PackageLeg(id: "E", underlying: "BBB", instrument: .option(right: .put, strike: 40, expiry: today.adding(days: -1), exercise: .american, multiplier: 100), quantity: 1)
    #expect(throws: PackageError.self) { _ = try pricer.contractsForBudget(percentOfNAV: 3, leg: expired) }
}

/// Resolving a book hedge: notional % NAV → contracts = pct × NAV ÷ (spot × multiplier × fx); unstated strike →
/// moneyness × spot (default 0.8 puts / 1.2 calls; `atm` → 1.0); a missing quote is a typed error.
@Test func resolveHedgePackage() throws {
    let m = market(nav: 2_000_000)
    let hedge = HedgePackage(id: "H", name: "h", legs: [
        HedgeLeg(id: "A", instrument: .option(OptionTerms(underlying: "AAA", right: .put, strike: nil, expiry: expiry)), side: .long,
                 notionalPercentOfNAV: 5),
        HedgeLeg(id: "B", instrument: .option(OptionTerms(underlying: "BBB", right: .call, strike: nil, strikeMoneyness: 1, expiry: expiry)),
                 side: .short, quantity: 3),
        HedgeLeg(id: "S", instrument: .stock(underlying: "AAA"), side: .short, notionalPercentOfNAV: 1),
    ], claims: [.costOfNotional(min: 0, max: 1)])
    let (p, notes) = try OptionPackage.resolve(hedge, market: m)
    #expect(p.legs[0].strike == 80 && p.legs[0].strikeAssumed)
    #expect(abs(p.legs[0].quantity - 0.05 * 2_000_000 / (100 * 100)) < 1e-12)
    #expect(p.legs[1].strike == 50 && p.legs[1].quantity == -3)
    #expect(abs(p.legs[2].quantity + 200) < 1e-12)
    #expect(notes.count == 4)
    let bad = HedgePackage(id: "Z", name: "z", legs: [HedgeLeg(id: "Q", instrument: .stock(underlying: "NOPE"), side: .long, quantity: 1)])
    #expect(throws: PackageError.self) { _ = try OptionPackage.resolve(bad, market: m) }
    // Rolled: new expiry = valuation date + tenor, strike = moneyness × today's spot.
    let (r, _) = try OptionPackage.rolled(hedge, market: m, tenorDays: ["A": 365], moneyness: ["A": 0.7])
    #expect(r.legs[0].expiry == today.adding(days: 365) && abs(r.legs[0].strike! - 70) < 1e-12)
}

