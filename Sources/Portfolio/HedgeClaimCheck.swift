import Basics
import Instruments
import Pricing

/// The outcome of checking one `HedgeClaim` by repricing.
public struct ClaimCheckResult: Sendable, Equatable {
    public enum Verdict: String, Sendable {
        case holds, fails
        /// The claim cannot be evaluated on this basis (e.g. expired legs, a net credit for a payoff multiple).
        case notCheckable = "not checkable"
    }
    /// "as dated" or "rolled (…)".
    public var basis: String
    /// The claim in words, e.g. "cost 3%–4% of notional".
    public var claim: String
    /// The number Hedgebook computes (fraction for costs, multiple for payoffs); nil when not checkable.
    public var computed: Double?
    /// A second number shown for context (payoff multiple at the horizon, repriced); nil when not applicable.
    public var computedAtHorizon: Double?
    public var verdict: Verdict
    /// Why, in one sentence (includes "above/below the claimed range").
    public var detail: String
    /// Assumptions the number depends on.
    public var assumptions: [String]
}

/// Checks a hedge package's claims against repricing with `PackagePricer`.
///
/// - `costOfNotional(min, max)`: premium ÷ underlying notional (Σ |contracts| × multiplier × spot × fx) ∈ [min, max].
/// - `zeroCost(tol)`: |premium| ≤ tol × notional.
/// - `payoffMultiple(min, max, moves)`: value at expiry after the stated moves (intrinsic) ÷ premium paid ∈ [min, max];
///   the multiple at the horizon (repriced, same moves applied at once, vol shift as given) is reported alongside.
///   Needs a net debit (premium > 0).
/// As-dated checks are not possible when an option leg has expired by the valuation date (its premium today is only
/// intrinsic value); the caller should then check a rolled package (`OptionPackage.rolled`).
public enum HedgeClaimChecker {
    public static func check(_ claims: [HedgeClaim], package p: OptionPackage, pricer: PackagePricer, basis: String,
                             horizonDays: Int, volShift: Double = 0) -> [ClaimCheckResult] {
        let date = pricer.market.valuationDate
        let expired = p.legs.filter { leg in leg.expiry.map { $0 <= date } ?? false }
        var common: [String] = ["valuation date \(date); premium = value today (positive = paid)",
                                "American legs on a CRR tree (\(pricer.americanSteps) steps), European legs by BSM; vol from the snapshot\(volShift != 0 ? " shifted by \(volShift)" : "")"]
        let strikes = p.legs.filter(\.strikeAssumed).map(\.id)
        if !strikes.isEmpty { common.append("assumed strikes: \(strikes.joined(separator: ", "))") }
        return claims.map { claim in
            let text = describe(claim)
            if !expired.isEmpty {
                let list = expired.map { "\($0.id) (\($0.expiry!))" }.joined(separator: ", ")
                return ClaimCheckResult(basis: basis, claim: text, computed: nil, computedAtHorizon: nil, verdict: .notCheckable,
                                        detail: "EXPIRED before \(date): \(list); a premium and payoff can no longer be computed as dated.",
                                        assumptions: common)
            }
            do {
                let prem = try pricer.premium(p)
                let notional = try pricer.notional(p)
                switch claim {
                case let .costOfNotional(lo, hi):
                    let c = prem / notional
                    return ClaimCheckResult(basis: basis, claim: text, computed: c, computedAtHorizon: nil,
                                            verdict: c >= lo && c <= hi ? .holds : .fails,
                                            detail: "premium \(pct(c)) of notional \(rangeWord(c, lo, hi)).",
                                            assumptions: common + ["notional = Σ |contracts| × multiplier × spot × fx"])
                case let .zeroCost(tol):
                    let c = prem / notional
                    // The size of the short legs (same long legs) that would make the package zero cost.
                    var longValue = 0.0, shortValue = 0.0
                    for leg in p.legs {
                        let one = OptionPackage(id: leg.id, name: leg.id, legs: [leg])
                        let v = try pricer.premium(one)
                        if leg.quantity >= 0 { longValue += v } else { shortValue += v }
                    }
                    let scale = shortValue < 0 ? longValue / -shortValue : .nan
                    let hint = scale.isFinite && abs(c) > tol ? " Zero cost would need the short legs scaled ×\(fixed(scale, 2))." : ""
                    return ClaimCheckResult(basis: basis, claim: text, computed: c, computedAtHorizon: nil,
                                            verdict: abs(c) <= tol ? .holds : .fails,
                                            detail: "net premium \(pct(c)) of notional (\(prem >= 0 ? "debit" : "credit")), tolerance ±\(pct(tol)).\(hint)",
                                            assumptions: common + ["notional = Σ |contracts| × multiplier × spot × fx"])
                case let .payoffMultiple(lo, hi, moves):
                    guard prem > 0 else {
                        return ClaimCheckResult(basis: basis, claim: text, computed: nil, computedAtHorizon: nil,
                                                verdict: .notCheckable,
                                                detail: "the package is a net credit (\(fixed(prem, 0)) base currency), so a payoff multiple of premium is undefined.",
                                                assumptions: common)
                    }
                    let atExpiry = try pricer.valueAtExpiry(p, moves: moves) / prem
                    let atHorizon = try pricer.value(p, moves: moves, on: date.adding(days: horizonDays), volShift: volShift) / prem
                    let mv = moves.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value >= 0 ? "+" : "")\(pct($0.value))" }
                        .joined(separator: ", ")
                    return ClaimCheckResult(basis: basis, claim: text, computed: atExpiry, computedAtHorizon: atHorizon,
                                            verdict: atExpiry >= lo && atExpiry <= hi ? .holds : .fails,
                                            detail: "value at expiry after \(mv) is \(x(atExpiry)) the premium \(rangeWord(atExpiry, lo, hi)); repriced \(horizonDays) days out with the same moves: \(x(atHorizon)).",
                                            assumptions: common + ["moves relative to spot on \(date); other underlyings unchanged",
                                                                   "multiple = value (not profit) ÷ premium"])
                }
            } catch {
                return ClaimCheckResult(basis: basis, claim: text, computed: nil, computedAtHorizon: nil, verdict: .notCheckable,
                                        detail: "\(error)", assumptions: common)
            }
        }
    }

    public static func describe(_ c: HedgeClaim) -> String {
        switch c {
        case let .costOfNotional(lo, hi): return lo == hi ? "cost \(pct(lo)) of notional" : "cost \(pct(lo))–\(pct(hi)) of notional"
        case let .zeroCost(tol): return "about zero cost (within ±\(pct(tol)) of notional)"
        case let .payoffMultiple(lo, hi, moves):
            let mv = moves.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value >= 0 ? "+" : "")\(pct($0.value))" }.joined(separator: ", ")
            let range = hi.isInfinite ? "at least \(x(lo))" : (lo == hi ? x(lo) : "\(x(lo))–\(x(hi))")
            return "payoff \(range) if \(mv)"
        }
    }

    static func rangeWord(_ v: Double, _ lo: Double, _ hi: Double) -> String {
        if v < lo { return "(below the claimed range)" }
        if v > hi { return "(above the claimed range)" }
        return "(inside the claimed range)"
    }

    /// Percent with two decimals, no locale.
    static func pct(_ f: Double) -> String { fixed(f * 100, 2) + "%" }
    static func x(_ m: Double) -> String { fixed(m, 2) + "x" }
    static func fixed(_ v: Double, _ d: Int) -> String {
        guard v.isFinite else { return "n/a" }
        var scale = 1.0
        for _ in 0..<d { scale *= 10 }
        let r = (abs(v) * scale).rounded()
        let i = Int64(r / scale)
        var frac = String(Int64(r) - i * Int64(scale))
        while frac.count < d { frac = "0" + frac }
        return (v < 0 && r != 0 ? "-" : "") + String(i) + (d > 0 ? "." + frac : "")
    }
}
