import Basics
import LinearAlgebra
import MarketData

/// One name's time-series regression r_t = α + Σₖ βₖ f_{k,t} + ε_t on the weekly factor returns.
public struct NameFit: Sendable, Equatable {
    public enum Method: String, Sendable, Equatable {
        /// Ordinary least squares (≥ `fullHistoryWeeks` weeks).
        case ols
        /// Ridge on standardised factors (`minimumWeeks` ≤ weeks < `fullHistoryWeeks`).
        case ridge
        /// No usable history: the book's proxy rule (average of peers' exposures and specific variances).
        case proxy
    }
    public var id: String
    public var method: Method
    /// Weekly returns used (0 for a proxy).
    public var weeks: Int
    public var intercept: Double
    /// Exposures βₖ, in the order of the factors.
    public var betas: [Double]
    /// Specific (residual) variance per week: Σ ε² / (n − K − 1).
    public var specificVariance: Double
    /// 1 − Σ ε² / Σ (r − r̄)² (nil for a proxy).
    public var rSquared: Double?
    /// For proxies: the rule applied and the peers averaged; for others, nil and empty.
    public var proxyRule: String?
    public var proxyPeers: [String] = []
}

/// A fitted time-series factor model: weekly factor returns, their covariance F, and per name exposures B and specific
/// variances D, so that the weekly covariance of the names is Σ = B F Bᵀ + D (positive definite when F is and every
/// D_i > 0; D_i is floored at 1e-12 per week, stated).
public struct FactorModel: Sendable {
    public var factors: FactorReturns
    public var settings: FactorModelSettings
    /// K × K weekly factor covariance.
    public var covariance: Matrix
    public var fits: [NameFit]
    /// Names that could not be fitted, with the reason (to be proxied by the caller).
    public var unfitted: [(id: String, reason: String)]

    public static let specificFloor = 1e-12

    public init(factors: FactorReturns, settings: FactorModelSettings, covariance: Matrix, fits: [NameFit],
                unfitted: [(id: String, reason: String)] = []) {
        self.factors = factors; self.settings = settings; self.covariance = covariance; self.fits = fits; self.unfitted = unfitted
    }

    public func fit(_ id: String) -> NameFit? { fits.first { $0.id == id } }

    /// Fits every name with a usable history in the factor window. Names are grouped by the weeks they have so that
    /// one QR (`dgels`) serves every name of a group.
    /// - Parameters:
    ///   - staleAfterDays: a history ending more than this many days before `asOf` is not used (the risk command's rule).
    public static func fit(_ defs: [FactorDefinition], settings: FactorModelSettings, history: any PriceHistorySource,
                           names: [String], asOf: LocalDate, staleAfterDays: Int = 365) throws(RiskError) -> FactorModel {
        let fr = try FactorReturns.build(defs, history: history, asOf: asOf, windowWeeks: settings.windowWeeks)
        let f = try covariance(fr.values, settings.covariance)
        var returns: [String: [LocalDate: Double]] = [:]
        var unfitted: [(id: String, reason: String)] = []
        var order: [String] = []
        for id in names where !order.contains(id) {
            order.append(id)
            let s: PriceSeries?
            do { s = try history.series(id, field: .adjustedClose) } catch { throw .data(error) }
            guard let s, let last = s.dates.last else { unfitted.append((id, "no price history in \(history.summary)")); continue }
            if last.days(to: asOf) > staleAfterDays {
                unfitted.append((id, "history ends \(last), more than \(staleAfterDays) days before \(asOf)")); continue
            }
            returns[id] = WeeklyReturns.returns(s)
        }
        let fits = try fitNames(order.filter { returns[$0] != nil }, returns: returns, factors: fr, settings: settings,
                                unfitted: &unfitted)
        return FactorModel(factors: fr, settings: settings, covariance: f, fits: fits, unfitted: unfitted)
    }

    /// The factor covariance by the settings' estimator.
    static func covariance(_ r: Matrix, _ c: FactorModelSettings.Covariance) throws(RiskError) -> Matrix {
        switch c {
        case .sample: return try Estimators.sampleCovariance(r)
        case .ewma(let l): return try Estimators.ewmaCovariance(r, lambda: l, normalizedWeights: true)
        }
    }

