import Basics

/// What a shock applies to: one instrument, a group of positions, or everything.
public enum ShockTarget: Sendable, Equatable, CustomStringConvertible {
    case instrument(String)
    /// A group by attribute: `layer`, `country`, `currency`, `exchange` or `tag`, and its value.
    case group(attribute: String, value: String)
    case all
    /// A factor of the workspace's factor model (`factor: semis`); only with ``Propagation/factor``.
    case factor(String)

    public var description: String {
        switch self {
        case .instrument(let i): return i
        case .group(let a, let v): return "\(a)=\(v)"
        case .all: return "all"
        case .factor(let f): return "factor=\(f)"
        }
    }
}

/// How a shock changes a number.
public enum ShockMode: String, Sendable, Equatable {
    /// new = old × (1 + value)  (spot: a return of `value`).
    case relative
    /// new = old + value (spot in trading currency; vol in absolute points, 0.05 = +5 vol points).
    case absolute
}

/// One shock line of a scenario.
public struct Shock: Sendable, Equatable {
    public var target: ShockTarget
    public var mode: ShockMode
    public var value: Double
    public var line: Int?
    public init(target: ShockTarget, mode: ShockMode, value: Double, line: Int? = nil) {
        self.target = target
        self.mode = mode
        self.value = value
        self.line = line
    }
}

/// How moves of shocked names spread to names the scenario does not mention.
public enum Propagation: Sendable, Equatable {
    /// Unshocked names stay put.
    case none
    /// r_x = β_x × r_benchmark, where the benchmark is a shocked instrument (betas from the snapshot).
    case beta(benchmark: String)
    /// r_x = Σ_xs Σ_ss⁻¹ s: the conditional mean of unshocked returns given the shocked ones, under the
    /// covariance estimated from history (needs a covariance; solved with LAPACK).
    case conditionalMean
    /// Factor shocks spread through the factor model: unshocked factors move by their conditional mean
    /// F_us F_ss⁻¹ f_s, and every name without its own spot shock by r_x = Σₖ β_xk fₖ (its exposures).
    case factor
}

/// One scenario: spot, volatility and FX shocks at a horizon.
///
/// Order of application (documented in `scenarios/README.md`): for spot and vol, the most specific
/// target wins: instrument beats group beats `all`; among groups, shocks add. FX shocks move the
/// conversion of every position in that currency.
public struct Scenario: Sendable, Equatable {
    public var id: String
    public var description: String
    /// Probability of the scenario within its case set (or standalone), in [0, 1].
    public var probability: Double?
    /// The case set this scenario belongs to (bull/base/bear for one name, say); probabilities within a set sum to 1.
    public var caseSet: String?
    /// Calendar days to the horizon: options are aged by this many days (theta).
    public var horizonDays: Int
    public var spotShocks: [Shock]
    public var volShocks: [Shock]
    /// FX shocks by currency (relative change of the currency's value in base currency).
    public var fxShocks: [Currency: Double]
    public var propagation: Propagation
    /// Source notes (e.g. the dates of a historical episode).
    public var source: String?
    public var file: String?

    public init(id: String, description: String, probability: Double? = nil, caseSet: String? = nil, horizonDays: Int = 0,
                spotShocks: [Shock] = [], volShocks: [Shock] = [], fxShocks: [Currency: Double] = [:],
                propagation: Propagation = .none, source: String? = nil, file: String? = nil) {
        self.id = id
        self.description = description
        self.probability = probability
        self.caseSet = caseSet
        self.horizonDays = horizonDays
        self.spotShocks = spotShocks
        self.volShocks = volShocks
        self.fxShocks = fxShocks
        self.propagation = propagation
        self.source = source
        self.file = file
    }

    /// The zero shock (the base case of every stress run).
    public static let zero = Scenario(id: "zero", description: "no change (base valuation)")
}
