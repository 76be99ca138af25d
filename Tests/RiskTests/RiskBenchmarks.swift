import Foundation
import Testing
import Instruments
import LinearAlgebra
import QuantMath
import Risk

/// Speed benchmarks of issue 5 (run once, in release, on demand):
///   HEDGEBOOK_BENCH=1 swift test -c release --scratch-path .build-risk --filter RiskBenchmarks
/// Compare with `python3 tools/risk_bench.py` (numpy) in the same session. Never a timing assertion in normal runs.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["HEDGEBOOK_BENCH"] == "1"))
struct RiskBenchmarks {
    static func best(_ reps: Int, _ body: () throws -> Void) rethrows -> Double {
        var b = Double.infinity
        for _ in 0..<reps {
            let t0 = DispatchTime.now().uptimeNanoseconds
            try body()
            b = min(b, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        return b
    }

    @Test func correlation500x2520() throws {
        let r = randomReturns(2520, 500, seed: 3)
        var c = Matrix(rows: 1, cols: 1)
        let t = try Self.best(7) { c = try Estimators.correlation(r) }
        print("BENCH correlation 500x2520: \(String(format: "%.2f", t * 1000)) ms (OpenBLAS threads \(OpenBLAS.threads))")
        #expect(c[3, 3] == 1)
    }

    @Test func monteCarlo1e6x30with10Options() throws {
        let n = 30
        let r = randomReturns(1000, n, seed: 5)
        let cov = try Estimators.sampleCovariance(r)
        let mean = Estimators.mean(r)
        var legs: [RiskLeg] = (0..<n).map { RiskLeg(id: "S\($0)", factor: $0, exposure: $0 % 3 == 0 ? -0.02 : 0.04) }
        for k in 0..<10 {
            let o = OptionLeg(right: k % 2 == 0 ? .put : .call, spot: 100, strike: k % 2 == 0 ? 85 : 115, time: 0.5,
                              rate: 0.04, dividendYield: 0.01, volatility: 0.35, scale: 0.001)
            legs.append(RiskLeg(id: "O\(k)", factor: k * 3, exposure: 0, option: o))
        }
        let lp = LegPortfolio(legs: legs, horizonDays: 1)
        var measures: [VaR.Measure] = []
        let t = try Self.best(3) {
            let sim = try MonteCarlo.simulate(mean: mean, covariance: cov, horizonDays: 1, paths: 1_000_000, seed: 9, workers: 2) {
                x, rows, out in lp.revalue(x, rows: rows, into: out)
            }
            measures = try MonteCarlo.measures(pnl: sim.pnl, confidences: [0.95, 0.975, 0.99])
        }
        print("BENCH Monte Carlo 1e6 paths x 30 assets + 10 option legs (full BSM revaluation, 2 workers): \(String(format: "%.3f", t)) s; VaR99 \(measures[2].valueAtRisk)")
        #expect(measures[2].valueAtRisk > 0)
    }
}
