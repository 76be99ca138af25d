import Basics
import Instruments
import Pricing
import RiskHistory

/// One position's P&L between two recorded dates, split by risk factor (base currency, signed: a loss is negative).
public struct PositionPnLExplain: Sendable, Equatable {
    public var id: String
    public var instrument: String
    public var delta: Double
    public var gamma: Double
    public var vega: Double
    public var theta: Double
    public var fx: Double
    /// What the Greeks do not explain (higher orders, cross terms, rate and dividend changes): total − the rest.
    public var residual: Double
    /// Full revaluation P&L: value at TO − value at FROM of the position held at FROM.
    public var total: Double
    public var valueFrom: Double
    public var valueTo: Double
}

/// `hedgebook explain FROM TO`.
public struct PnLExplainReport: Sendable {
    public var book: String
    public var baseCurrency: String
    public var nav: Double
    public var from: LocalDate
    public var to: LocalDate
    public var positions: [PositionPnLExplain]
    public var notes: [String]
    public var total: PositionPnLExplain {
        positions.reduce(into: PositionPnLExplain(id: "total", instrument: "", delta: 0, gamma: 0, vega: 0, theta: 0, fx: 0,
                                                  residual: 0, total: 0, valueFrom: 0, valueTo: 0)) { t, p in
            t.delta += p.delta; t.gamma += p.gamma; t.vega += p.vega; t.theta += p.theta; t.fx += p.fx
            t.residual += p.residual; t.total += p.total; t.valueFrom += p.valueFrom; t.valueTo += p.valueTo
        }
    }
}

/// P&L explain between two recorded runs of a book.
///
/// The positions are those held at FROM (quantities, strikes, expiries fixed), revalued in full at TO's market (spot,
/// FX, volatility, rate and dividend yield of the same position at TO, else of the same instrument) with the time to
/// expiry shortened by τ = ACT/365F years between the dates, by the option model recorded at FROM. With q the signed
/// quantity, m the multiplier, v the per-unit price in the trading currency and X the FX rate (base per unit):
///
///     total    = q·m·(X₁·v₁ − X₀·v₀)                      (full revaluation)
///     FX       = q·m·(X₁ − X₀)·v₁                          (the FX move on the TO value)
///     delta    = q·m·X₀·Δ·(S₁ − S₀)
///     gamma    = q·m·X₀·½Γ·(S₁ − S₀)²
///     vega     = q·m·X₀·ν·(σ₁ − σ₀)
///     theta    = q·m·X₀·θ·τ                                (θ per year of calendar time)
///     residual = total − (delta + gamma + vega + theta + FX)
///
/// Greeks at FROM by the recorded model (Black–Scholes–Merton for European legs; the CRR tree's or
/// Bjerksund–Stensland's for American ones). For stock Δ = 1 and Γ = ν = θ = 0, so the residual is 0 up to rounding.
/// Dividends paid between the dates are not in the price P&L.
public enum PnLExplain {
    /// - Parameter greeks: false = full revaluation only (every component 0, residual = total; what the backtest needs).
    public static func explain(from a: RunRecord, to b: RunRecord, greeks: Bool = true) throws -> PnLExplainReport {
        guard a.valuationDate < b.valuationDate else {
            throw SessionError("explain: FROM \(a.valuationDate) must be before TO \(b.valuationDate)")
        }
        let tau = a.valuationDate.yearFraction(to: b.valuationDate)
        let policy = OptionValuationPolicy(americanInScenarios: OptionValuationPolicy.ScenarioModel(rawValue: a.scenarioModel) ?? .tree,
                                           treeSteps: a.treeSteps)
        var out: [PositionPnLExplain] = []
        var missing: [String] = []
        var notes: [String] = []
        for p in a.positions {
            guard let m = b.positions.first(where: { $0.id == p.id }) ?? b.positions.first(where: { $0.instrument == p.instrument }) else {
                missing.append("\(p.id) (\(p.instrument))")
                continue
            }
            if b.positions.first(where: { $0.id == p.id }) == nil { notes.append("\(p.id): not held at \(b.valuationDate); market of \(p.instrument) read from another position") }
            out.append(position(p, market: m, years: tau, policy: policy, greeks: greeks))
        }
        if !missing.isEmpty {
            throw SessionError("explain \(a.valuationDate) → \(b.valuationDate): no market at \(b.valuationDate) for \(missing.joined(separator: ", ")) (the run of \(b.valuationDate) holds no position on these instruments)")
        }
        notes.append("positions held at \(a.valuationDate) revalued in full at \(b.valuationDate) (τ = \(NumberFormat.shortest(tau)) years ACT/365F); Greeks from \(a.valuationDate), model \(a.scenarioModel); residual = total − (delta + gamma + vega + theta + FX); dividends not included")
        return PnLExplainReport(book: a.book, baseCurrency: a.baseCurrency, nav: a.nav, from: a.valuationDate, to: b.valuationDate,
                                positions: out, notes: notes)
    }

