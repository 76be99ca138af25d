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

/// Renderers for `hedgebook pairs` (table for people, JSON for pipelines; key order fixed).
public enum PairsOutput {
    static func window(_ fd: BookRisk.FactorData) -> String {
        "\(fd.returns.dates.first?.description ?? "")…\(fd.returns.dates.last?.description ?? "")"
    }

    public static func json(_ res: [PairAnalytics.Result], factorData fd: BookRisk.FactorData, session: Session) -> JSONValue {
        let b = session.book, rb = session.resolved
        let window = window(fd)
        return JSONValue.object([
            ("book", .string(b.name)), ("window", .string(window)), ("observations", .number(Double(fd.returns.observationCount))),
            ("pairs", .array(res.map { r in
                .object([
                    ("id", .string(r.id)), ("name", .string(r.name)), ("long", .strings(r.longLegs)), ("short", .strings(r.shortLegs)),
                    ("proxies", .strings(r.proxies)), ("problem", .string(r.problem)),
                    ("longNotionalPctNAV", .number(r.longNotionalPercentNAV)), ("shortNotionalPctNAV", .number(r.shortNotionalPercentNAV)),
                    ("olsBeta", .number(r.olsBeta)), ("volNeutralRatio", .number(r.volNeutralRatio)),
                    ("correlation", .number(r.correlation)),
                    ("spreadVolDaily", .number(r.spreadVolDaily)), ("spreadVolAnnual", .number(r.spreadVolAnnual)),
                    ("rollingCorrelation63d", .object([("mean", .number(r.rollingCorrelation.mean)), ("sd", .number(r.rollingCorrelation.sd)),
                                                       ("min", .number(r.rollingCorrelation.min)), ("max", .number(r.rollingCorrelation.max)),
                                                       ("last", .number(r.rollingCorrelation.last))])),
                    ("cointegrationBeta", .number(r.cointegrationBeta)),
                    ("engleGranger", .object([("statistic", .number(r.engleGrangerStatistic)),
                                              ("critical", .object(PairAnalytics.egCritical.map { ($0.0, .number($0.1)) }))])),
                    ("halfLifeDays", .number(r.halfLifeDays)),
                    ("carryPctNAVPerYear", .number(r.carryPercentNAV)),
                    ("carryDetail", .object(r.carryDetail.map { ($0.0, .number($0.1)) })),
                    ("spreadTarget", .number(r.spreadTarget)),
                    ("targetProbability", .array(r.targetProbabilities.map {
                        .object([("horizonMonths", .number($0.months)), ("touch", .number($0.touch)), ("end", .number($0.end))])
                    })),
                ])
            })),
            ("notes", .strings((fd.windowNote.map { [$0] } ?? []) + rb.notes + fd.notes)),
        ])
    }

    public static func table(_ res: [PairAnalytics.Result], factorData fd: BookRisk.FactorData, session: Session) -> String {
        let rb = session.resolved
        let window = window(fd)
        var t = TextTable(title: "Pairs (\(window), \(fd.returns.observationCount) daily log returns)",
                          headers: ["pair", "β OLS", "vol-neutral", "ρ", "spread vol/yr", "ρ63 mean±sd", "EG t", "half-life d",
                                    "carry %NAV/yr", "target", "P(touch)"])
        for r in res {
            if let p = r.problem {
                t.add([r.id, "-", "-", "-", "-", "-", "-", "-", fmt(r.carryPercentNAV, 3), r.spreadTarget.map { fmt($0 * 100, 0) + "%" } ?? "-", p])
                continue
            }
            let probs = r.targetProbabilities.map { "\(fmt($0.months, 0))m \(fmt($0.touch * 100, 1))%" }.joined(separator: ", ")
            t.add([r.id, fmt(r.olsBeta, 3), fmt(r.volNeutralRatio, 3), fmt(r.correlation, 3), fmt(r.spreadVolAnnual * 100, 1) + "%",
                   "\(fmt(r.rollingCorrelation.mean, 2))±\(fmt(r.rollingCorrelation.sd, 2))", fmt(r.engleGrangerStatistic, 2),
                   r.halfLifeDays.map { fmt($0, 1) } ?? "none", fmt(r.carryPercentNAV, 3),
                   r.spreadTarget.map { fmt($0 * 100, 0) + "%" } ?? "-", probs.isEmpty ? "-" : probs])
        }
        var s = t.render()
        s += "\nEngle–Granger critical values (2 variables, constant): 1% −3.90, 5% −3.34, 10% −3.04 (MacKinnon 2010)\n"
        for r in res where !r.proxies.isEmpty { s += "\(r.id) uses proxies: \(r.proxies.joined(separator: "; "))\n" }
        s += "\nNotes:\n" + ((fd.windowNote.map { [$0] } ?? []) + rb.notes + fd.notes).map { "  - " + $0 }.joined(separator: "\n") + "\n"
        return (fd.windowNote.map { "Note: \($0).\n\n" } ?? "") + s
    }
}
