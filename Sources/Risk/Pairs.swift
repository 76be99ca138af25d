#if canImport(Glibc)
import Glibc
#endif
import Basics
import Instruments
import LinearAlgebra
import MarketData
import Portfolio
import QuantMath

/// Pair analytics for the book's pair trades.
///
/// Legs: each side's daily log return is the |delta-exposure|-weighted average of its positions' factor returns
/// (an option leg loads on its underlying; a long put is a short-delta leg). Leg "prices" are cumulated log returns.
/// - Hedge ratios: OLS β of long-leg on short-leg daily returns (r_L = α + β r_S), and volatility-neutral σ_L/σ_S.
/// - Correlation and spread volatility from the covariance: σ²(r_L − r_S) = σ_L² + σ_S² − 2ρσ_Lσ_S (daily; ×√252 annual).
/// - Rolling correlation: 63-day windows; mean, standard deviation, min, max and last.
/// - Engle–Granger: OLS of log-price p_L on p_S with a constant, then the Dickey–Fuller regression Δu_t = γu_{t−1} + e
///   (no constant, no lags) on the residual; the statistic is t(γ). 2-variable, constant, asymptotic critical values
///   (MacKinnon 2010): 1% −3.90, 5% −3.34, 10% −3.04. Half-life of the residual spread = −ln 2 / ln(1 + γ) days (γ < 0).
/// - Carry per year, % of NAV: long-leg dividends − short-leg dividends − borrow on short stock legs − financing on the
///   long leg − option time decay. An option leg's decay is its whole time value (price − intrinsic) spread evenly to
///   expiry, i.e. time value ÷ years to expiry: the instantaneous theta × 1 year would overstate it (an OTM put's
///   theta annualised exceeds its premium), and an option cannot decay by more than its time value. Dividend yields
///   from the pair, else the snapshot.
/// - Probability of reaching the spread target b (relative out-performance, ln(1 + b) in log terms) within the horizon T
///   under a drifted Brownian log spread X_t with drift μ = (carry accrued over T, option decay only until expiry) / T /
///   long-leg notional and volatility σ = annual
///   spread volatility: P(max_{t≤T} X_t ≥ ln(1+b)) = Φ((−a + μT)/(σ√T)) + e^{2μa/σ²}·Φ((−a − μT)/(σ√T)), a = ln(1+b).
public enum PairAnalytics {
    public static let rollingWindow = 63
    public static let egCritical: [(String, Double)] = [("1%", -3.90), ("5%", -3.34), ("10%", -3.04)]

    public struct Result: Sendable {
        public var id: String
        public var name: String
        public var longLegs: [String]
        public var shortLegs: [String]
        /// Factors behind each side, and any proxies they rely on.
        public var proxies: [String]
        /// Nil when the analytics are degenerate (reason in `problem`).
        public var problem: String?
        public var observations: Int
        public var olsBeta: Double
        public var volNeutralRatio: Double
        public var correlation: Double
        public var spreadVolDaily: Double
        public var spreadVolAnnual: Double
        public var rollingCorrelation: (mean: Double, sd: Double, min: Double, max: Double, last: Double)
        public var cointegrationBeta: Double
        public var engleGrangerStatistic: Double
        public var halfLifeDays: Double?
        public var carryPercentNAV: Double
        public var carryDetail: [(String, Double)]
        public var longNotionalPercentNAV: Double
        public var shortNotionalPercentNAV: Double
        public var spreadTarget: Double?
        /// (horizon months, probability of touching the target, probability of ending above it).
        public var targetProbabilities: [(months: Double, touch: Double, end: Double)]
    }

    static func legReturns(_ ids: [String], legs: [RiskLeg], returns: Matrix) -> [Double] {
        let t = returns.rows
        var out = [Double](repeating: 0, count: t)
        let chosen = legs.filter { ids.contains($0.id) }
        let total = chosen.reduce(0) { $0 + abs($1.exposure) }
        guard total > 0 else { return out }
        for l in chosen {
            let c = returns.column(l.factor)
            let w = abs(l.exposure) / total
            for i in 0..<t { out[i] += w * c[i] }
        }
        return out
    }

    public static func firstPassage(barrier a: Double, drift mu: Double, vol s: Double, years t: Double) -> Double {
        guard s > 0, t > 0 else { return mu * t >= a ? 1 : 0 }
        let st = s * t.squareRoot()
        let e = exp(2 * mu * a / (s * s))
        let p = Normal.cdf((-a + mu * t) / st) + (e.isFinite ? e * Normal.cdf((-a - mu * t) / st) : 0)
        return min(max(p, 0), 1)
    }

