import Application
import Basics
import Foundation
import Risk

/// Renderers for `hedgebook factors` (table for people, JSON/CSV for pipelines; key order fixed).
///
/// Units: exposures in % of NAV per unit factor return (rates: per +1 percentage point of the 10-year yield);
/// volatility annualised (daily × √252, daily = weekly ÷ √5); VaR and ES positive losses in % of NAV at the workspace's
/// horizon, parametric normal, zero mean; contributions are Euler allocations and sum to the total.
public enum FactorsOutput {
    static func window(_ m: FactorModel) -> String {
        "\(m.factors.weeks.first?.description ?? "")…\(m.factors.weeks.last?.description ?? "")"
    }

    /// The rules, one sentence each, printed with every output.
    public static func rules(_ a: FactorAnalysis) -> [String] {
        let m = a.report.model, s = m.settings
        return [
            "weekly returns (Friday closes: the last close of the seven days ending each Friday), simple, in each listing's currency (no FX history); \(m.factors.weeks.count) weeks \(window(m))",
            "factor covariance: \(s.covarianceDescription)",
            "exposures: OLS with intercept via LAPACK dgels for names with ≥ \(s.fullHistoryWeeks) weekly returns in the window; ridge (penalty κ·n·s²ₖ on βₖ, κ = \(NumberFormat.shortest(s.ridge)), intercept free) for \(s.minimumWeeks)…\(s.fullHistoryWeeks - 1); fewer or stale (> 365 days): the risk command's proxy rule",
            "specific variance: residual sum of squares ÷ (n − K − 1); Σ = B F Bᵀ + D",
            "risk figures use delta exposures (delta-equivalent notional ÷ NAV, linear for options); VaR/ES parametric normal, zero mean, \(a.horizonDays)-day horizon, daily variance = weekly ÷ 5; annualised = daily × √252",
            "rates: the weekly change of the 10-year yield index in percentage points; its exposure is % NAV per +1 pp (+100 bp)",
        ]
    }

    static func pct(_ x: Double) -> Double { x * 100 }

