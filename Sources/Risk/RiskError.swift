import LinearAlgebra
import MarketData

/// A risk computation that cannot proceed, with what was expected. Never a trap, never a NaN in a report.
public enum RiskError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Fewer observations than an estimator needs (`needed` states the rule).
    case tooFewObservations(observations: Int, assets: Int, needed: String)
    /// A return series has zero variance (correlation undefined).
    case constantSeries(asset: String)
    /// Returns or a covariance contain NaN/∞.
    case nonFinite(String)
    /// A covariance matrix is not positive (semi)definite where one is required.
    case notPositiveSemidefinite(String)
    /// A parameter outside its domain (e.g. λ ∉ (0, 1), confidence ∉ (0, 1)).
    case invalidParameter(String)
    /// A ticker/position is missing from the data.
    case missing(String)
    case shape(String)
    case linearAlgebra(LinearAlgebraError)
    case data(PriceDataError)

    public var description: String {
        switch self {
        case .tooFewObservations(let o, let n, let need): return "\(o) observations for \(n) assets: \(need)"
        case .constantSeries(let a): return "asset \(a) has zero return variance; correlation is undefined"
        case .nonFinite(let s): return "non-finite values in \(s)"
        case .notPositiveSemidefinite(let s): return s
        case .invalidParameter(let s): return "invalid parameter: \(s)"
        case .missing(let s): return s
        case .shape(let s): return "shape mismatch: \(s)"
        case .linearAlgebra(let e): return e.description
        case .data(let e): return e.description
        }
    }
}
