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
        var y = Matrix(rows: fr.weeks.count, cols: ids.count, repeating: .nan)
        for (j, id) in ids.enumerated() {
            guard let r = returns[id] else { continue }
            for (t, w) in fr.weeks.enumerated() { if let v = r[w] { y[t, j] = v } }
        }
        return try fitNames(ids, aligned: y, factors: fr, settings: settings, unfitted: &unfitted)
    }

    /// Fits names on weekly returns aligned to the factor weeks: `aligned` is T × N (column j = `ids[j]`), NaN where
    /// a name has no return that week. Names sharing the same weeks share one QR (`dgels` with many right-hand sides).
    public static func fitNames(_ ids: [String], aligned: Matrix, factors fr: FactorReturns, settings: FactorModelSettings,
                                unfitted: inout [(id: String, reason: String)]) throws(RiskError) -> [NameFit] {
        let k = fr.definitions.count, tt = fr.weeks.count
        guard aligned.rows == tt, aligned.cols == ids.count else {
            throw .shape("\(aligned.rows)×\(aligned.cols) aligned returns for \(tt) weeks and \(ids.count) names")
        }
        // Group names by their mask of weeks (one QR per group).
        // Keyed by the mask packed in 64-bit words (hashing a [Bool] per week would cost more than the fit).
        var groups: [[UInt64]: [Int]] = [:]
        var groupOrder: [[UInt64]] = []
        for (j, id) in ids.enumerated() {
            var mask = [UInt64](repeating: 0, count: (tt + 63) / 64)
            var n = 0
            for t in 0..<tt where !aligned.storage[j * tt + t].isNaN { mask[t >> 6] |= 1 << UInt64(t & 63); n += 1 }
            guard n >= settings.minimumWeeks, n > k + 1 else {
                unfitted.append((id, "\(n) weekly returns in the factor window \(fr.weeks.first!)…\(fr.weeks.last!) (need \(max(settings.minimumWeeks, k + 2)))"))
                continue
            }
            if groups[mask] == nil { groupOrder.append(mask) }
            groups[mask, default: []].append(j)
        }
        var byID: [String: NameFit] = [:]
        for mask in groupOrder {
            let cols = groups[mask]!
            let members = cols.map { ids[$0] }
            let rows = (0..<tt).filter { mask[$0 >> 6] & (1 << UInt64($0 & 63)) != 0 }
            let n = rows.count
            let ridge = n < settings.fullHistoryWeeks
            var x = Matrix(rows: n, cols: k + 1, repeating: 1)
            for c in 0..<k { for (i, t) in rows.enumerated() { x[i, c + 1] = fr.values[t, c] } }
            let y: Matrix
            if n == tt && cols.count == ids.count {
                y = aligned   // every name has every week: the input itself, no copy
            } else {
                var g = [Double](repeating: 0, count: n * cols.count)
                aligned.storage.withUnsafeBufferPointer { src in
                    g.withUnsafeMutableBufferPointer { dst in
                        for (j, c) in cols.enumerated() { for (i, t) in rows.enumerated() { dst[j * n + i] = src[c * tt + t] } }
                    }
                }
                y = Matrix(rows: n, cols: cols.count, columnMajor: g)
            }
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
            // OLS: the residual sum of squares dgels leaves below the coefficients; ridge: explicit residuals on the
            // unaugmented rows (the augmented ones hold the penalty, not a residual).
            let fitted = ridge ? BLAS.product(x, sol.coefficients) : nil
            for (j, id) in members.enumerated() {
                var mean = 0.0
                y.storage.withUnsafeBufferPointer { yp in for i in 0..<n { mean += yp[j * n + i] } }
                mean /= Double(n)
                var tss = 0.0, rss = sol.residualSumOfSquares[j]
                y.storage.withUnsafeBufferPointer { yp in
                    for i in 0..<n { let d = yp[j * n + i] - mean; tss += d * d }
                    if let f = fitted {
                        rss = 0
                        for i in 0..<n { let e = yp[j * n + i] - f.storage[j * n + i]; rss += e * e }
                    }
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
