import ArgumentParser
import Basics
import FileFormats
import Foundation
import MarketData
import Portfolio
import Reports
import Risk

struct PairsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pairs",
        abstract: "Pair analytics: hedge ratios, correlation, spread vol, rolling stability, half-life, Engle–Granger, carry, target probability.",
        discussion: """
        Histories, window and proxies follow `hedgebook risk BOOK` (daily log returns, intersection of calendars, one \
        year to the earliest last date unless --from/--to). Carry is % of NAV per year (dividends, borrow, financing, \
        option time decay = time value ÷ years to expiry). Target probability: drifted Brownian log spread (drift = carry / long notional, vol = annual \
        spread vol), probability of touching ln(1 + target) within the horizon (reflection formula) and of ending above it.
        """)

    @Argument(help: "Book YAML file.") var book: String
    @Option(name: .long, help: "Market snapshot YAML.") var market: String
    @Option(name: .long, help: "Wide CSV panel or a data root (like ../shared/data).") var prices: String
    @Option(name: .long, help: "First price date (YYYY-MM-DD).") var from: String?
    @Option(name: .long, help: "Last price date (YYYY-MM-DD).") var to: String?
    @Option(name: .long, help: "table | json") var format: OutputFormat = .table
    @OptionGroup var global: GlobalOptions

    func date(_ s: String?, _ n: String) throws -> LocalDate? {
        guard let s else { return nil }
        guard let d = LocalDate(iso: s) else { throw ValidationError("\(n): '\(s)' is not a date YYYY-MM-DD") }
        return d
    }

    func run() throws {
        try runReportingErrors(quiet: global.quiet) {
            let b = try BookFile.load(path: book)
            let m = try MarketFile.load(path: market)
            let rb = try ResolvedBook(book: b, market: m)
            let fd = try BookRisk.factorData(.init(book: rb, prices: prices, from: try date(from, "--from"), to: try date(to, "--to")))
            let legs = BookRisk.legs(rb, factors: fd.factors)
            let res = PairAnalytics.compute(book: rb, factorData: fd, legs: legs)
            let window = "\(fd.returns.dates.first?.description ?? "")…\(fd.returns.dates.last?.description ?? "")"
            switch format {
            case .json:
                let j = JSONValue.object([
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
                    ("notes", .strings(rb.notes + fd.notes)),
                ])
                try emit(j.serialized(), options: global)
            default:
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
                s += "\nNotes:\n" + (rb.notes + fd.notes).map { "  - " + $0 }.joined(separator: "\n") + "\n"
                try emit(s, options: global)
            }
        }
    }
}