    public static func json(_ a: FactorAnalysis) -> JSONValue {
        let r = a.report, d = r.decomposition, m = r.model
        let vol = d.scale(.volatility, horizonDays: 252)
        func measures(_ contributions: (Double) -> [Double]) -> JSONValue {
            .array(zip(a.confidenceKeys, a.confidences).map { key, c in
                let v = d.scale(.valueAtRisk(c), horizonDays: a.horizonDays), e = d.scale(.expectedShortfall(c), horizonDays: a.horizonDays)
                return .object([("confidence", .string(key)),
                                ("varPctNAV", .numbers(contributions(v).map(pct))), ("esPctNAV", .numbers(contributions(e).map(pct)))])
            })
        }
        func group(_ g: [(key: String, factor: Double, specific: Double)]) -> JSONValue {
            .array(g.map { x in
                .object([("key", .string(x.key)), ("factorVarianceShare", .number(x.factor / d.totalVariance)),
                         ("specificVarianceShare", .number(x.specific / d.totalVariance)),
                         ("volContributionPctNAV", .number(pct((x.factor + x.specific) * vol))),
                         ("var", .array(zip(a.confidenceKeys, a.confidences).map { key, c in
                             .object([("confidence", .string(key)),
                                      ("pctNAV", .number(pct((x.factor + x.specific) * d.scale(.valueAtRisk(c), horizonDays: a.horizonDays))))])
                         }))])
            })
        }
        var out: [(String, JSONValue)] = [
            ("book", .string(a.bookName)),
            ("window", .string(window(m))), ("weeks", .number(Double(m.factors.weeks.count))),
            ("factors", .array(m.factors.definitions.enumerated().map { k, f in
                .object([("name", .string(f.name)), ("ticker", .string(f.ticker)), ("transform", .string(f.transform.rawValue)),
                         ("file", .string(m.factors.files[k])),
                         ("orthogonalTo", .object(m.factors.orthogonalisation[k].map { ($0.factor, .number($0.beta)) })),
                         ("volAnnual", .number((m.covariance[k, k] * 252 / 5).squareRoot())),
                         ("deltaPctNAV", .number(pct(d.factorExposures[k]))), ("premiumPctNAV", .number(pct(r.premiumExposures[k]))),
                         ("varianceShare", .number(d.factorContributions[k] / d.totalVariance)),
                         ("volContributionPctNAV", .number(pct(d.factorContributions[k] * vol)))])
            })),
            ("factorCovarianceWeekly", .array(m.covariance.rowArrays.map { .numbers($0) })),
            ("volatilityAnnualPctNAV", .number(pct(d.value(.volatility, horizonDays: 252)))),
            ("factorVarianceShare", .number(d.factorVariance / d.totalVariance)),
            ("specificVarianceShare", .number(d.specificShare)),
            ("valueAtRisk", .array(zip(a.confidenceKeys, a.confidences).map { key, c in
                .object([("confidence", .string(key)), ("varPctNAV", .number(pct(a.valueAtRisk(c)))), ("esPctNAV", .number(pct(a.expectedShortfall(c))))])
            })),
            ("factorContributions", measures { s in d.factorContributions.map { $0 * s } }),
            ("specificContribution", measures { s in [d.specificVariance * s] }),
            ("positions", .array(r.positions.enumerated().map { p, x in
                let fit = r.names.first { $0.id == x.name }!
                return .object([("id", .string(x.id)), ("name", .string(x.name)), ("layer", .string(x.layer)),
                                ("deltaPctNAV", .number(pct(x.delta))), ("premiumPctNAV", .number(pct(x.premium))),
                                ("specificRiskAnnualPctNAV", .number(pct(abs(x.delta) * (fit.specificVariance * 252 / 5).squareRoot()))),
                                ("factorVarianceShare", .number(d.positionFactorContributions[p] / d.totalVariance)),
                                ("specificVarianceShare", .number(d.positionSpecificContributions[p] / d.totalVariance))])
            })),
            ("names", .array(r.names.map { f in
                .object([("id", .string(f.id)), ("method", .string(f.method.rawValue)), ("weeks", .number(Double(f.weeks))),
                         ("intercept", .number(f.intercept)), ("betas", .object(zip(r.factorNames, f.betas).map { ($0, .number($1)) })),
                         ("specificVarianceWeekly", .number(f.specificVariance)), ("rSquared", f.rSquared.map { .number($0) } ?? .null),
                         ("proxy", f.proxyRule.map { .string($0) } ?? .null), ("proxyPeers", .strings(f.proxyPeers))])
            })),
            ("byPair", group(r.byPair)), ("byLayer", group(r.byLayer)),
        ]
        if let c = a.comparison {
            out.append(("comparison", .object([
                ("window", .string(c.window)), ("dailyLogReturns", .number(Double(c.observations))), ("covariance", .string(c.covarianceMethod)),
                ("sampleVolatilityAnnualPctNAV", .number(pct(c.volatilityDaily * 252.0.squareRoot()))),
                ("dailyVarianceGap", .object([("ownVariances", .number(c.ownVarianceGap)), ("comovement", .number(c.comovementGap))])),
                ("rows", .array(zip(a.confidenceKeys, a.confidences).enumerated().map { i, kc in
                    .object([("confidence", .string(kc.0)), ("factorVaR", .number(pct(a.valueAtRisk(kc.1)))),
                             ("sampleCovarianceVaR", .number(pct(c.parametric[i].valueAtRisk))), ("historicalVaR", .number(pct(c.historical[i].valueAtRisk))),
                             ("factorES", .number(pct(a.expectedShortfall(kc.1)))), ("sampleCovarianceES", .number(pct(c.parametric[i].expectedShortfall))),
                             ("historicalES", .number(pct(c.historical[i].expectedShortfall)))])
                })),
                ("explanation", .strings(explanation(a))),
            ])))
        }
        out.append(("rules", .strings(rules(a))))
        out.append(("notes", .strings(a.notes)))
        return .object(out)
    }