    public static func compute(book rb: ResolvedBook, factorData fd: BookRisk.FactorData, legs: [RiskLeg]) -> [Result] {
        let r = fd.returns.values
        let t = r.rows
        var results: [Result] = []
        for pair in rb.book.pairs {
            let longIDs = pair.longLegs.map(\.position)
            let shortIDs = pair.shortLegs.map(\.position)
            let all = longIDs + shortIDs
            var proxies: [String] = []
            for id in all {
                guard let l = legs.first(where: { $0.id == id }) else { continue }
                let h = fd.histories[l.factor]
                if let p = h.proxy { proxies.append("\(h.factor): \(p) (\(h.proxyPeers.joined(separator: ", ")))") }
            }
            let rl = legReturns(longIDs, legs: legs, returns: r)
            let rs = legReturns(shortIDs, legs: legs, returns: r)
            let vl = Statistics.variance(rl), vs = Statistics.variance(rs)
            var cov = 0.0
            let ml = Statistics.mean(rl), ms = Statistics.mean(rs)
            for i in 0..<t { cov += (rl[i] - ml) * (rs[i] - ms) }
            cov /= Double(t - 1)
            let spreadVar = vl + vs - 2 * cov
            // Notionals and carry.
            var longN = 0.0, shortN = 0.0
            var carry: [(String, Double)] = []
            // Option time decay stops at expiry: (rate % NAV per year, years to expiry) for the horizon drift below.
            var decays: [(rate: Double, years: Double)] = []
            for p in rb.positions where all.contains(p.position.id) {
                let isLong = longIDs.contains(p.position.id)
                let e = p.deltaNotional / rb.nav
                if isLong { longN += abs(e) } else { shortN += abs(e) }
                if let o = p.option {
                    let intrinsic = max(o.right == .call ? p.spot - o.strike : o.strike - p.spot, 0)
                    let timeValue = max((p.todayUnitPrice ?? o.price(spot: p.spot)) - intrinsic, 0)
                    let decay = o.timeToExpiry > 0 ? -timeValue / o.timeToExpiry * p.quantity * o.multiplier * p.fx / rb.nav : 0
                    carry.append(("\(p.position.id) option time decay", decay * 100))
                    decays.append((decay * 100, max(o.timeToExpiry, 0)))
                } else {
                    let q = pair.dividendYields[p.position.id] ?? rb.market.quote(p.position.marketKey)?.dividendYield ?? 0
                    let mv = p.marketValue / rb.nav
                    carry.append(("\(p.position.id) dividends", q * mv * 100))  // short stock pays dividends (mv < 0)
                    if mv < 0 {
                        let b = pair.borrowCost ?? rb.market.quote(p.position.marketKey)?.borrowRate ?? 0
                        carry.append(("\(p.position.id) borrow", -b * abs(mv) * 100))
                    } else if let f = pair.financingCost {
                        carry.append(("\(p.position.id) financing", -f * mv * 100))
                    }
                }
            }
            let carryPct = carry.reduce(0) { $0 + $1.1 }
            var res = Result(id: pair.id, name: pair.name, longLegs: longIDs, shortLegs: shortIDs, proxies: proxies, problem: nil,
                             observations: t, olsBeta: .nan, volNeutralRatio: .nan, correlation: .nan, spreadVolDaily: .nan,
                             spreadVolAnnual: .nan, rollingCorrelation: (.nan, .nan, .nan, .nan, .nan), cointegrationBeta: .nan,
                             engleGrangerStatistic: .nan, halfLifeDays: nil, carryPercentNAV: carryPct, carryDetail: carry,
                             longNotionalPercentNAV: longN * 100, shortNotionalPercentNAV: shortN * 100,
                             spreadTarget: pair.spreadTarget, targetProbabilities: [])
            guard t >= rollingWindow + 2 else {
                res.problem = "only \(t) returns; need at least \(rollingWindow + 2)"
                results.append(res); continue
            }
            guard vl > 0, vs > 0, spreadVar > 1e-12 * (vl + vs) else {
                res.problem = "degenerate: the legs have the same return series (a leg is proxied by the other leg's factor)"
                results.append(res); continue
            }
            res.olsBeta = cov / vs
            res.volNeutralRatio = (vl / vs).squareRoot()
            res.correlation = cov / (vl * vs).squareRoot()
            res.spreadVolDaily = spreadVar.squareRoot()
            res.spreadVolAnnual = res.spreadVolDaily * 252.0.squareRoot()
            var roll: [Double] = []
            for e in rollingWindow...t {
                roll.append(Statistics.correlation(Array(rl[(e - rollingWindow)..<e]), Array(rs[(e - rollingWindow)..<e])))
            }
            let rsd = Statistics.standardDeviation(roll)
            res.rollingCorrelation = (Statistics.mean(roll), rsd, roll.min()!, roll.max()!, roll.last!)
            // Engle–Granger on cumulated log prices.
            var pl = [Double](repeating: 0, count: t + 1), ps = pl
            for i in 0..<t { pl[i + 1] = pl[i] + rl[i]; ps[i + 1] = ps[i] + rs[i] }
            let fit = Statistics.ols(y: pl, x: ps)
            res.cointegrationBeta = fit.beta
            let u = fit.residuals
            var sxx = 0.0, sxy = 0.0
            for i in 1..<u.count { sxx += u[i - 1] * u[i - 1]; sxy += u[i - 1] * (u[i] - u[i - 1]) }
            if sxx > 0 {
                let gamma = sxy / sxx
                var sse = 0.0
                for i in 1..<u.count { let e = (u[i] - u[i - 1]) - gamma * u[i - 1]; sse += e * e }
                let se = (sse / Double(u.count - 2) / sxx).squareRoot()
                res.engleGrangerStatistic = gamma / se
                if gamma < 0, gamma > -1 { res.halfLifeDays = -log(2) / log(1 + gamma) }
            }
            if let b = pair.spreadTarget, b > -1 {
                let a = log(1 + b)
                let months = pair.horizonMonths.isEmpty ? [12] : pair.horizonMonths
                let linearCarry = carryPct - decays.reduce(0) { $0 + $1.rate }
                res.targetProbabilities = months.map { m in
                    let yrs = m / 12
                    // Average drift over the horizon: option decay accrues only until the option's expiry.
                    let carryOverHorizon = linearCarry * yrs + decays.reduce(0) { $0 + $1.rate * min(yrs, $1.years) }
                    let mu = longN > 0 ? (carryOverHorizon / 100 / yrs) / longN : 0
                    let touch = firstPassage(barrier: a, drift: mu, vol: res.spreadVolAnnual, years: yrs)
                    let end = Normal.cdf((mu * yrs - a) / (res.spreadVolAnnual * yrs.squareRoot()))
                    return (m, touch, end)
                }
            }
            results.append(res)
        }
        return results
    }
}
