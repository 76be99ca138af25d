import Basics
import Instruments
import MarketData

/// Relative moves of underlyings: `["NVDA": -0.30, "AVGO": 0.20]` means NVDA −30%, AVGO +20%; absent = unchanged.
public typealias JointMove = [String: Double]

/// Package sensitivities in base currency (and the same divided by NAV, in %). Sum over legs of
/// quantity × multiplier × per-share Greek × fx, rescaled to trader units:
/// - `deltaNotional`: ∂V/∂S·S — the delta-equivalent underlying exposure (base currency; P&L of a +1% move ≈ 1% of it);
/// - `gammaPerPercent`: change of `deltaNotional` for a +1% move of every underlying = Γ·S²·1%;
/// - `vegaPerVolPoint`: P&L for +1 vol point (0.01) on every underlying;
/// - `thetaPerDay`: P&L of one calendar day passing (ACT/365F), negative for decay;
/// - `rhoPerPercent`: P&L for +1% (0.01) on every rate.
public struct PackageGreeks: Sendable, Equatable {
    public var deltaNotional = 0.0
    public var gammaPerPercent = 0.0
    public var vegaPerVolPoint = 0.0
    public var thetaPerDay = 0.0
    public var rhoPerPercent = 0.0
    public init() {}
}

/// Best and worst P&L at expiry over all joint moves of the underlyings (each in [0, ∞)).
public struct PayoffExtremes: Sendable, Equatable {
    /// nil = unbounded.
    public var maxGain: Double?
    /// nil = unbounded; otherwise the largest loss as a positive number (0 when the package cannot lose).
    public var maxLoss: Double?
    /// True when computed exactly from kinks (all option legs on an underlying share one expiry); false = from a
    /// fine spot grid (mixed expiries on one underlying, later legs valued at intrinsic at their own expiry).
    public var exact: Bool
}

/// Values multi-leg packages: *how* (the instruments are in `OptionPackage`).
///
/// Models: European legs by Black–Scholes–Merton; American legs by the CRR tree with `americanSteps` steps
/// (set `americanAsEuropean` to price every leg by BSM, e.g. for fast grids). Volatility per leg
/// (``legVolatility(_:)``: the underlying's implied-vol surface at the leg's strike and expiry, else the underlying's
/// realised vol), shifted by `volShift` (absolute, 0.05 = +5 vol points; floored at 0). Each leg's time to expiry is
/// ACT/365F from the date the package is valued at; legs at or past expiry are worth intrinsic value.
/// P&L conventions: premium = value today (positive = paid, debit); P&L = value then − premium; stock legs carry no
/// financing, borrow or dividend accrual; moves are relative changes of spot, FX unchanged.
public struct PackagePricer: Sendable {
    public var market: PackageMarket
    public var americanSteps: Int
    public var americanAsEuropean: Bool

    public init(market: PackageMarket, americanSteps: Int = 500, americanAsEuropean: Bool = false) {
        self.market = market
        self.americanSteps = americanSteps
        self.americanAsEuropean = americanAsEuropean
    }

    func state(_ leg: PackageLeg) throws(PackageError) -> UnderlyingState {
        guard let u = market.underlyings[leg.underlying] else {
            throw PackageError("leg \(leg.id): no market data for underlying '\(leg.underlying)'")
        }
        return u
    }

    /// The option terms of a leg on `date` with a volatility shift (nil for stock legs), and whether the tree applies.
    private func optionInputs(_ leg: PackageLeg, on date: LocalDate, volShift: Double) throws(PackageError)
        -> (right: OptionRight, strike: Double, time: Double, rate: Double, q: Double, vol: Double, tree: Bool)?
    {
        let u = try state(leg)
        guard case let .option(right, k, expiry, exercise, _) = leg.instrument else { return nil }
        let t = date.yearFraction(to: expiry)
        let vol = u.surface == nil ? u.volatility : try legVolatility(leg)?.volatility ?? u.volatility
        return (right, k, t, u.rate, u.dividendYield, max(vol + volShift, 0), exercise == .american && !americanAsEuropean && t > 0)
    }

    /// An option leg's unshifted vol and its source: the underlying's surface at the leg's strike and its time to expiry
    /// from the valuation date (sticky strike: fixed at the valuation date whatever the spot move or horizon), else the
    /// underlying's realised vol (also for a leg expired at the valuation date, worth its intrinsic value). Nil for
    /// stock legs.
    public func legVolatility(_ leg: PackageLeg) throws(PackageError) -> (volatility: Double, source: VolatilitySource)? {
        let u = try state(leg)
        guard case let .option(_, k, expiry, _, _) = leg.instrument else { return nil }
        let time = market.valuationDate.yearFraction(to: expiry)
        guard let s = u.surface, time > 0 else { return (u.volatility, .realised) }
        return (s.volatility(strike: k, spot: u.spot, time: time), .surface(s.source))
    }

