#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import Instruments
import QuantMath

/// Why an option could not be priced or its implied volatility found. Every case reads as a sentence.
public enum PricingError: Error, Equatable, CustomStringConvertible {
    /// An input is out of its domain (e.g. negative strike, NaN spot).
    case invalidInput(field: String, value: Double, requirement: String)
    /// The quoted price violates the no-arbitrage bounds [lower, upper] of the option, so no volatility reproduces it.
    case priceOutsideNoArbitrageBounds(price: Double, lower: Double, upper: Double)
    /// The option has no time value to invert (expiry today or past).
    case noTimeValue(time: Double)
    /// The solver did not converge (should not happen inside the bounds; reported rather than trapped).
    case noConvergence(String)

    public var description: String {
        switch self {
        case let .invalidInput(field, value, requirement):
            return "\(field) must be \(requirement), got \(Self.show(value))."
        case let .priceOutsideNoArbitrageBounds(price, lower, upper):
            return "price \(Self.show(price)) is outside the no-arbitrage bounds [\(Self.show(lower)), \(Self.show(upper))], so no volatility reproduces it."
        case let .noTimeValue(time):
            return "time to expiry \(Self.show(time)) years leaves no time value, so the implied volatility is undefined."
        case let .noConvergence(detail):
            return "implied volatility did not converge (\(detail))."
        }
    }

    /// Integers without ".0"; other values with Swift's shortest round-trip form.
    static func show(_ v: Double) -> String {
        v.isFinite && v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
    }
}

/// Implied volatility from an option price.
///
/// European: safeguarded Newton on σ (Manaster–Koehler start at the vega-maximising σ = √(2|ln(F/K)|/T), steps kept
/// inside a shrinking bracket, bisection when a Newton step leaves it). American: Brent's method on the CRR tree price.
/// Bounds (per unit of underlying, F = S e^{(r−q)T}): European call (max(S e^{−qT} − K e^{−rT}, 0), S e^{−qT}),
/// put (max(K e^{−rT} − S e^{−qT}, 0), K e^{−rT}); American call (max(S − K, European lower), S),
/// put (max(K − S, European lower), K). A price equal to the lower bound returns 0 (zero vol reproduces it exactly);
/// a price at or above the upper bound, or below the lower bound, throws `priceOutsideNoArbitrageBounds`.
/// Volatility is searched in (0, 20] (2000% per √year).
public enum ImpliedVolatility {
    public static let maxVolatility = 20.0

    /// No-arbitrage bounds (lower, upper) for the option's price.
    public static func bounds(right: OptionRight, exercise: ExerciseStyle, spot: Double, strike: Double, time: Double,
                              rate: Double, dividendYield: Double) -> (lower: Double, upper: Double) {
        let sq = spot * exp(-dividendYield * time), kd = strike * exp(-rate * time)
        switch (right, exercise) {
        case (.call, .european): return (max(sq - kd, 0), sq)
        case (.put, .european): return (max(kd - sq, 0), kd)
        case (.call, .american): return (max(spot - strike, sq - kd, 0), spot)
        case (.put, .american): return (max(strike - spot, kd - sq, 0), strike)
        }
    }

    public static func european(right: OptionRight, price: Double, spot: Double, strike: Double, time: Double,
                                rate: Double, dividendYield: Double) throws(PricingError) -> Double {
        try validate(price: price, spot: spot, strike: strike, time: time, rate: rate, dividendYield: dividendYield)
        let (lower, upper) = bounds(right: right, exercise: .european, spot: spot, strike: strike, time: time,
                                    rate: rate, dividendYield: dividendYield)
        if price == lower { return 0 }
        guard price > lower, price < upper else {
            throw .priceOutsideNoArbitrageBounds(price: price, lower: lower, upper: upper)
        }
        func f(_ v: Double) -> BlackScholesGreeks {
            BlackScholes.greeks(right: right, spot: spot, strike: strike, time: time, rate: rate,
                                dividendYield: dividendYield, volatility: v)
        }
        var lo = 0.0, hi = maxVolatility
        guard f(hi).price > price else {
            throw .noConvergence("price \(price) needs a volatility above \(maxVolatility)")
        }
        let logMoney = abs(log(spot / strike) + (rate - dividendYield) * time)
        var x = logMoney > 1e-8 ? (2 * logMoney / time).squareRoot() : 0.4
        x = min(max(x, 1e-3), maxVolatility / 2)
        for _ in 0..<200 {
            let g = f(x)
            let diff = g.price - price
            if diff == 0 { return x }
            if diff > 0 { hi = x } else { lo = x }
            var next = x - diff / g.vega
            if !(next > lo && next < hi) || !(g.vega > 0) { next = 0.5 * (lo + hi) }
            if abs(next - x) <= 1e-15 * max(1, x) || hi - lo <= 1e-15 * max(1, x) { return next }
            x = next
        }
        throw .noConvergence("after 200 iterations, bracket [\(lo), \(hi)]")
    }

