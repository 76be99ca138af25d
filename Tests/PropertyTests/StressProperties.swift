import Basics
import FileFormats
import Foundation
import LinearAlgebra
import Portfolio
import PropertyBased
import Scenarios
import Stress
import Testing

/// The thesis book's stress engine (bundled fixtures), built once.
let thesisEngine: StressEngine = {
    let book = try! BookFile.load(path: repoRoot + "/fixtures/books/ai-infra-thesis.yaml")
    let market = try! MarketFile.load(path: repoRoot + "/fixtures/market/snapshot-2026-08-03.yaml")
    return try! StressEngine(book: try! ResolvedBook(book: book, market: market))
}()

/// Random scenarios over the thesis engine's own names, groups and currencies, inside the documented ranges and shaped
/// so that resolution succeeds (returns above −1, vols non-negative): instrument, group (layer, country, tag) and
/// `all` spot shocks, relative and absolute; vol shocks; FX shocks; a horizon up to two years; no, beta (SPY) or
/// conditional-mean propagation.
enum RandomScenario {
    static let engine = thesisEngine
    static let layers = Array(Set(engine.positions.map(\.layer))).sorted()
    static let countries = Array(Set(engine.positions.map(\.country))).sorted()
    static let tags = Array(Set(engine.positions.flatMap(\.tags))).sorted()

    static let shock = zip(Gen.int(in: 0...5), Gen.int(in: 0...999), Gen.double(in: -0.3...0.6), Gen.bool)
        .map { t -> Shock in
            let (kind, pick, value, absolute) = t
            switch kind {
            case 0, 1: let id = engine.instruments[pick % engine.instruments.count]
                let spot = engine.book.market.quote(id)!.spot
                return absolute ? Shock(target: .instrument(id), mode: .absolute, value: value * spot)
                    : Shock(target: .instrument(id), mode: .relative, value: value)
            case 2: return Shock(target: .group(attribute: "layer", value: layers[pick % layers.count]), mode: .relative, value: value)
            case 3: return Shock(target: .group(attribute: "country", value: countries[pick % countries.count]), mode: .relative, value: value)
            case 4: return Shock(target: .group(attribute: "tag", value: tags[pick % tags.count]), mode: .relative, value: value)
            default: return Shock(target: .all, mode: .relative, value: value)
            }
        }
    static let volShock = zip(Gen.int(in: 0...999), Gen.double(in: -0.1...1), Gen.bool)
        .map { t -> Shock in
            let (pick, value, all) = t
            let ids = engine.optionUnderlyings.isEmpty ? engine.instruments : engine.optionUnderlyings
            return all ? Shock(target: .all, mode: .relative, value: value)
                : Shock(target: .instrument(ids[pick % ids.count]), mode: .relative, value: value)
        }
    static let fx = zip(Gen.int(in: 0...999), Gen.double(in: -0.3...0.3))
        .map { pick, value in (engine.currencies[pick % engine.currencies.count], value) }

    static let scenario = zip(shock.array(of: 0...6), volShock.array(of: 0...2), fx.array(of: 0...3), Gen.int(in: 0...730),
                              Gen.int(in: 0...2), Gen.double(in: -0.3...0.3))
        .map { t -> Scenario in
            let (spot, vol, fx, horizon, propagation, spy) = t
            var shocks = spot
            let prop: Propagation
            switch propagation {
            case 1: prop = .beta(benchmark: "SPY"); shocks.append(Shock(target: .instrument("SPY"), mode: .relative, value: spy))
            case 2: prop = .conditionalMean
            default: prop = .none
            }
            return Scenario(id: "random", description: "random", horizonDays: horizon, spotShocks: shocks, volShocks: vol,
                            fxShocks: Dictionary(fx, uniquingKeysWith: { a, _ in a }), propagation: prop)
        }
}

/// Stress attribution adds up: for random batches of scenarios on the thesis engine, the per-position P&L of each
/// scenario sums to the total P&L (one BLAS product per bucket matrix, summed in a different order), and so do the
/// per-layer buckets; the zero scenario's P&L is zero to rounding.
@Test func stressAttributionSumsToTotal() async throws {
    let engine = thesisEngine
    let resolver = ScenarioResolver(engine: engine)
    let layers = RandomScenario.layers
    var layerBuckets = Matrix(rows: engine.positions.count, cols: layers.count)
    for (i, p) in engine.positions.enumerated() { layerBuckets[i, layers.firstIndex(of: p.layer)!] = 1 }
    let grossBase = engine.positions.reduce(0) { $0 + abs($1.baseValue) }

    await propertyCheck(count: runs(60), input: RandomScenario.scenario.array(of: 1...8)) { scenarios in
        let resolved: (matrix: ScenarioMatrix, resolved: [ResolvedScenario])
        do { resolved = try resolver.matrix(scenarios + [.zero]) } catch {
            Issue.record("a random scenario did not resolve: \(error)")
            return
        }
        let m = resolved.matrix
        let perPosition = engine.evaluate(m, buckets: engine.perPosition)
        let total = engine.evaluate(m, buckets: engine.total)
        let byLayer = engine.evaluate(m, buckets: layerBuckets)
        for s in 0..<m.count {
            let row = (0..<engine.positions.count).map { perPosition[s, $0] }
            let scale = row.reduce(0) { $0 + abs($1) } + 1e-9 * grossBase
            #expect(row.allSatisfy { $0.isFinite })
            #expect(close(row.reduce(0, +), total[s, 0], rel: 1e-9, scale: scale), "Σ positions \(row.reduce(0, +)) vs total \(total[s, 0])")
            let layerSum = (0..<layers.count).reduce(0.0) { $0 + byLayer[s, $1] }
            #expect(close(layerSum, total[s, 0], rel: 1e-9, scale: scale), "Σ layers \(layerSum) vs total \(total[s, 0])")
        }
        let zero = m.count - 1
        #expect(abs(total[zero, 0]) <= 1e-9 * grossBase, "zero scenario P&L \(total[zero, 0])")
    }
}
