import Instruments

/// One vanilla option to value (per unit of underlying): the input of `hedgebook price` after parsing.
public struct VanillaCase: Sendable, Equatable {
    /// What the case gives besides the contract terms: a volatility (→ price and Greeks) or a price (→ implied vol).
    public enum Input: Sendable, Equatable {
        /// Annualised volatility, fraction (0.3 = 30%).
        case volatility(Double)
        /// Option price per unit of underlying, in the underlying's currency.
        case price(Double)
    }
    public var right: OptionRight
    public var exercise: ExerciseStyle
    public var spot: Double
    public var strike: Double
    /// Years (ACT/365F). ≤ 0 means expired: intrinsic value.
    public var time: Double
    /// Continuously compounded, fraction per year; may be negative.
    public var rate: Double
    /// Continuous dividend yield, fraction per year; may be negative (e.g. borrow income).
    public var dividendYield: Double
    public var input: Input
    /// Tree steps for American exercise (ignored for European).
    public var steps: Int

    public init(right: OptionRight, exercise: ExerciseStyle, spot: Double, strike: Double, time: Double, rate: Double,
                dividendYield: Double, input: Input, steps: Int = BinomialTree.defaultSteps) {
        self.right = right
        self.exercise = exercise
        self.spot = spot
        self.strike = strike
        self.time = time
        self.rate = rate
        self.dividendYield = dividendYield
        self.input = input
        self.steps = steps
    }
}

/// The valuation of a `VanillaCase`.
public struct VanillaResult: Sendable, Equatable {
    /// Price and Greeks (at the given or implied volatility); units as in `BlackScholesGreeks`.
    public var greeks: BlackScholesGreeks
    /// Set when the case gave a price.
    public var impliedVolatility: Double?
    /// "Black-Scholes-Merton (analytic)" or "CRR binomial, N steps" — the engine that produced the numbers.
    public var model: String

    public init(greeks: BlackScholesGreeks, impliedVolatility: Double?, model: String) {
        self.greeks = greeks
        self.impliedVolatility = impliedVolatility
        self.model = model
    }
}

/// Values vanilla options: European by Black–Scholes–Merton, American by the CRR tree (Greeks as documented in
/// `BinomialTree.greeks`). Validates inputs and throws `PricingError` with a sentence for each problem.
public enum VanillaPricer {
    /// Largest accepted tree size (a 100,000-step tree takes about 3 s).
    public static let maxSteps = 100_000

    public static func validate(_ c: VanillaCase) throws(PricingError) {
        func finite(_ name: String, _ v: Double) throws(PricingError) {
            guard v.isFinite else { throw .invalidInput(field: name, value: v, requirement: "a finite number") }
        }
        guard c.spot.isFinite, c.spot > 0 else { throw .invalidInput(field: "spot", value: c.spot, requirement: "a finite number > 0") }
        guard c.strike.isFinite, c.strike > 0 else {
            throw .invalidInput(field: "strike", value: c.strike, requirement: "a finite number > 0")
        }
        guard c.spot <= 1e12, c.strike <= 1e12 else {
            throw .invalidInput(field: c.spot > 1e12 ? "spot" : "strike", value: max(c.spot, c.strike), requirement: "at most 1e12")
        }
        try finite("timeToExpiry", c.time)
        guard c.time <= 100 else { throw .invalidInput(field: "timeToExpiry", value: c.time, requirement: "at most 100 years") }
        try finite("rate", c.rate)
        try finite("dividendYield", c.dividendYield)
        guard abs(c.rate) <= 1 else { throw .invalidInput(field: "rate", value: c.rate, requirement: "in [−1, 1] (a fraction per year)") }
        guard abs(c.dividendYield) <= 1 else {
            throw .invalidInput(field: "dividendYield", value: c.dividendYield, requirement: "in [−1, 1] (a fraction per year)")
        }
        switch c.input {
        case .volatility(let v):
            guard v.isFinite, v >= 0, v <= 10 else { throw .invalidInput(field: "volatility", value: v, requirement: "a finite number in [0, 10] (1,000%)") }
        case .price(let p):
            guard p.isFinite, p >= 0 else { throw .invalidInput(field: "price", value: p, requirement: "a finite number ≥ 0") }
        }
        if c.exercise == .american {
            guard (BinomialTree.minSteps...maxSteps).contains(c.steps) else {
                throw .invalidInput(field: "steps", value: Double(c.steps), requirement: "an integer in \(BinomialTree.minSteps)…\(maxSteps)")
            }
        }
    }

    public static func value(_ c: VanillaCase, workspace: inout BinomialWorkspace) throws(PricingError) -> VanillaResult {
        try validate(c)
        let model = c.exercise == .european ? "Black-Scholes-Merton (analytic)" : "CRR binomial, \(c.steps) steps"
        let vol: Double
        var iv: Double? = nil
        switch c.input {
        case .volatility(let v): vol = v
        case .price(let p):
            vol = try ImpliedVolatility.solve(right: c.right, exercise: c.exercise, price: p, spot: c.spot, strike: c.strike,
                                              time: c.time, rate: c.rate, dividendYield: c.dividendYield, steps: c.steps)
            iv = vol
        }
        let g: BlackScholesGreeks
        switch c.exercise {
        case .european:
            g = BlackScholes.greeks(right: c.right, spot: c.spot, strike: c.strike, time: c.time, rate: c.rate,
                                    dividendYield: c.dividendYield, volatility: vol)
        case .american:
            g = BinomialTree.greeks(right: c.right, exercise: .american, spot: c.spot, strike: c.strike, time: c.time,
                                    rate: c.rate, dividendYield: c.dividendYield, volatility: vol, steps: c.steps,
                                    workspace: &workspace)
        }
        return VanillaResult(greeks: g, impliedVolatility: iv, model: model)
    }
}
