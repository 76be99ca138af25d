import Basics
import Foundation
import Instruments
import LinearAlgebra
import MarketData
import Portfolio
import Testing
@testable import Stress

/// Speed check (issue 4): 100,000 scenarios × 1,000 linear positions + 100 option legs, fully revalued, in blocks of
/// 10,000 scenarios (the same job as `python3 tools/stress_reference.py --bench`). Runs only with
/// HEDGEBOOK_STRESS_BENCH=1, in release: `HEDGEBOOK_STRESS_BENCH=1 OPENBLAS_NUM_THREADS=1 swift test -c release
/// --scratch-path .build-stress --filter StressBenchmark`.
@Suite struct StressBenchmark {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["HEDGEBOOK_STRESS_BENCH"] == "1"))
    func hundredThousandScenarios() throws {
        let a = 1000, o = 100, block = 10_000, total = 100_000
        var rng = SplitMix(state: 7)
        let d = LocalDate(year: 2026, month: 1, day: 2)!
        var quotes: [String: InstrumentQuote] = [:]
        var positions: [Position] = []
        for i in 0..<a {
            let id = "S\(i)"
            quotes[id] = InstrumentQuote(id: id, spot: 275 + 225 * rng.next(), currency: .usd, volatility: 0.5 + 0.3 * rng.next())
            positions.append(Position(id: id, instrument: id, kind: .equity, side: rng.next() > 0 ? .long : .short,
                                      size: .quantity(1000 + 900 * rng.next()), exchange: "X", currency: .usd, country: "US", layer: "L\(i % 10)"))
        }
        for j in 0..<o {
            let u = "S\(Int((rng.next() + 1) / 2 * Double(a - 1)))"
            let spot = quotes[u]!.spot
            positions.append(Position(id: "O\(j)", instrument: "O\(j)", kind: .option, side: rng.next() > 0 ? .long : .short,
                                      size: .quantity(10 + 9 * rng.next()), exchange: "X", currency: .usd, country: "US", layer: "opt",
                                      option: OptionTerms(underlying: u, right: .put, strike: spot * (1 + 0.3 * rng.next()),
                                                          expiry: d.adding(days: 40 + j * 6))))
        }
        let market = MarketSnapshot(asOf: d, baseCurrency: .usd, quotes: quotes, fx: [:], rates: [.usd: 0.04])
        let book = Book(name: "bench", baseCurrency: .usd, nav: 1e9, valuationDate: d, positions: positions)
        let e = try StressEngine(book: try ResolvedBook(book: book, market: market))
        var m = ScenarioMatrix(engine: e, count: block)
        for k in 0..<m.returns.storage.count { m.returns.storage[k] = 0.1 * rng.next() }
        for k in 0..<e.optionUnderlyings.count {
            for s in 0..<block { m.volatilities[s, k] = e.baseVolatility[k] * (1 + 0.1 * rng.next()) }
        }
        for s in 0..<block { m.horizonYears[s] = 30 / 365 }
        let w = e.total
        let clock = ContinuousClock()
        var checksum = 0.0
        let elapsed = clock.measure {
            for _ in 0..<(total / block) {
                let out = e.evaluate(m, buckets: w)
                checksum += out.storage.reduce(0, +)
            }
        }
        // Linear part alone (one dgemv per block) for the "near dgemm speed" check.
        let r = m.returns
        let ex = [Double](repeating: 1, count: e.instruments.count)
        var y = [Double](repeating: 0, count: block)
        let linear = clock.measure { for _ in 0..<(total / block) { BLAS.gemv(r, ex, into: &y) } }
        let secs = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let lin = Double(linear.components.seconds) + Double(linear.components.attoseconds) * 1e-18
        print("STRESS-BENCH swift_seconds=\(secs) linear_gemv_seconds=\(lin) scenarios=\(total) linear=\(a) options=\(o) checksum=\(checksum)")
        #expect(checksum.isFinite)
        #expect(secs < 10)
    }
}
