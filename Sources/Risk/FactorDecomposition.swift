#if canImport(Glibc)
import Glibc
#endif
import LinearAlgebra
import QuantMath

/// Variance of a linear book under Σ = B F Bᵀ + D and its Euler allocation.
///
/// Positions p hold exposure w_p (fraction of NAV) in name n(p); positions on one name share its specific return, so
/// with W_n = Σ_{p: n(p)=n} w_p and x = Σ_p w_p B_{n(p)} (the book's factor exposures):
/// σ² = xᵀF x + Σ_n W_n² D_n. Euler: factor k contributes x_k (F x)_k, position p contributes w_p (B_{n(p)}·F x) to the
/// factor part and w_p W_{n(p)} D_{n(p)} to the specific part; each list sums to its part, and the parts to σ²
/// (variance is homogeneous of degree 2, so contributions to σ are these ÷ σ and sum to σ).
/// All figures are per week (the model's frequency); ``scaled(_:confidence:horizonDays:)`` turns them into daily
/// volatility, VaR or ES (daily variance = weekly ÷ 5, i.i.d. weeks; zero mean).
public struct FactorDecomposition: Sendable, Equatable {
    public var factorExposures: [Double]
    public var factorVariance: Double
    public var specificVariance: Double
    /// x_k (F x)_k, summing to `factorVariance`.
    public var factorContributions: [Double]
    /// Per position: w_p (B_{n(p)} F x), summing to `factorVariance`.
    public var positionFactorContributions: [Double]
    /// Per position: w_p W_{n(p)} D_{n(p)}, summing to `specificVariance`.
    public var positionSpecificContributions: [Double]

    public var totalVariance: Double { factorVariance + specificVariance }
    public var specificShare: Double { totalVariance > 0 ? specificVariance / totalVariance : 0 }

    /// - Parameters:
    ///   - weights: per position, fraction of NAV.
    ///   - names: per position, the row of `betas` / entry of `specific` it loads on.
    ///   - betas: N × K exposures; `specific`: N weekly specific variances; `factorCovariance`: K × K weekly.
    public static func compute(weights w: [Double], names: [Int], betas b: Matrix, specific d: [Double],
                               factorCovariance f: Matrix) -> FactorDecomposition {
        let k = f.rows, n = b.rows
        var wn = [Double](repeating: 0, count: n)
        for (p, i) in names.enumerated() { wn[i] += w[p] }
        let x = BLAS.multiply(b, transpose: true, wn)
        let fx = BLAS.symmetricMultiply(f, x)
        let fc = (0..<k).map { x[$0] * fx[$0] }
        let bfx = BLAS.multiply(b, fx)
        let pf = names.enumerated().map { p, i in w[p] * bfx[i] }
        let ps = names.enumerated().map { p, i in w[p] * wn[i] * d[i] }
        return FactorDecomposition(factorExposures: x, factorVariance: BLAS.dot(x, fx),
                                   specificVariance: (0..<n).reduce(0) { $0 + wn[$1] * wn[$1] * d[$1] },
                                   factorContributions: fc, positionFactorContributions: pf, positionSpecificContributions: ps)
    }

    /// The multiplier turning weekly variance contributions into contributions to a daily-based measure at horizon h:
    /// volatility (σ_h = √(σ²_week·h/5)), parametric VaR (z_c σ_h) or ES (φ(z_c)/(1 − c)·σ_h), zero mean. Contribution
    /// = multiplier × weekly variance contribution; the contributions sum to the measure.
    public func scale(_ measure: Measure, horizonDays h: Int = 1) -> Double {
        let v = totalVariance
        guard v > 0 else { return 0 }
        let sigmaWeek = v.squareRoot()
        let root = (Double(h) / 5).squareRoot()
        switch measure {
        case .volatility: return root / sigmaWeek
        case .valueAtRisk(let c): return Normal.quantile(c) * root / sigmaWeek
        case .expectedShortfall(let c): return Normal.pdf(Normal.quantile(c)) / (1 - c) * root / sigmaWeek
        }
    }

    /// The measure itself (= scale × total weekly variance).
    public func value(_ measure: Measure, horizonDays h: Int = 1) -> Double { scale(measure, horizonDays: h) * totalVariance }

    public enum Measure: Sendable, Equatable {
        case volatility
        case valueAtRisk(Double)
        case expectedShortfall(Double)
    }
}
