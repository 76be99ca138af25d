import Basics

/// What a limit measures. Limits *measure* (utilisation, status); constraints *forbid* (breach or not).
/// Units: % of NAV for exposures, VaR, ES, scenario losses and premium; a fraction (0.99) for a confidence.
public enum LimitMeasure: Sendable, Equatable {
    /// Gross exposure (premium view), max.
    case gross
    /// Net exposure (premium view), range.
    case net
    /// Beta-adjusted net exposure, range.
    case betaAdjustedNet
    /// Largest single position |notional|, max, in the premium or delta view.
    case singleName(view: ExposureView)
    /// Gross exposure of one group (layer, country or currency), max; `group` nil = every group of that kind.
    case group(Grouping, group: String?)
    /// Parametric VaR at a confidence over the risk horizon, max (% NAV, positive loss).
    case valueAtRisk(confidence: Double)
    /// Parametric ES at a confidence, max.
    case expectedShortfall(confidence: Double)
    /// Worst loss over a scenario set (case set name, or nil = all scenarios), max (% NAV, positive loss).
    case worstScenario(caseSet: String?)
    /// Total option premium held (option positions and held hedge packages), max.
    case optionPremium
}

extension LimitMeasure {
    /// The measure as written in outputs and the risk history (`gross`, `var@0.99`, `layer=accelerators`, …).
    public var name: String {
        switch self {
        case .gross: return "gross"
        case .net: return "net"
        case .betaAdjustedNet: return "betaAdjustedNet"
        case .singleName(let v): return "singleName(\(v.rawValue))"
        case .group(let g, let name): return "\(g.rawValue)\(name.map { "=\($0)" } ?? "")"
        case .valueAtRisk(let c): return "var@\(NumberFormat.shortest(c))"
        case .expectedShortfall(let c): return "es@\(NumberFormat.shortest(c))"
        case .worstScenario(let s): return "worstScenario\(s.map { "(\($0))" } ?? "")"
        case .optionPremium: return "optionPremium"
        }
    }
}

/// Which exposure view a single-name limit reads.
public enum ExposureView: String, Sendable, CaseIterable, Equatable {
    case premium, delta
}

/// A limit of the book (`limits:` in the book file). `min`/`max` in the measure's unit; a value whose utilisation
/// (value ÷ bound) is at least `warnAt` (default 0.8) of a bound warns, beyond the bound breaches.
public struct Limit: Sendable, Equatable {
    public var id: String
    public var measure: LimitMeasure
    public var min: Double?
    public var max: Double?
    public var warnAt: Double
    public var location: SourceLocation?

    public init(id: String, measure: LimitMeasure, min: Double? = nil, max: Double? = nil, warnAt: Double = 0.8,
                location: SourceLocation? = nil) {
        self.id = id
        self.measure = measure
        self.min = min
        self.max = max
        self.warnAt = warnAt
        self.location = location
    }
}