    /// Per-share value and Greeks of a leg (trading currency) at spot `s`, on `date`, with a volatility shift.
    public func legGreeks(_ leg: PackageLeg, spot s: Double, on date: LocalDate, volShift: Double = 0,
                          workspace: inout BinomialWorkspace) throws(PackageError) -> BlackScholesGreeks {
        guard let o = try optionInputs(leg, on: date, volShift: volShift) else {
            return BlackScholesGreeks(price: s, delta: 1, gamma: 0, vega: 0, theta: 0, rho: 0, dividendRho: 0)
        }
        if o.tree {
            return BinomialTree.greeks(right: o.right, exercise: .american, spot: s, strike: o.strike, time: o.time, rate: o.rate,
                                       dividendYield: o.q, volatility: o.vol, steps: americanSteps, workspace: &workspace)
        }
        return BlackScholes.greeks(right: o.right, spot: s, strike: o.strike, time: o.time, rate: o.rate, dividendYield: o.q, volatility: o.vol)
    }

    /// Per-share value of a leg (trading currency); price only (cheaper than `legGreeks` for American legs).
    public func legValue(_ leg: PackageLeg, spot s: Double, on date: LocalDate, volShift: Double = 0,
                         workspace: inout BinomialWorkspace) throws(PackageError) -> Double {
        guard let o = try optionInputs(leg, on: date, volShift: volShift) else { return s }
        if o.tree {
            return BinomialTree.value(right: o.right, exercise: .american, spot: s, strike: o.strike, time: o.time, rate: o.rate,
                                      dividendYield: o.q, volatility: o.vol, steps: americanSteps, workspace: &workspace).price
        }
        return BlackScholes.price(right: o.right, spot: s, strike: o.strike, time: o.time, rate: o.rate, dividendYield: o.q, volatility: o.vol)
    }

    /// Package value in base currency on `date` (default: the valuation date) after `moves`, with a vol shift.
    public func value(_ p: OptionPackage, moves: JointMove = [:], on date: LocalDate? = nil,
                      volShift: Double = 0) throws(PackageError) -> Double {
        var ws = BinomialWorkspace(steps: americanSteps)
        var total = 0.0
        for leg in p.legs {
            let u = try state(leg)
            let s = u.spot * (1 + (moves[leg.underlying] ?? 0))
            total += leg.quantity * leg.unitsPerQuantity * u.fx
                * (try legValue(leg, spot: max(s, 0), on: date ?? market.valuationDate, volShift: volShift, workspace: &ws))
        }
        return total
    }

    /// Premium in base currency: value today (positive = paid, negative = received).
    public func premium(_ p: OptionPackage) throws(PackageError) -> Double { try value(p) }

    func resolvedPremium(_ p: OptionPackage, _ given: Double?) throws(PackageError) -> Double {
        if let g = given { return g }
        return try premium(p)
    }

    /// Underlying notional in base currency: Σ |quantity| × multiplier × spot × fx over legs.
    public func notional(_ p: OptionPackage) throws(PackageError) -> Double {
        var n = 0.0
        for leg in p.legs {
            let u = try state(leg)
            n += abs(leg.quantity) * leg.unitsPerQuantity * u.spot * u.fx
        }
        return n
    }

    /// Package Greeks in base currency (see `PackageGreeks` for units).
    public func greeks(_ p: OptionPackage) throws(PackageError) -> PackageGreeks {
        var ws = BinomialWorkspace(steps: americanSteps)
        var g = PackageGreeks()
        for leg in p.legs {
            let u = try state(leg)
            let x = try legGreeks(leg, spot: u.spot, on: market.valuationDate, workspace: &ws)
            let w = leg.quantity * leg.unitsPerQuantity * u.fx
            g.deltaNotional += w * x.delta * u.spot
            g.gammaPerPercent += w * x.gamma * u.spot * u.spot * 0.01
            g.vegaPerVolPoint += w * x.vega * 0.01
            g.thetaPerDay += w * x.theta / 365
            g.rhoPerPercent += w * x.rho * 0.01
        }
        return g
    }

    /// Value at expiry in base currency after `moves`: every option leg at its intrinsic value, stock at the moved spot.
    public func valueAtExpiry(_ p: OptionPackage, moves: JointMove) throws(PackageError) -> Double {
        var total = 0.0
        for leg in p.legs {
            let u = try state(leg)
            let s = max(u.spot * (1 + (moves[leg.underlying] ?? 0)), 0)
            total += leg.quantity * leg.unitsPerQuantity * u.fx * leg.terminalValuePerShare(s)
        }
        return total
    }

    /// P&L at expiry (base currency) = value at expiry − premium.
    public func pnlAtExpiry(_ p: OptionPackage, moves: JointMove, premium: Double? = nil) throws(PackageError) -> Double {
        let prem = try resolvedPremium(p, premium)
        return try valueAtExpiry(p, moves: moves) - prem
    }

