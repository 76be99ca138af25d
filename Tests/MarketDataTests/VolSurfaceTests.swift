import Foundation
import MarketData
import Testing

/// ``VolSurface`` against values worked by hand from its stated rule (total variance w = σ²T bilinear in (T, ln K/S),
/// flat vol outside the grid). The same grid is checked against QuantLib's BlackVarianceSurface in PortfolioTests.
@Suite struct VolSurfaceTests {
    // Two expiries (0.25 and 1 year) × three moneyness points.
    static let m = [0.8, 1.0, 1.2]
    static let t = [0.25, 1.0]
    static let v = [[0.40, 0.30, 0.25], [0.35, 0.28, 0.26]]
    let s = try! VolSurface(underlying: "X", axis: .moneyness, strikes: m, expiries: t, vols: v, source: "test")
    let spot = 50.0

    func w(_ i: Int, _ j: Int) -> Double { Self.v[i][j] * Self.v[i][j] * Self.t[i] }

    @Test func gridNodesReturnTheirVols() {
        for (i, ti) in Self.t.enumerated() {
            for (j, mj) in Self.m.enumerated() {
                #expect(abs(s.volatility(strike: mj * spot, spot: spot, time: ti) - Self.v[i][j]) <= 1e-15)
            }
        }
    }

    @Test func interiorIsBilinearInTotalVarianceOnLogMoneyness() {
        // K/S = 0.9, T = 0.5: a = ln(0.9/0.8)/ln(1.0/0.8) across strikes, b = (0.5 − 0.25)/(1 − 0.25) along time.
        let a = log(0.9 / 0.8) / log(1.0 / 0.8), b = (0.5 - 0.25) / 0.75
        let w0 = w(0, 0) + a * (w(0, 1) - w(0, 0)), w1 = w(1, 0) + a * (w(1, 1) - w(1, 0))
        let expected = ((w0 + b * (w1 - w0)) / 0.5).squareRoot()
        #expect(abs(s.volatility(strike: 0.9 * spot, spot: spot, time: 0.5) - expected) <= 1e-15)
        // By hand: a = 0.527835…, w0 = 0.0307629…, w1 = 0.0992225…, w(0.5) = 0.0535827…, σ = 0.327361…
        #expect(abs(expected - 0.327361) < 1e-6, "\(expected)")
    }

    @Test func flatExtrapolationInStrikeAndTime() {
        // Below / above the grid: the edge column's vol at each expiry.
        #expect(abs(s.volatility(strike: 0.5 * spot, spot: spot, time: 0.25) - 0.40) <= 1e-15)
        #expect(abs(s.volatility(strike: 2.0 * spot, spot: spot, time: 1.0) - 0.26) <= 1e-15)
        // Before the first expiry and after the last: that expiry's vol (flat vol, w = σ²T).
        #expect(abs(s.volatility(strike: spot, spot: spot, time: 0.05) - 0.30) <= 1e-15)
        #expect(abs(s.volatility(strike: spot, spot: spot, time: 3.0) - 0.28) <= 1e-15)
        // A corner beyond both: the corner vol.
        #expect(abs(s.volatility(strike: 0.1 * spot, spot: spot, time: 10) - 0.35) <= 1e-15)
        // Expired (T ≤ 0): the first expiry's vol, never NaN.
        #expect(abs(s.volatility(strike: spot, spot: spot, time: -1) - 0.30) <= 1e-15)
    }

    @Test func totalVarianceIdentity() {
        for k in stride(from: 0.5, through: 1.6, by: 0.05) {
            for time in [0.01, 0.25, 0.4, 0.7, 1.0, 2.5] {
                let sigma = s.volatility(strike: k * spot, spot: spot, time: time)
                let w = s.totalVariance(strike: k * spot, spot: spot, time: time)
                #expect(abs(sigma * sigma * time - w) <= 1e-14 * max(w, 1), "K/S \(k) T \(time)")
            }
            // w is non-decreasing in T at fixed moneyness (no calendar arbitrage on an accepted grid).
            let ws = stride(from: 0.05, through: 2.0, by: 0.05).map { s.totalVariance(strike: k * spot, spot: spot, time: $0) }
            #expect(zip(ws, ws.dropFirst()).allSatisfy { $0 <= $1 }, "K/S \(k)")
        }
    }

    @Test func strikeGridEqualsMoneynessGridAtTheSameSpot() throws {
        let k = try VolSurface(underlying: "X", axis: .strike, strikes: Self.m.map { $0 * spot }, expiries: Self.t, vols: Self.v,
                               source: "test")
        for x in [0.6, 0.85, 0.9, 1.1, 1.5] {
            for time in [0.1, 0.5, 2.0] {
                let a = k.volatility(strike: x * spot, spot: 999, time: time), b = s.volatility(strike: x * spot, spot: spot, time: time)
                #expect(abs(a - b) <= 1e-14, "K/S \(x) T \(time)")
            }
        }
    }

    @Test func badGridsAreRefusedWithTheirPlace() {
        func err(_ strikes: [Double], _ expiries: [Double], _ vols: [[Double]]) -> VolSurfaceError? {
            do { _ = try VolSurface(underlying: "X", axis: .moneyness, strikes: strikes, expiries: expiries, vols: vols, source: "t"); return nil } catch { return error }
        }
        #expect(err([0.8, 1.0], [0.5], [[0.3]]) == .ragged(row: 0, count: 1, expected: 2))
        #expect(err([0.8, 0.8], [0.5], [[0.3, 0.3]]) == .duplicate("strikes", index: 1, value: 0.8))
        #expect(err([1.0], [0.5, 0.5], [[0.3], [0.3]]) == .duplicate("expiries", index: 1, value: 0.5))
        #expect(err([1.0, 0.9], [0.5], [[0.3, 0.3]]) == .notIncreasing("strikes", index: 1, value: 0.9, previous: 1.0))
        #expect(err([1.0], [0.5], [[0]]) == .volOutOfRange(row: 0, column: 0, value: 0))
        #expect(err([1.0], [0.5], [[5.5]]) == .volOutOfRange(row: 0, column: 0, value: 5.5))
        #expect(err([], [0.5], []) == .empty("strikes"))
        #expect(err([1.0], [0], [[0.3]]) == .notPositive("expiries", index: 0, value: 0))
        // Calendar arbitrage: w(1y) = 0.2² < w(0.5y) = 0.5 × 0.3² at the only strike.
        if case .calendarArbitrage(1, 0, let p, let w)? = err([1.0], [0.5, 1.0], [[0.3], [0.2]]) {
            #expect(abs(p - 0.045) < 1e-15 && abs(w - 0.04) < 1e-15)
        } else { Issue.record("calendar arbitrage not reported") }
        // A falling vol term structure whose total variance still rises is accepted.
        #expect(err([1.0], [0.5, 1.0], [[0.3], [0.22]]) == nil)
    }
}