    /// Fits names on given weekly returns (keyed by week end); names with too few weeks are added to `unfitted`.
    public static func fitNames(_ ids: [String], returns: [String: [LocalDate: Double]], factors fr: FactorReturns,
                                settings: FactorModelSettings, unfitted: inout [(id: String, reason: String)]) throws(RiskError) -> [NameFit] {
        let k = fr.definitions.count
        // Group names by their mask of weeks (one QR per group).
        var groups: [[Bool]: [String]] = [:]
        var groupOrder: [[Bool]] = []
        for id in ids {
            let r = returns[id] ?? [:]
            let mask = fr.weeks.map { r[$0] != nil }
            let n = mask.filter { $0 }.count
            guard n >= settings.minimumWeeks, n > k + 1 else {
                unfitted.append((id, "\(n) weekly returns in the factor window \(fr.weeks.first!)…\(fr.weeks.last!) (need \(max(settings.minimumWeeks, k + 2)))"))
                continue
            }
            if groups[mask] == nil { groupOrder.append(mask) }
            groups[mask, default: []].append(id)
        }
        var byID: [String: NameFit] = [:]
        for mask in groupOrder {
            let members = groups[mask]!
            let rows = mask.indices.filter { mask[$0] }
            let n = rows.count
            let ridge = n < settings.fullHistoryWeeks
            var x = Matrix(rows: n, cols: k + 1, repeating: 1)
            for c in 0..<k { for (i, t) in rows.enumerated() { x[i, c + 1] = fr.values[t, c] } }
            var y = Matrix(rows: n, cols: members.count)
            for (j, id) in members.enumerated() { for (i, t) in rows.enumerated() { y[i, j] = returns[id]![fr.weeks[t]]! } }
            var design = x, target = y
            if ridge {
                // Augmented rows √(κ n s²ₖ) eₖ with target 0: the least-squares solution is the ridge estimate.
                design = Matrix(rows: n + k, cols: k + 1)
                target = Matrix(rows: n + k, cols: members.count)
                for c in 0...k { for i in 0..<n { design[i, c] = x[i, c] } }
                for j in 0..<members.count { for i in 0..<n { target[i, j] = y[i, j] } }
                for c in 0..<k {
                    let col = (0..<n).map { x[$0, c + 1] }
                    let m = col.reduce(0, +) / Double(n)
                    let s2 = col.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n)
                    design[n + c, c + 1] = (settings.ridge * Double(n) * s2).squareRoot()
                }
            }
            let sol: LeastSquaresSolution
            do { sol = try LAPACK.leastSquares(design, target) } catch { throw .linearAlgebra(error) }
            let fitted = BLAS.product(x, sol.coefficients)
            for (j, id) in members.enumerated() {
                var rss = 0.0, mean = 0.0
                for i in 0..<n { mean += y[i, j] }
                mean /= Double(n)
                var tss = 0.0
                for i in 0..<n {
                    let e = y[i, j] - fitted[i, j]
                    rss += e * e
                    tss += (y[i, j] - mean) * (y[i, j] - mean)
                }
                let coef = sol.coefficients.column(j)
                byID[id] = NameFit(id: id, method: ridge ? .ridge : .ols, weeks: n, intercept: coef[0], betas: Array(coef[1...]),
                                   specificVariance: max(rss / Double(n - k - 1), specificFloor),
                                   rSquared: tss > 0 ? 1 - rss / tss : nil)
            }
        }
        return ids.compactMap { byID[$0] }
    }

    /// The weekly covariance of the given fits' names, Σ = B F Bᵀ + D (BLAS gemm).
    public func nameCovariance(_ fits: [NameFit]) -> Matrix {
        let n = fits.count, k = factors.definitions.count
        var b = Matrix(rows: n, cols: k)
        for (i, f) in fits.enumerated() { for c in 0..<k { b[i, c] = f.betas[c] } }
        var s = BLAS.product(BLAS.product(b, covariance), b, transposeB: true)
        for (i, f) in fits.enumerated() { s[i, i] += f.specificVariance }
        return s
    }
}