    /// P&L at a horizon `days` after the valuation date (base currency), repriced with `volShift`.
    public func pnlAtHorizon(_ p: OptionPackage, moves: JointMove, days: Int, volShift: Double = 0,
                             premium: Double? = nil) throws(PackageError) -> Double {
        let prem = try resolvedPremium(p, premium)
        return try value(p, moves: moves, on: market.valuationDate.adding(days: days), volShift: volShift) - prem
    }

    /// Break-even relative moves of one underlying at expiry (other underlyings unchanged): the roots of expiry P&L
    /// in move ∈ [−100%, +1000%], found on a 0.1% grid and refined by bisection to 1e-10. Sorted ascending.
    public func breakEvens(_ p: OptionPackage, underlying: String, premium: Double? = nil) throws(PackageError) -> [Double] {
        let prem = try resolvedPremium(p, premium)
        func f(_ m: Double) throws(PackageError) -> Double { try valueAtExpiry(p, moves: [underlying: m]) - prem }
        var roots: [Double] = []
        var x0 = -1.0
        var f0 = try f(x0)
        if f0 == 0 { roots.append(x0) }
        let step = 0.001
        for i in 1...11_000 {
            let x1 = -1.0 + Double(i) * step
            let f1 = try f(x1)
            if f1 == 0 {
                roots.append(x1)
            } else if (f0 < 0 && f1 > 0) || (f0 > 0 && f1 < 0) {
                var a = x0, b = x1, fa = f0
                for _ in 0..<60 where b - a > 1e-12 {
                    let m = 0.5 * (a + b)
                    let fm = try f(m)
                    if (fm < 0) == (fa < 0) { a = m; fa = fm } else { b = m }
                }
                roots.append(0.5 * (a + b))
            }
            x0 = x1
            f0 = f1
        }
        return roots
    }

    /// Max gain and max loss at expiry over all joint moves. Expiry payoffs are additive across underlyings, so the
    /// extremes are the sums of per-underlying extremes; per underlying the payoff is piecewise linear with kinks at
    /// the strikes, so it is evaluated at S = 0, at every strike and for its slope as S → ∞ (positive slope =
    /// unbounded gain, negative = unbounded loss).
    public func extremes(_ p: OptionPackage, premium: Double? = nil) throws(PackageError) -> PayoffExtremes {
        let prem = try resolvedPremium(p, premium)
        var maxSum = 0.0, minSum = 0.0
        var gainUnbounded = false, lossUnbounded = false
        var exact = true
        for u in p.underlyings {
            let legs = p.legs.filter { $0.underlying == u }
            let st = try state(legs[0])
            let expiries = Set(legs.compactMap(\.expiry))
            if expiries.count > 1 { exact = false }
            func payoff(_ s: Double) -> Double {
                legs.reduce(0) { $0 + $1.quantity * $1.unitsPerQuantity * st.fx * $1.terminalValuePerShare(s) }
            }
            // Slope as S → ∞: calls and stock contribute quantity × units; puts nothing.
            var slope = 0.0
            for l in legs {
                switch l.instrument {
                case .stock: slope += l.quantity
                case let .option(right, _, _, _, m): if right == .call { slope += l.quantity * m }
                }
            }
            var points = [0.0] + legs.compactMap(\.strike) + [st.spot]
            if !exact {
                let top = 4 * (points.max() ?? st.spot)
                points += (0...4000).map { top * Double($0) / 4000 }
            }
            let values = points.map(payoff)
            maxSum += values.max() ?? 0
            minSum += values.min() ?? 0
            if slope > 1e-12 { gainUnbounded = true }
            if slope < -1e-12 { lossUnbounded = true }
        }
        return PayoffExtremes(maxGain: gainUnbounded ? nil : maxSum - prem,
                              maxLoss: lossUnbounded ? nil : max(prem - minSum, 0), exact: exact)
    }

    /// Number of contracts of a one-option package that a premium budget buys: budget % NAV × NAV ÷ (option value per
    /// share × multiplier × fx). Returns the exact (fractional) count; callers round down for listed contracts.
    public func contractsForBudget(percentOfNAV budget: Double, leg: PackageLeg) throws(PackageError) -> Double {
        var ws = BinomialWorkspace(steps: americanSteps)
        let u = try state(leg)
        let price = try legValue(leg, spot: u.spot, on: market.valuationDate, workspace: &ws)
        guard price > 0 else {
            throw PackageError("leg \(leg.id): the option is worth 0 (expired or far out of the money), so a premium budget buys no defined number of contracts")
        }
        return budget / 100 * market.nav / (price * leg.unitsPerQuantity * u.fx)
    }

    /// A grid of relative moves: one axis per underlying for one or two underlyings (the full cartesian product), or
    /// the same move applied to every underlying for three or more.
    public static func grid(underlyings: [String], moves: [Double]) -> [JointMove] {
        switch underlyings.count {
        case 0: return []
        case 1: return moves.map { [underlyings[0]: $0] }
        case 2: return moves.flatMap { a in moves.map { b in [underlyings[0]: a, underlyings[1]: b] } }
        default: return moves.map { m in Dictionary(uniqueKeysWithValues: underlyings.map { ($0, m) }) }
        }
    }
}
