import LinearAlgebra

/// What `propagation: factor` needs from a fitted factor model: the factors, their (weekly) covariance F and each
/// instrument's exposures β (Risk's `FactorModel`, turned into this plain value by the application layer).
///
/// Given factor moves f_s on the shocked factors, the others move by their conditional mean f_u = F_us F_ss⁻¹ f_s
/// (Cholesky, LAPACK dpotrf/dpotrs; the scale of F cancels), and an instrument x by r_x = Σₖ β_xk fₖ (intercepts are
/// not moves and are left out).
public struct FactorPropagation: Sendable {
    public var factors: [String]
    public var covariance: Matrix
    public var exposures: [String: [Double]]
    /// Where it came from (printed in reports).
    public var source: String

    public init(factors: [String], covariance: Matrix, exposures: [String: [Double]], source: String) {
        self.factors = factors; self.covariance = covariance; self.exposures = exposures; self.source = source
    }

    /// Every factor's move given the shocked ones (shocked factors keep their values).
    public func factorMoves(shocked: [String: Double]) throws(LinearAlgebraError) -> [Double] {
        let s = factors.indices.filter { shocked[factors[$0]] != nil }
        let u = factors.indices.filter { shocked[factors[$0]] == nil }
        var out = factors.map { shocked[$0] ?? 0 }
        guard !s.isEmpty, !u.isEmpty else { return out }
        var fss = Matrix(rows: s.count, cols: s.count)
        for (a, i) in s.enumerated() { for (b, j) in s.enumerated() { fss[a, b] = covariance[i, j] } }
        let w = try Cholesky(fss).solve(s.map { out[$0] })
        for i in u { out[i] = zip(s, w).reduce(0) { $0 + covariance[i, $1.0] * $1.1 } }
        return out
    }

    /// r_x = Σₖ β_xk fₖ, or nil for an instrument without exposures.
    public func move(_ id: String, factorMoves f: [Double]) -> Double? {
        exposures[id].map { b in zip(b, f).reduce(0) { $0 + $1.0 * $1.1 } }
    }
}