    /// Implied volatility of an American option priced on the CRR tree with `steps` steps (Brent on σ, tolerance 1e-12).
    public static func american(right: OptionRight, price: Double, spot: Double, strike: Double, time: Double,
                                rate: Double, dividendYield: Double,
                                steps: Int = BinomialTree.defaultSteps) throws(PricingError) -> Double {
        try validate(price: price, spot: spot, strike: strike, time: time, rate: rate, dividendYield: dividendYield)
        let (lower, upper) = bounds(right: right, exercise: .american, spot: spot, strike: strike, time: time,
                                    rate: rate, dividendYield: dividendYield)
        guard price >= lower, price < upper else {
            throw .priceOutsideNoArbitrageBounds(price: price, lower: lower, upper: upper)
        }
        var ws = BinomialWorkspace(steps: steps)
        func tree(_ v: Double) -> Double {
            BinomialTree.value(right: right, exercise: .american, spot: spot, strike: strike, time: time, rate: rate,
                               dividendYield: dividendYield, volatility: v, steps: steps, workspace: &ws).price
        }
        let vMin = 1e-6
        if tree(vMin) >= price { return tree(vMin) - price <= 1e-12 * max(1, price) ? 0 : vMin }
        guard tree(maxVolatility) > price else {
            throw .noConvergence("price \(price) needs a volatility above \(maxVolatility)")
        }
        do {
            return try Brent.root(in: vMin, maxVolatility, tolerance: 1e-12) { tree($0) - price }
        } catch {
            throw .noConvergence(error.description)
        }
    }

    /// Dispatches on exercise style.
    public static func solve(right: OptionRight, exercise: ExerciseStyle, price: Double, spot: Double, strike: Double,
                             time: Double, rate: Double, dividendYield: Double,
                             steps: Int = BinomialTree.defaultSteps) throws(PricingError) -> Double {
        switch exercise {
        case .european:
            return try european(right: right, price: price, spot: spot, strike: strike, time: time, rate: rate,
                                dividendYield: dividendYield)
        case .american:
            return try american(right: right, price: price, spot: spot, strike: strike, time: time, rate: rate,
                                dividendYield: dividendYield, steps: steps)
        }
    }

    static func validate(price: Double, spot: Double, strike: Double, time: Double, rate: Double,
                         dividendYield: Double) throws(PricingError) {
        guard price.isFinite, price >= 0 else { throw .invalidInput(field: "price", value: price, requirement: "a finite number ≥ 0") }
        guard spot.isFinite, spot > 0 else { throw .invalidInput(field: "spot", value: spot, requirement: "a finite number > 0") }
        guard strike.isFinite, strike > 0 else { throw .invalidInput(field: "strike", value: strike, requirement: "a finite number > 0") }
        guard rate.isFinite else { throw .invalidInput(field: "rate", value: rate, requirement: "finite") }
        guard dividendYield.isFinite else { throw .invalidInput(field: "dividendYield", value: dividendYield, requirement: "finite") }
        guard time.isFinite else { throw .invalidInput(field: "timeToExpiry", value: time, requirement: "finite") }
        guard time > 0 else { throw .noTimeValue(time: time) }
    }
}
