import Application
import Backtest
import Basics
import FileFormats
import Foundation
import Instruments
import LinearAlgebra
import MarketData
import Portfolio
import Pricing
import Risk
import Scenarios
import Stress

/// Renderers for risk reports. The first keys are fixed by issue 5: assets, observations, covariance, correlation,
/// portfolio {volatilityDaily, volatilityAnnualized, var, es}; everything else follows under `meta` and extra keys.
public enum RiskOutput {
    public static func methodObject(_ rep: PortfolioRiskReport, keys: [String], _ f: (VaR.Measure) -> Double) -> JSONValue {
        .object(rep.measures.map { m in (m.method, .object(zip(keys, m.values).map { ($0, .number(f($1))) })) })
    }

    public static func json(_ rep: PortfolioRiskReport, keys: [String], returns r: ReturnPanel, opts: RiskOptions, notes: [String],
                     extra: [(String, JSONValue)]) -> JSONValue {
        var meta: [(String, JSONValue)] = [
            ("estimator", .string(rep.estimate.method.name)),
            ("firstReturnDate", .string(r.dates.first?.description)), ("lastReturnDate", .string(r.dates.last?.description)),
            ("returns", .string(r.kind.rawValue)), ("horizonDays", .number(Double(opts.horizonDays))),
            ("weights", .numbers(rep.weights)),
            ("mean", .numbers(rep.estimate.mean)),
            ("zeroMean", .bool(opts.zeroMean)),
            ("historicalDefinition", .string(opts.historicalDefinition.rawValue)),
            ("monteCarlo", .object([("paths", .number(Double(opts.paths))), ("seed", .number(Double(opts.seed)))])),
            ("cornishFisherMoments", .object([("mean", .number(rep.moments.mean)), ("sd", .number(rep.moments.sd)),
                                              ("skewness", .number(rep.moments.skew)), ("excessKurtosis", .number(rep.moments.exKurt))])),
        ]
        if case .ewma(let l, let n) = rep.estimate.method {
            meta.append(("ewma", .object([("lambda", .number(l)), ("normalizedWeights", .bool(n))])))
        }
        if let s = rep.estimate.shrinkage { meta.append(("ledoitWolfShrinkage", .number(s))) }
        meta.append(("marginalVaR", .object(zip(keys, rep.euler).map { ($0, .numbers($1.marginalVaR)) })))
        meta.append(("componentVaR", .object(zip(keys, rep.euler).map { ($0, .numbers($1.componentVaR)) })))
        meta.append(("conventions", .object([
            ("losses", "VaR and ES are positive losses, fractions of NAV"),
            ("parametric", "VaR = sigma*sqrt(h)*z_c - mu*h; ES = sigma*sqrt(h)*phi(z_c)/(1-c) - mu*h"),
            ("historical", "numpy 'linear' quantile (or k-th worst, k = ceil(n(1-c))); overlapping h-day sums"),
            ("cornishFisher", "mean, sd (n-1), moment skewness/excess kurtosis (scipy defaults); S/sqrt(h), K/h"),
            ("monteCarlo", "normal draws through the Cholesky factor of the chosen covariance; numpy-linear quantile of simulated P&L"),
            ("annualization", "volatilityAnnualized = volatilityDaily * sqrt(252)"),
            ("componentVaR", "parametric Euler allocation w_i * dVaR/dw_i, sums to the parametric VaR"),
        ])))
        meta.append(("notes", .strings(notes)))
        return .object([
            ("assets", .strings(rep.assets)),
            ("observations", .number(Double(rep.observations))),
            ("covariance", .array(rep.estimate.covariance.rowArrays.map { .numbers($0) })),
            ("correlation", .array(rep.estimate.correlation.rowArrays.map { .numbers($0) })),
            ("portfolio", .object([
                ("volatilityDaily", .number(rep.volatilityDaily)),
                ("volatilityAnnualized", .number(rep.volatilityAnnualized)),
                ("var", methodObject(rep, keys: keys) { $0.valueAtRisk }),
                ("es", methodObject(rep, keys: keys) { $0.expectedShortfall }),
            ])),
        ] + extra + [("meta", .object(meta))])
    }

    public static func table(_ rep: PortfolioRiskReport, keys: [String], returns r: ReturnPanel, opts: RiskOptions, notes: [String],
                      nav: Double?, extra: String) -> String {
        var s = "Risk: \(rep.assets.count) assets, \(rep.observations) \(r.kind.rawValue) returns \(r.dates.first?.description ?? "")…\(r.dates.last?.description ?? ""), covariance \(rep.estimate.method.name)"
        if let sh = rep.estimate.shrinkage { s += " (shrinkage \(fmt(sh, 4)))" }
        s += ", horizon \(opts.horizonDays) day(s)\n"
        s += "Volatility: daily \(fmt(rep.volatilityDaily * 100, 3))%, annualised (×√252) \(fmt(rep.volatilityAnnualized * 100, 2))%\n\n"
        var headers = ["method"]
        for k in keys { headers += ["VaR \(k)", "ES \(k)"] }
        var t = TextTable(title: "VaR / ES (positive losses, % of NAV)", headers: headers)
        for m in rep.measures {
            var row = [m.method]
            for v in m.values { row += [fmt(v.valueAtRisk * 100, 3), fmt(v.expectedShortfall * 100, 3)] }
            t.add(row)
        }
        s += t.render()
        if let nav {
            var tb = TextTable(title: "\nVaR / ES in base currency (NAV \(fmtMoney(nav)))", headers: headers)
            for m in rep.measures {
                var row = [m.method]
                for v in m.values { row += [fmtMoney(v.valueAtRisk * nav), fmtMoney(v.expectedShortfall * nav)] }
                tb.add(row)
            }
            s += tb.render()
        } else if let e = rep.euler.last {
            var c = TextTable(title: "\nEuler allocation at \(keys.last!) (parametric)", headers: ["asset", "weight", "marginal VaR", "component VaR %"])
            for (i, a) in rep.assets.enumerated() {
                c.add([a, fmt(rep.weights[i], 4), fmt(e.marginalVaR[i], 5), fmt(e.componentVaR[i] * 100, 3)])
            }
            s += c.render()
        }
        s += extra
        if !notes.isEmpty { s += "\nNotes:\n" + notes.map { "  - " + $0 }.joined(separator: "\n") + "\n" }
        return s
    }

