import Basics
import Foundation
import Pricing
import Scenarios
import Testing
@testable import Stress

/// Carry (time decay over a scenario's horizon, nothing else moving) and view (the rest) of stress outcomes.
@Suite struct CarryTests {
    @Test func carryIsTheOptionsTimeDecayByBlackScholesAndViewPlusCarryIsTheTotal() throws {
        let e = try smallEngine()
        let shock = Shock(target: .instrument("AAA"), mode: .relative, value: -0.2)
        let scenarios = [
            Scenario(id: "bull", description: "", probability: 0.6, caseSet: "c", horizonDays: 30, spotShocks: [Shock(target: .instrument("AAA"), mode: .relative, value: 0.1)]),
            Scenario(id: "bear", description: "", probability: 0.4, caseSet: "c", horizonDays: 30, spotShocks: [shock]),
            Scenario(id: "now", description: "", spotShocks: [shock]),
        ]
        let r = try StressRunner.run(engine: e, scenarios: scenarios)
        let c = StressRunner.carry(r)
        #expect(c.carry.count == r.outcomes.count)
        // Independent carry: Σ over option lines of quantity × multiplier × fx × (BSM(T − 30/365) − BSM(T)), spot and vol
        // unchanged (the small engine uses the European model); stock lines carry nothing.
        var expected = 0.0
        for l in e.positions {
            guard let o = l.resolved.option else { continue }
            func bsm(_ t: Double) -> Double {
                BlackScholes.price(right: o.right, spot: l.resolved.spot, strike: o.strike, time: t, rate: o.rate,
                                   dividendYield: o.dividendYield, volatility: o.volatility)
            }
            expected += l.resolved.quantity * o.multiplier * l.resolved.fx * (bsm(o.timeToExpiry - 30.0 / 365.0) - bsm(o.timeToExpiry))
        }
        #expect(expected != 0)
        for (o, x) in zip(r.outcomes, c.carry) {
            if o.scenario.horizonDays == 30 {
                #expect(abs(x - expected) < 1e-8 * abs(expected), "\(o.scenario.id): carry \(x) vs BSM \(expected)")
            } else {
                #expect(x == 0, "\(o.scenario.id): no horizon, no carry")
            }
        }
        // Case set: expected carry is probability-weighted; view + carry = expected total.
        let set = try #require(c.caseSets.first)
        #expect(set.caseSet == "c")
        #expect(abs(set.carry - expected) < 1e-8 * abs(expected))
        #expect(abs(set.view + set.carry - set.expected) <= 1e-12 * abs(set.expected))
        #expect(abs(set.expected - (0.6 * r.outcomes[1].total + 0.4 * r.outcomes[2].total)) < 1e-6)
    }
}
