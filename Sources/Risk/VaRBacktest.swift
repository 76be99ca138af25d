#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import QuantMath

/// VaR backtesting: realised P&L against the VaR forecast made the day before.
///
/// Conventions:
/// - `pnl[t]` is the realised one-day P&L of day t (fraction of NAV, signed: a loss is negative); `valueAtRisk[t]` is
///   the VaR forecast for day t made at the close of day t − 1 (positive loss, fraction of NAV) at confidence c.
/// - An **exception** is a loss beyond VaR: pnl[t] < −valueAtRisk[t] (strictly). p = 1 − c is the expected rate.
/// - Kupiec (1995) proportion of failures, with n days and x exceptions:
///   LR_pof = −2 [ (n−x) ln(1−p) + x ln p − (n−x) ln(1−x/n) − x ln(x/n) ] ~ χ²(1).
/// - Christoffersen (1998) independence, on the n − 1 transitions (t−1 → t) of the hit sequence with counts n_ij
///   (i = yesterday, j = today; 1 = exception), π₀ = n01/(n00+n01), π₁ = n11/(n10+n11), π = (n01+n11)/(n−1):
///   LR_ind = −2 [ (n00+n10) ln(1−π) + (n01+n11) ln π − n00 ln(1−π₀) − n01 ln π₀ − n10 ln(1−π₁) − n11 ln π₁ ] ~ χ²(1);
///   conditional coverage LR_cc = LR_pof + LR_ind ~ χ²(2).
///   Terms 0·ln 0 are 0 (a likelihood with no observation of an outcome); a test with no transition has statistic 0.
/// - p-values are chi-square survival probabilities (``ChiSquare/survival(_:degreesOfFreedom:)``).
/// - Basel traffic light (BCBS 1996, 99% one-day VaR over 250 days): green 0–4 exceptions, yellow 5–9 (plus factor
///   0.40, 0.50, 0.65, 0.75, 0.85), red 10 or more (plus factor 1.00); applied to the **last 250** days, and only at
///   c = 0.99 with at least 250 days.
public enum VaRBacktest {
    public struct LikelihoodRatio: Sendable, Equatable {
        public var statistic: Double
        public var degreesOfFreedom: Int
        public var pValue: Double
    }

    public struct Transitions: Sendable, Equatable {
        public var n00 = 0, n01 = 0, n10 = 0, n11 = 0
    }

    public enum Zone: String, Sendable, Equatable { case green, yellow, red }

    public struct Basel: Sendable, Equatable {
        public var days: Int
        public var exceptions: Int
        public var zone: Zone
        /// The increase of the capital multiplier (3 + plus factor).
        public var plusFactor: Double
        public init(days: Int, exceptions: Int, zone: Zone, plusFactor: Double) {
            self.days = days; self.exceptions = exceptions; self.zone = zone; self.plusFactor = plusFactor
        }
    }

    public struct Result: Sendable, Equatable {
        public var confidence: Double
        public var days: Int
        /// Indices (into the inputs) of the exceptions, ascending.
        public var exceptionIndices: [Int]
        public var exceptions: Int { exceptionIndices.count }
        public var expectedRate: Double { 1 - confidence }
        public var observedRate: Double { days > 0 ? Double(exceptions) / Double(days) : 0 }
        public var kupiec: LikelihoodRatio
        public var transitions: Transitions
        public var independence: LikelihoodRatio
        public var conditionalCoverage: LikelihoodRatio
        /// Nil unless c = 0.99 and days ≥ 250.
        public var basel: Basel?
    }

    /// x·ln(y) with 0·ln(anything) = 0.
    static func xlog(_ x: Double, _ y: Double) -> Double { x == 0 ? 0 : x * log(y) }

    /// Exceptions: pnl[t] < −valueAtRisk[t].
    public static func hits(pnl: [Double], valueAtRisk: [Double]) -> [Bool] {
        zip(pnl, valueAtRisk).map { $0 < -$1 }
    }