    /// The linear report with the Monte Carlo measures appended as a fourth method.
    static func withMonteCarlo(_ rep: BookRisk.Report) -> PortfolioRiskReport {
        var lin = rep.linear
        if !rep.monteCarlo.isEmpty { lin.measures.append((method: "monteCarlo", values: rep.monteCarlo)) }
        return lin
    }

    /// Notes of a book-mode risk run: the session's assumptions, the factor histories, the option treatment.
    public static func bookNotes(_ rep: BookRisk.Report, session: Session) -> [String] {
        (rep.factorData.windowNote.map { [$0] } ?? []) + session.resolved.notes + rep.factorData.notes
            + ["parametric, historical and Cornish–Fisher use delta-equivalent option exposures; Monte Carlo revalues options in full (Black-Scholes-Merton for European legs, \(session.resolved.policy.scenarioModelName(.american)) for American ones) at S·exp(x) with time reduced by h/252 years"]
            + (rep.monteCarloUsedEigenFactor ? ["factor covariance is singular (proxies are averages of other factors): Monte Carlo used the eigenvalue factor"] : [])
    }

    /// Book-mode JSON: the weights-mode keys, then book, varBase, esBase, positions, histories, componentVaR.
    public static func bookJSON(_ rep: BookRisk.Report, session: Session, keys: [String], opts: RiskOptions) -> JSONValue {
        let (b, nav, lin, notes) = (session.book, session.resolved.nav, withMonteCarlo(rep), bookNotes(rep, session: session))
        var extra: [(String, JSONValue)] = []
        extra.append(("book", .object([
            ("name", .string(b.name)), ("nav", .number(nav)), ("baseCurrency", .string(b.baseCurrency.code)),
            ("valuationDate", .string(b.valuationDate.description)),
        ])))
        extra.append(("varBase", .object(lin.measures.map { mm in
            (mm.method, .object(zip(keys, mm.values).map { ($0, .number($1.valueAtRisk * nav)) }))
        })))
        extra.append(("esBase", .object(lin.measures.map { mm in
            (mm.method, .object(zip(keys, mm.values).map { ($0, .number($1.expectedShortfall * nav)) }))
        })))
        extra.append(("positions", .array(rep.legs.map { l in
            .object([("id", .string(l.id)), ("factor", .string(rep.factorData.factors[l.factor])),
                     ("exposure", .number(l.exposure)), ("option", .bool(l.option != nil))])
        })))
        extra.append(("histories", .array(rep.factorData.histories.map { h in
            .object([("factor", .string(h.factor)), ("file", .string(h.file)), ("proxy", .string(h.proxy)),
                     ("proxyPeers", .strings(h.proxyPeers)), ("reason", .string(h.reason))])
        })))
        extra.append(("componentVaR", .object(zip(keys, rep.components).map { k, c in
            (k, .object([
                ("method", "parametric Euler allocation (delta exposures); components sum to the parametric VaR"),
                ("total", .number(c.total)),
                ("position", .object(c.byPosition.map { ($0.0, .number($0.1)) })),
                ("pair", .object(c.byPair.map { ($0.0, .number($0.1)) })),
                ("layer", .object(c.byLayer.map { ($0.0, .number($0.1)) })),
                ("country", .object(c.byCountry.map { ($0.0, .number($0.1)) })),
            ]))
        })))
        return json(lin, keys: keys, returns: rep.factorData.returns, opts: opts, notes: notes, extra: extra)
    }

    /// Book-mode table: the weights-mode table plus component VaR and the factor histories.
    public static func bookTable(_ rep: BookRisk.Report, session: Session, keys: [String], opts: RiskOptions) -> String {
        let (b, nav, lin, notes) = (session.book, session.resolved.nav, withMonteCarlo(rep), bookNotes(rep, session: session))
        var s = ""
        for (k, c) in zip(keys, rep.components) where k == keys.last {
            for (title, rows) in [("position", c.byPosition), ("pair", c.byPair), ("layer", c.byLayer), ("country", c.byCountry)] {
                var t = TextTable(title: "Component VaR by \(title) at \(k) (parametric Euler, % of NAV; sums to \(fmt(c.total * 100, 3))%)",
                                  headers: [title, "component %NAV", "component \(b.baseCurrency.code)"])
                for (name, v) in rows { t.add([name, fmt(v * 100, 3), fmtMoney(v * nav)]) }
                s += "\n" + t.render()
            }
        }
        var h = TextTable(title: "Factor histories", headers: ["factor", "source", "proxy"], alignments: [.left, .left, .left])
        for x in rep.factorData.histories { h.add([x.factor, x.file ?? "-", x.proxy.map { "\($0): \(x.proxyPeers.joined(separator: "+"))" } ?? ""]) }
        s += "\n" + h.render()
        return (rep.factorData.windowNote.map { "Note: \($0).\n\n" } ?? "")
            + table(lin, keys: keys, returns: rep.factorData.returns, opts: opts, notes: notes, nav: nav, extra: s)
    }
}
