import Foundation
import Instruments
import Testing
@testable import Pricing

/// The Monte Carlo valuation of American legs under the `.tree` policy: a natural cubic spline through tree prices on a
/// log-spot grid must stay close to the direct tree at any spot a path can reach (the MU puts of the thesis book, and a
/// call), and fall back to the tree outside the grid.
@Suite struct AmericanSpotGridTests {
    static let policy = OptionValuationPolicy()

    func maxError(right: OptionRight, spot: Double, strike: Double, time: Double, vol: Double) -> Double {
        let p = Self.policy
        let grid = AmericanSpotGrid(spot0: spot) { s in
            p.singlePrice(right: right, exercise: .american, spot: s, strike: strike, time: time, rate: 0.0376, dividendYield: 0.0006, volatility: vol)
        }
        var worst = 0.0
        for k in 0..<157 {
            let s = spot * exp(-0.95 + 1.9 * Double(k) / 156.0 + 0.0013)   // off the nodes
            let direct = p.singlePrice(right: right, exercise: .american, spot: s, strike: strike, time: time, rate: 0.0376,
                                       dividendYield: 0.0006, volatility: vol)
            worst = max(worst, abs(grid.value(at: s) - direct) / spot)
        }
        // Outside the grid: the tree itself.
        let far = spot * 4
        #expect(grid.value(at: far) == p.singlePrice(right: right, exercise: .american, spot: far, strike: strike, time: time,
                                                     rate: 0.0376, dividendYield: 0.0006, volatility: vol))
        return worst
    }

    @Test func muPutsOnTheGridMatchTheTree() {
        // MU: spot 814.624, strike 0.8 × spot, 165 days less a 1-day horizon, vol 0.7992.
        let e = maxError(right: .put, spot: 814.624, strike: 651.6992, time: 165.0 / 365 - 1.0 / 252, vol: 0.7992)
        #expect(e < 5e-5, "max error \(e) × spot")   // measured 1.4e-5 (put), 8.8e-6 (call): the tree's own wiggle in spot
    }

    @Test func aCallOnTheGridMatchesTheTree() {
        let e = maxError(right: .call, spot: 100, strike: 110, time: 0.5, vol: 0.3)
        #expect(e < 5e-5, "max error \(e) × spot")   // measured 1.4e-5 (put), 8.8e-6 (call): the tree's own wiggle in spot
    }
}
