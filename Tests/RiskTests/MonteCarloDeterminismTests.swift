import Dispatch
import Synchronization
import Testing
import LinearAlgebra
import Pricing
import QuantMath
import Risk

/// Monte Carlo results are a function of the inputs and the seed only: bit-identical (`==` on the P&L vector) for any
/// OpenBLAS thread count and any number of workers. The thread count is set in-process through `OpenBLAS.threads`.
@Suite(.serialized) struct MonteCarloDeterminismTests {
    /// 300 days × 30 assets of seeded returns. `singular`: assets 28 and 29 are averages of others (proxies, as book
    /// mode builds them), so the covariance is singular and the factor comes from `dsyevd`, whose reduction to
    /// tridiagonal form (`dsytrd` → `dsymv`) rounded differently on 1 and 2 OpenBLAS threads before the fix.
    static func returns(singular: Bool) -> Matrix {
        var r = randomReturns(300, 30, seed: 11)
        if singular {
            for i in 0..<300 {
                r[i, 28] = 0.5 * (r[i, 0] + r[i, 1])
                r[i, 29] = (r[i, 2] + r[i, 3] + r[i, 4]) / 3
            }
        }
        return r
    }

    /// 30 stock legs (longs and shorts) plus 10 puts and calls revalued in full (Black–Scholes–Merton) on every path.
    static let portfolio: LegPortfolio = {
        var legs = (0..<30).map { RiskLeg(id: "S\($0)", factor: $0, exposure: $0 % 3 == 0 ? -0.02 : 0.04) }
        for k in 0..<10 {
            let o = OptionLeg(right: k % 2 == 0 ? .put : .call, spot: 100, strike: k % 2 == 0 ? 90 : 110, time: 0.25,
                              rate: 0.04, dividendYield: 0.01, volatility: 0.4, scale: 0.002)
            legs.append(RiskLeg(id: "O\(k)", factor: k * 3, exposure: 0, option: o))
        }
        return LegPortfolio(legs: legs, horizonDays: 5)
    }()

    struct Outcome: Equatable {
        var covariance: Matrix
        var pnl: [Double]
        var measures: [Double]
        var usedEigenFactor: Bool
    }

    /// Estimation, factorisation and simulation, all with OpenBLAS set to `threads` (40,000 paths: three chunks, the
    /// last one partial).
    static func run(_ r: Matrix, threads: Int, workers: Int) throws -> Outcome {
        OpenBLAS.threads = threads
        let est = try Estimators.estimate(r, method: .sample)
        let lp = portfolio
        let sim = try MonteCarlo.simulate(mean: est.mean, covariance: est.covariance, horizonDays: 5, paths: 40_000,
                                          seed: 2026, workers: workers) { x, rows, out in
            lp.revalue(x, rows: rows, into: out)
        }
        let m = try MonteCarlo.measures(pnl: sim.pnl, confidences: [0.95, 0.99])
        return Outcome(covariance: est.covariance, pnl: sim.pnl, measures: m.flatMap { [$0.valueAtRisk, $0.expectedShortfall] },
                       usedEigenFactor: sim.usedEigenFactor)
    }

    @Test(arguments: [false, true])
    func bitIdenticalForAnyOpenBLASThreadsAndWorkers(singular: Bool) throws {
        let saved = OpenBLAS.threads
        defer { OpenBLAS.threads = saved }
        let r = Self.returns(singular: singular)
        let reference = try Self.run(r, threads: 1, workers: 1)
        #expect(reference.usedEigenFactor == singular)
        for (threads, workers) in [(2, 1), (1, 2), (2, 2), (2, 3), (1, 1)] {
            let other = try Self.run(r, threads: threads, workers: workers)
            #expect(other.covariance == reference.covariance, "covariance, OpenBLAS threads \(threads)")
            #expect(other.usedEigenFactor == reference.usedEigenFactor)
            // A Bool, not `==` inside #expect: a failure then reports counts instead of diffing 40,000-entry arrays.
            let samePnL = other.pnl == reference.pnl
            let differing = zip(other.pnl, reference.pnl).filter { $0 != $1 }.count
            #expect(samePnL, "P&L: \(differing) of \(reference.pnl.count) paths differ, OpenBLAS threads \(threads), workers \(workers)")
            #expect(other.measures == reference.measures,
                    "VaR/ES \(other.measures) vs \(reference.measures), OpenBLAS threads \(threads), workers \(workers)")
        }
    }

    /// The pin behind that guarantee nests and is safe from several threads at once: inside `OpenBLAS.serial` OpenBLAS
    /// runs on one thread, a count set meanwhile is kept for later, and the caller's count is back once the last
    /// concurrent caller has returned. (Only this serialized suite sets the count, so `threads` is stable here.)
    @Test func serialPinNestsAndIsConcurrencySafe() {
        let saved = OpenBLAS.threads
        defer { OpenBLAS.threads = saved }
        OpenBLAS.threads = 2
        let pinned = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let ok = OpenBLAS.serial { OpenBLAS.activeThreads == 1 && OpenBLAS.serial { OpenBLAS.activeThreads == 1 } }
            if ok { pinned.withLock { $0 += 1 } }
        }
        #expect(pinned.withLock { $0 } == 8)
        #expect(OpenBLAS.threads == 2)
        OpenBLAS.serial {
            OpenBLAS.threads = 3
            #expect(OpenBLAS.activeThreads == 1)
            #expect(OpenBLAS.threads == 3)
        }
        #expect(OpenBLAS.threads == 3)
    }
}
