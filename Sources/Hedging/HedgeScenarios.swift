#if canImport(Glibc)
import Glibc
#endif
import Basics
import LinearAlgebra
import Risk
import Scenarios
import Stress

/// Monte Carlo scenarios for the optimiser: `paths` joint h-trading-day log returns X ~ N(0, h·Σ_daily) (zero mean),
/// spot return e^X − 1, options aged h/252 years, vols and FX unshocked; names outside the covariance move by
/// β × the index's return (snapshot beta). Seeded xoshiro256** streams (``MonteCarlo/simulateReturns``).
public struct HedgeMonteCarloSpec: Sendable, Equatable {
    public var paths: Int
    public var horizonDays: Int
    public var seed: UInt64
    public var workers: Int
    public init(paths: Int = 10_000, horizonDays: Int = 21, seed: UInt64 = 1, workers: Int = 2) {
        self.paths = paths; self.horizonDays = horizonDays; self.seed = seed; self.workers = workers
    }
}

/// A daily covariance of log returns over market ids, for the Monte Carlo scenarios.
public struct DailyCovariance: Sendable {
    public var ids: [String]
    public var matrix: Matrix
    public var source: String
    public init(ids: [String], matrix: Matrix, source: String) { self.ids = ids; self.matrix = matrix; self.source = source }
}

/// Every scenario the optimiser sees, fully revalued by the stress engine: named scenarios (rows first, each at its own
/// horizon) then Monte Carlo paths. Amounts in base currency, gain > 0; equal weights 1/S.
public struct HedgeScenarioSet: Sendable {
    public var ids: [String]
    public var namedCount: Int
    public var weights: [Double]
    /// The book without the replaced positions; the replaced positions; S × L line P&L per line unit.
    public var book: [Double]
    public var replaced: [Double]
    public var lines: Matrix
    public var notes: [String]

    public init(ids: [String], namedCount: Int, book: [Double], replaced: [Double], lines: Matrix, notes: [String] = []) {
        self.ids = ids
        self.namedCount = namedCount
        self.weights = [Double](repeating: 1 / Double(ids.count), count: ids.count)
        self.book = book
        self.replaced = replaced
        self.lines = lines
        self.notes = notes
    }

    /// Named scenarios through the scenario resolver (propagation by `covariance`, and by `factors` for
    /// `propagation: factor`, as `hedgebook stress`), then Monte Carlo paths from `daily` (nil: none).
    /// - Throws: ``StressError``, ``RiskError``, ``HedgeError``.
    public static func build(universe u: HedgeUniverse, named: [Scenario], covariance: StressCovariance?,
                             factors: FactorPropagation? = nil,
                             monteCarlo spec: HedgeMonteCarloSpec?, daily: DailyCovariance?, indexID: String = "SPY") throws -> HedgeScenarioSet {
        var ids: [String] = []
        var notes: [String] = []
        var blocks: [Matrix] = []
        if !named.isEmpty {
            let resolver = ScenarioResolver(engine: u.named, covariance: covariance, factors: factors)
            let (m, _) = try resolver.matrix(named)
            blocks.append(u.named.evaluate(m, buckets: u.buckets))
            ids += named.map(\.id)
        }
        if let spec, spec.paths > 0 {
            guard let daily else { throw HedgeError.badInput("Monte Carlo scenarios need a covariance (price history)") }
            guard spec.horizonDays >= 1 else { throw HedgeError.badInput("Monte Carlo horizon \(spec.horizonDays) trading days: expected at least 1") }
            let (x, eig) = try MonteCarlo.simulateReturns(mean: [Double](repeating: 0, count: daily.ids.count), covariance: daily.matrix,
                                                          horizonDays: spec.horizonDays, paths: spec.paths, seed: spec.seed,
                                                          workers: spec.workers)
            let engine = u.monteCarlo
            var m = ScenarioMatrix(engine: engine, count: spec.paths)
            let col = Dictionary(uniqueKeysWithValues: daily.ids.enumerated().map { ($1, $0) })
            let index = col[indexID]
            var byBeta: [String] = [], still: [String] = []
            for (a, id) in engine.instruments.enumerated() {
                let n = spec.paths
                if let j = col[id] {
                    for s in 0..<n { m.returns.storage[a * n + s] = expm1(x.storage[j * n + s]) }
                } else if let k = index, let beta = engine.book.market.quote(id)?.beta {
                    for s in 0..<n { m.returns.storage[a * n + s] = beta * expm1(x.storage[k * n + s]) }
                    byBeta.append(id)
                } else {
                    still.append(id)
                }
            }
            let h = Double(spec.horizonDays) / 252
            for s in 0..<spec.paths { m.horizonYears[s] = h }
            blocks.append(engine.evaluate(m, buckets: u.buckets))
            let width = String(spec.paths).count
            ids += (1...spec.paths).map { i in
                let d = String(i)
                return "mc" + String(repeating: "0", count: max(0, width - d.count)) + d
            }
            notes.append("Monte Carlo: \(spec.paths) paths of \(spec.horizonDays)-trading-day log returns N(0, \(spec.horizonDays)·Σ_daily), seed \(spec.seed); Σ from \(daily.source)\(eig ? " (eigenvalue repair)" : ""); options aged \(spec.horizonDays)/252 years; vols and FX unshocked; American legs by Bjerksund-Stensland 2002")
            if !byBeta.isEmpty { notes.append("Monte Carlo: \(byBeta.joined(separator: ", ")) not in the covariance: moved by snapshot beta × \(indexID)'s return") }
            if !still.isEmpty { notes.append("Monte Carlo: \(still.joined(separator: ", ")) not in the covariance and no beta: not moved") }
        }
        guard !ids.isEmpty else { throw HedgeError.badInput("no scenarios: give named scenario files or Monte Carlo paths (--paths N)") }
        let s = ids.count, g = u.buckets.cols
        var all = Matrix(rows: s, cols: g)
        var row = 0
        for b in blocks {
            for j in 0..<g { for i in 0..<b.rows { all.storage[j * s + row + i] = b.storage[j * b.rows + i] } }
            row += b.rows
        }
        let lines = Matrix(rows: s, cols: g - 2, columnMajor: Array(all.storage[(2 * s)...]))
        return HedgeScenarioSet(ids: ids, namedCount: named.count, book: Array(all.storage[0..<s]),
                                replaced: Array(all.storage[s..<(2 * s)]), lines: lines, notes: notes)
    }
}