    /// One position: `p` as held at FROM, `m` its market at TO, `years` between the dates.
    /// - Parameter greeks: false = the full revaluation only (components 0, residual = total): the backtest's P&L.
    public static func position(_ p: PositionRecord, market m: PositionRecord, years tau: Double,
                                policy: OptionValuationPolicy, greeks: Bool = true) -> PositionPnLExplain {
        let qm = p.quantity * p.multiplier
        let s0 = p.spot, s1 = m.spot, x0 = p.fx, x1 = m.fx
        var v0 = s0, v1 = s1
        var delta = greeks ? 1.0 : 0.0, gamma = 0.0, vega = 0.0, theta = 0.0
        var dVol = 0.0
        if let o = p.option, let right = OptionRight(rawValue: o.right) {
            let exercise = ExerciseStyle(rawValue: o.exercise) ?? .european
            // TO's volatility, rate and yield of the same option; unchanged when TO holds the instrument only as stock.
            let vol1 = m.option?.volatility ?? o.volatility
            let rate1 = m.option?.rate ?? o.rate, div1 = m.option?.dividendYield ?? o.dividendYield
            let g = greeks ? policy.scenarioGreeks(right: right, exercise: exercise, spot: s0, strike: o.strike, time: o.timeToExpiry,
                                                   rate: o.rate, dividendYield: o.dividendYield, volatility: o.volatility)
                : BlackScholesGreeks(price: 0, delta: 0, gamma: 0, vega: 0, theta: 0, rho: 0, dividendRho: 0)
            v0 = policy.scenarioPrice(right: right, exercise: exercise, spot: s0, strike: o.strike, time: o.timeToExpiry,
                                      rate: o.rate, dividendYield: o.dividendYield, volatility: o.volatility)
            v1 = policy.scenarioPrice(right: right, exercise: exercise, spot: s1, strike: o.strike, time: o.timeToExpiry - tau,
                                      rate: rate1, dividendYield: div1, volatility: vol1)
            delta = g.delta; gamma = g.gamma; vega = g.vega; theta = g.theta
            dVol = vol1 - o.volatility
        }
        let total = qm * (x1 * v1 - x0 * v0)
        let fx = greeks ? qm * (x1 - x0) * v1 : 0
        let ds = s1 - s0
        let d = qm * x0 * delta * ds
        let gm = qm * x0 * 0.5 * gamma * ds * ds
        let vg = qm * x0 * vega * dVol
        let th = qm * x0 * theta * tau
        return PositionPnLExplain(id: p.id, instrument: p.instrument, delta: d, gamma: gm, vega: vg, theta: th, fx: fx,
                                  residual: total - (d + gm + vg + th + fx), total: total, valueFrom: qm * x0 * v0, valueTo: qm * x1 * v1)
    }
}