    /// Why the three VaRs differ, from the numbers themselves.
    public static func explanation(_ a: FactorAnalysis) -> [String] {
        guard let c = a.comparison else { return [] }
        let m = a.report.model, d = a.report.decomposition
        let fs = a.volatilityDaily * 252.0.squareRoot(), ss = c.volatilityDaily * 252.0.squareRoot()
        var out = [
            "volatility: factor model \(fmt(pct(fs), 2))% a year vs \(fmt(pct(ss), 2))% from the \(c.covarianceMethod) covariance of \(c.observations) daily log returns (\(c.window)); parametric VaR scales with σ, so the ratio of the two VaRs is \(fmt(fs / ss, 3))",
            "variance gap (daily, sample − factor model, same names and delta exposures) \(fmt(pct(pct(c.ownVarianceGap + c.comovementGap)), 3)) (% NAV)²: own variances \(fmt(pct(pct(c.ownVarianceGap)), 3)), co-movement \(fmt(pct(pct(c.comovementGap)), 3))",
            "window: the factor model uses \(m.factors.weeks.count) weeks (\(window(m))), the risk command one year of days",
            "frequency: weekly returns span the hours Asian markets are closed while the US trades, so cross-market co-movement missed by daily closes (understated correlations) is counted",
            "structure: Σ = B F Bᵀ + D keeps only co-movement through the \(m.factors.definitions.count) factors; specific returns are taken as uncorrelated (specific share of variance \(fmt(pct(d.specificShare), 1))%)",
        ]
        if let i = a.confidences.indices.last, i < c.historical.count {
            out.append("historical vs parametric at \(a.confidenceKeys[i]): \(fmt(pct(c.historical[i].valueAtRisk), 3))% vs \(fmt(pct(c.parametric[i].valueAtRisk), 3))% of NAV; the daily book returns have skewness \(fmt(c.skew, 2)) and excess kurtosis \(fmt(c.excessKurtosis, 2)) (normal: 0, 0)")
        }
        return out
    }

    public static func table(_ a: FactorAnalysis) -> String {
        let r = a.report, d = r.decomposition, m = r.model
        let vol = d.scale(.volatility, horizonDays: 252)
        let top = a.confidences.last ?? 0.99, topKey = a.confidenceKeys.last ?? "0.99"
        let vs = d.scale(.valueAtRisk(top), horizonDays: a.horizonDays), es = d.scale(.expectedShortfall(top), horizonDays: a.horizonDays)
        var s = "Factor model (\(m.factors.definitions.count) factors, \(m.factors.weeks.count) weekly returns \(window(m)))\n"
        s += "Total volatility \(fmt(pct(d.value(.volatility, horizonDays: 252)), 2))% of NAV a year: factor \(fmt(pct(1 - d.specificShare), 1))% of variance, specific \(fmt(pct(d.specificShare), 1))%\n\n"
        var t = TextTable(title: "Book factor exposures and risk contributions (VaR/ES \(topKey), \(a.horizonDays)-day, % NAV)",
                          headers: ["factor", "ticker", "vol/yr", "delta %NAV", "premium %NAV", "% of variance", "vol contrib", "VaR contrib", "ES contrib"])
        for (k, f) in m.factors.definitions.enumerated() {
            let orth = m.factors.orthogonalisation[k].map { "\($0.factor) \(fmt($0.beta, 2))" }.joined(separator: ", ")
            t.add([f.name, f.ticker + (orth.isEmpty ? "" : " ⊥ " + orth), fmt(pct((m.covariance[k, k] * 252 / 5).squareRoot()), 1) + "%",
                   fmt(pct(d.factorExposures[k]), 2), fmt(pct(r.premiumExposures[k]), 2), fmt(pct(d.factorContributions[k] / d.totalVariance), 1),
                   fmt(pct(d.factorContributions[k] * vol), 3), fmt(pct(d.factorContributions[k] * vs), 3), fmt(pct(d.factorContributions[k] * es), 3)])
        }
        t.add(["specific", "", "", "", "", fmt(pct(d.specificShare), 1), fmt(pct(d.specificVariance * vol), 3),
               fmt(pct(d.specificVariance * vs), 3), fmt(pct(d.specificVariance * es), 3)])
        t.add(["total", "", "", "", "", "100.0", fmt(pct(d.totalVariance * vol), 3), fmt(pct(a.valueAtRisk(top)), 3), fmt(pct(a.expectedShortfall(top)), 3)])
        s += t.render() + "\n"

        var v = TextTable(title: "VaR / ES (% NAV, \(a.horizonDays)-day, positive losses)",
                          headers: ["confidence", "factor VaR", "factor ES", "sample-cov VaR", "sample-cov ES", "historical VaR", "historical ES"])
        for (i, (key, c)) in zip(a.confidenceKeys, a.confidences).enumerated() {
            let cmp = a.comparison
            func x(_ m: [VaR.Measure]?, _ es: Bool) -> String {
                guard let m, i < m.count else { return "-" }
                return fmt(pct(es ? m[i].expectedShortfall : m[i].valueAtRisk), 3)
            }
            v.add([key, fmt(pct(a.valueAtRisk(c)), 3), fmt(pct(a.expectedShortfall(c)), 3), x(cmp?.parametric, false), x(cmp?.parametric, true),
                   x(cmp?.historical, false), x(cmp?.historical, true)])
        }
        s += v.render()
        for e in explanation(a) { s += "  - " + e + "\n" }
        s += "\n"

        var p = TextTable(title: "Positions (specific risk = |delta| × specific vol of the name, % NAV a year; shares of book variance)",
                          headers: ["position", "name", "fit", "weeks", "R²", "delta %NAV", "premium %NAV", "specific risk", "factor %", "specific %"])
        for (i, x) in r.positions.enumerated() {
            let f = r.names.first { $0.id == x.name }!
            p.add([x.id, x.name, f.method.rawValue, f.method == .proxy ? "-" : String(f.weeks), f.rSquared.map { fmt($0, 2) } ?? "-",
                   fmt(pct(x.delta), 2), fmt(pct(x.premium), 2), fmt(pct(abs(x.delta) * (f.specificVariance * 252 / 5).squareRoot()), 3),
                   fmt(pct(d.positionFactorContributions[i] / d.totalVariance), 1), fmt(pct(d.positionSpecificContributions[i] / d.totalVariance), 1)])
        }
        s += p.render() + "\n"
        for (title, g) in [("pair", r.byPair), ("layer", r.byLayer)] {
            var gt = TextTable(title: "By \(title) (shares of book variance; contributions in % NAV)",
                               headers: [title, "factor %", "specific %", "total %", "vol contrib", "VaR \(topKey)"])
            for x in g {
                gt.add([x.key, fmt(pct(x.factor / d.totalVariance), 1), fmt(pct(x.specific / d.totalVariance), 1),
                        fmt(pct((x.factor + x.specific) / d.totalVariance), 1), fmt(pct((x.factor + x.specific) * vol), 3),
                        fmt(pct((x.factor + x.specific) * vs), 3)])
            }
            s += gt.render() + "\n"
        }
        var n = TextTable(title: "Name exposures (β per unit factor return; rates per +1 pp)", headers: ["name", "fit"] + r.factorNames + ["spec vol/yr"])
        for f in r.names {
            n.add([f.id, f.method.rawValue] + f.betas.map { fmt($0, 2) } + [fmt(pct((f.specificVariance * 252 / 5).squareRoot()), 1) + "%"])
        }
        s += n.render()
        s += "\nRules:\n" + rules(a).map { "  - " + $0 }.joined(separator: "\n") + "\n"
        if !a.notes.isEmpty { s += "Notes:\n" + a.notes.map { "  - " + $0 }.joined(separator: "\n") + "\n" }
        return s
    }

