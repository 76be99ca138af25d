/// One factor of the time-series factor model: a named series built from one price history.
///
/// - `.return`: the weekly simple return of the series (an ETF's adjusted close).
/// - `.change`: the weekly change of the series' level (a yield index such as `TNX_index`, quoted in percent: a change
///   of 1 is +100 bp, so an exposure is the fraction of NAV gained per +100 bp).
/// A factor with `orthogonalTo` is the residual of its raw series on the named, earlier factors by OLS with an
/// intercept, the intercept kept: f = raw − Σ βⱼ fⱼ, the return of the raw series hedged by the other factors
/// (for semis: SOXX − β·SPY, a market-neutral semiconductor position).
public struct FactorDefinition: Sendable, Equatable {
    public enum Transform: String, Sendable, Equatable { case `return`, change }
    public var name: String
    public var ticker: String
    public var transform: Transform
    public var orthogonalTo: [String]
    public init(name: String, ticker: String, transform: Transform = .return, orthogonalTo: [String] = []) {
        self.name = name; self.ticker = ticker; self.transform = transform; self.orthogonalTo = orthogonalTo
    }

    /// The default set (issue #16): market, semis and tech (orthogonalised), China, China A-shares, Korea, Taiwan,
    /// rates.
    public static let defaults: [FactorDefinition] = [
        .init(name: "market", ticker: "SPY"),
        .init(name: "semis", ticker: "SOXX", orthogonalTo: ["market"]),
        .init(name: "tech", ticker: "XLK", orthogonalTo: ["market", "semis"]),
        .init(name: "china", ticker: "KWEB"),
        .init(name: "chinaA", ticker: "ASHR"),
        .init(name: "korea", ticker: "EWY"),
        .init(name: "taiwan", ticker: "EWT"),
        .init(name: "rates", ticker: "TNX_index", transform: .change),
    ]
}

/// How the model is fitted (every rule printed with the results).
public struct FactorModelSettings: Sendable, Equatable {
    public enum Covariance: Sendable, Equatable {
        /// Sample covariance of the weekly factor returns, divisor T − 1.
        case sample
        /// Exponentially weighted, zero mean, normalised weights (1 − λ)λ^(T−t)/(1 − λ^T) on weekly returns.
        case ewma(lambda: Double)
    }
    /// Weeks in the window (ending at the last complete week common to every factor, on or before the valuation date).
    public var windowWeeks = 156
    /// A name with at least this many weekly returns in the window is fitted by OLS.
    public var fullHistoryWeeks = 104
    /// A name with fewer than `fullHistoryWeeks` but at least this many is fitted by ridge; below it, proxied.
    public var minimumWeeks = 26
    /// Ridge strength κ: penalty κ·n·s²ₖ on βₖ (n the name's weeks, s²ₖ factor k's variance over them, divisor n), i.e.
    /// ridge on standardised factors with κ relative to their unit variance; shrinks toward 0, intercept unpenalised.
    public var ridge = 0.1
    public var covariance = Covariance.sample
    public init() {}

    public var covarianceDescription: String {
        switch covariance {
        case .sample: return "sample covariance of weekly factor returns (divisor T − 1)"
        case .ewma(let l): return "EWMA covariance of weekly factor returns (λ = \(l), zero mean, normalised weights)"
        }
    }
}