    /// Kupiec's proportion-of-failures test for x exceptions in n days at expected rate p.
    public static func kupiec(days n: Int, exceptions x: Int, expectedRate p: Double) -> LikelihoodRatio {
        let nn = Double(n), xx = Double(x)
        guard n > 0 else { return LikelihoodRatio(statistic: 0, degreesOfFreedom: 1, pValue: 1) }
        let phat = xx / nn
        let lr = -2 * ((xlog(nn - xx, 1 - p) + xlog(xx, p)) - (xlog(nn - xx, 1 - phat) + xlog(xx, phat)))
        let s = max(0, lr)
        return LikelihoodRatio(statistic: s, degreesOfFreedom: 1, pValue: ChiSquare.survival(s, degreesOfFreedom: 1))
    }

    /// Transition counts of a hit sequence (n − 1 pairs).
    public static func transitions(_ hits: [Bool]) -> Transitions {
        var t = Transitions()
        guard hits.count > 1 else { return t }
        for i in 1..<hits.count {
            switch (hits[i - 1], hits[i]) {
            case (false, false): t.n00 += 1
            case (false, true): t.n01 += 1
            case (true, false): t.n10 += 1
            case (true, true): t.n11 += 1
            }
        }
        return t
    }

    /// Christoffersen's independence test on the transition counts.
    public static func independence(_ t: Transitions) -> LikelihoodRatio {
        let n00 = Double(t.n00), n01 = Double(t.n01), n10 = Double(t.n10), n11 = Double(t.n11)
        let total = n00 + n01 + n10 + n11
        guard total > 0 else { return LikelihoodRatio(statistic: 0, degreesOfFreedom: 1, pValue: 1) }
        let pi = (n01 + n11) / total
        let pi0 = n00 + n01 > 0 ? n01 / (n00 + n01) : 0
        let pi1 = n10 + n11 > 0 ? n11 / (n10 + n11) : 0
        let restricted = xlog(n00 + n10, 1 - pi) + xlog(n01 + n11, pi)
        let unrestricted = xlog(n00, 1 - pi0) + xlog(n01, pi0) + xlog(n10, 1 - pi1) + xlog(n11, pi1)
        let s = max(0, -2 * (restricted - unrestricted))
        return LikelihoodRatio(statistic: s, degreesOfFreedom: 1, pValue: ChiSquare.survival(s, degreesOfFreedom: 1))
    }

    /// The Basel zone of x exceptions in 250 days at 99%.
    public static func basel(exceptions x: Int) -> Basel {
        let plus: [Double] = [0, 0, 0, 0, 0, 0.40, 0.50, 0.65, 0.75, 0.85]
        let zone: Zone = x <= 4 ? .green : (x <= 9 ? .yellow : .red)
        return Basel(days: 250, exceptions: x, zone: zone, plusFactor: x < plus.count ? plus[x] : 1.0)
    }

    /// Every test for one confidence. `pnl` and `valueAtRisk` are aligned (see the conventions above).
    public static func run(pnl: [Double], valueAtRisk: [Double], confidence c: Double) -> Result {
        let h = hits(pnl: pnl, valueAtRisk: valueAtRisk)
        let idx = h.indices.filter { h[$0] }
        let pof = kupiec(days: h.count, exceptions: idx.count, expectedRate: 1 - c)
        let t = transitions(h)
        let ind = independence(t)
        let cc = pof.statistic + ind.statistic
        var basel: Basel?
        if abs(c - 0.99) < 1e-12, h.count >= 250 {
            basel = VaRBacktest.basel(exceptions: h.suffix(250).filter { $0 }.count)
        }
        return Result(confidence: c, days: h.count, exceptionIndices: idx, kupiec: pof, transitions: t, independence: ind,
                      conditionalCoverage: LikelihoodRatio(statistic: cc, degreesOfFreedom: 2, pValue: ChiSquare.survival(cc, degreesOfFreedom: 2)),
                      basel: basel)
    }
}