    /// One row per factor, then `specific` and `total`.
    public static func csv(_ a: FactorAnalysis) -> String {
        let r = a.report, d = r.decomposition, m = r.model
        let vol = d.scale(.volatility, horizonDays: 252)
        var headers = ["factor", "ticker", "deltaPctNAV", "premiumPctNAV", "varianceShare", "volContributionPctNAV"]
        for k in a.confidenceKeys { headers += ["var\(k)PctNAV", "es\(k)PctNAV"] }
        func row(_ name: String, _ ticker: String, _ delta: String, _ prem: String, _ v: Double) -> [String] {
            var out = [name, ticker, delta, prem, CSV.number(v / d.totalVariance), CSV.number(pct(v * vol))]
            for c in a.confidences {
                out += [CSV.number(pct(v * d.scale(.valueAtRisk(c), horizonDays: a.horizonDays))),
                        CSV.number(pct(v * d.scale(.expectedShortfall(c), horizonDays: a.horizonDays)))]
            }
            return out
        }
        var rows = m.factors.definitions.enumerated().map { k, f in
            row(f.name, f.ticker, CSV.number(pct(d.factorExposures[k])), CSV.number(pct(r.premiumExposures[k])), d.factorContributions[k])
        }
        rows.append(row("specific", "", "", "", d.specificVariance))
        rows.append(row("total", "", "", "", d.totalVariance))
        return CSV.render(headers: headers, rows: rows)
    }
}
