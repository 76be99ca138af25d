import FileFormats
import Foundation
import MarketData
import Portfolio
import Testing
@testable import Stress

/// A leg priced off an implied-vol surface in the stress engine: an unshocked scenario gives exactly zero P&L, and a vol
/// shock adds its points to the leg's surface vol (a parallel shift of the surface), not to the realised vol.
@Test func volShocksApplyOnTopOfTheSurfaceVol() throws {
    var market = try MarketFile.load(path: thesisMarketPath)
    market.volSurfaces["MU"] = try VolSurfaceFile.load(path: repoRoot + "/fixtures/market/vols/MU-illustrative.yaml")
    let engine = try StressEngine(book: try ResolvedBook(book: try BookFile.load(path: thesisBookPath), market: market))
    let plain = try thesisEngine()
    let i = engine.positions.firstIndex { $0.id == "MU-P-2027-01" }!
    let line = engine.positions[i].resolved, o = line.option!
    #expect(o.volatility > market.quote("MU")!.volatility + 0.02)   // the surface's 0.8 × spot vol, above realised
    let k = engine.optionUnderlyings.firstIndex(of: "MU")!
    #expect(engine.baseVolatility[k] == market.quote("MU")!.volatility)
    var m = ScenarioMatrix(engine: engine, count: 3)
    m.volatilities[1, k] += 0.10
    m.volatilities[2, k] = 0                                     // level 0: the leg keeps its offset (surface − realised)
    m.returns[2, engine.column(of: "MU")!] = -0.3
    let pnl = engine.evaluate(m, buckets: engine.perPosition)
    #expect(pnl[0, i] == 0)
    let up = line.quantity * o.multiplier * line.fx * (o.price(spot: line.spot, volatility: o.volatility + 0.10) - o.price(spot: line.spot))
    #expect(abs(pnl[1, i] - up) <= 1e-9 * abs(up), "\(pnl[1, i]) vs \(up)")
    let floored = line.quantity * o.multiplier * line.fx * (o.price(spot: line.spot * 0.7, volatility: max(o.volatility - market.quote("MU")!.volatility, 0)) - o.price(spot: line.spot))
    #expect(abs(pnl[2, i] - floored) <= 1e-9 * abs(floored), "\(pnl[2, i]) vs \(floored)")
    // Lines without a surface value exactly as in the engine without one.
    var m0 = ScenarioMatrix(engine: plain, count: 3)
    m0.volatilities = m.volatilities
    m0.returns = m.returns
    let pnl0 = plain.evaluate(m0, buckets: plain.perPosition)
    for (j, l) in engine.positions.enumerated() where l.id != "MU-P-2027-01" {
        for s in 0..<3 { #expect(pnl[s, j] == pnl0[s, j], "\(l.id) scenario \(s)") }
    }
}
