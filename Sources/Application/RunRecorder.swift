import Basics
import FileFormats
import Foundation
import Instruments
import MarketData
import Portfolio
import Risk
import RiskHistory
import Stress

/// What a recorded run measures (`hedgebook record`, each day of `hedgebook replay`).
public struct RecordOptions: Sendable {
    /// Risk settings (the workspace's by default); the limits' confidences are added to `confidences`.
    public var risk: RiskOptions
    /// Last date of the risk window (nil = the risk command's default; replay: the day itself, so no later price is used).
    public var windowEnd: LocalDate?
    /// Value every scenario of the workspace (when it names scenarios).
    public var stress = true
    public var command: String
    public init(risk: RiskOptions, windowEnd: LocalDate? = nil, stress: Bool = true, command: String) {
        self.risk = risk; self.windowEnd = windowEnd; self.stress = stress; self.command = command
    }
}

extension Session {
    /// This session's run as a ``RunRecord``, every number from the same session methods as the other commands
    /// (`exposure`, `risk`, `stress`, limits), so a recorded value equals what `exposure`, `risk` and `stress` print.
    /// - Parameters:
    ///   - hash: SHA-256 (hex) of an input file's bytes.
    ///   - marketLabel: names the snapshot when it was built in memory (replay); its hash is then empty.
    /// - Returns: the record and the warnings of the run (risk or stress not measured, with the reason).
    public func runRecord(_ o: RecordOptions, hash: (String) -> String, marketLabel: String? = nil) throws -> (record: RunRecord, warnings: [String]) {
        var warnings: [String] = []
        let e = exposure()
        var run = RunRecord(book: book.name, valuationDate: book.valuationDate, baseCurrency: book.baseCurrency.code, nav: book.nav,
                            command: o.command, settings: "", scenarioModel: spec.policies.americanScenarioModel,
                            treeSteps: spec.policies.treeSteps)
        run.positions = zip(resolved.positions, e.positions).map { p, x in
            let opt = p.option.map {
                OptionRecord(right: $0.right.rawValue, exercise: $0.exercise.rawValue, strike: $0.strike, expiry: $0.expiry,
                             timeToExpiry: $0.timeToExpiry, rate: $0.rate, dividendYield: $0.dividendYield, volatility: $0.volatility)
            }
            return PositionRecord(id: p.position.id, instrument: p.position.marketKey, kind: p.position.kind.rawValue,
                                  quantity: p.quantity, multiplier: p.unitsPerQuantity, spot: p.spot, fx: p.fx, unitPrice: p.unitPrice(),
                                  marketValue: p.marketValue, deltaNotional: p.deltaNotional, weightPctNAV: e.pct(x.notional),
                                  beta: p.beta, option: opt)
        }
        run.betaAdjustedNetPctNAV = e.pct(e.betaNet)
        func totals(_ g: String, _ k: String, _ v: String, _ t: ExposureTotals) -> ExposureRecord {
            ExposureRecord(grouping: g, key: k, view: v, longPctNAV: e.pct(t.long), shortPctNAV: e.pct(t.short))
        }
        run.exposures = [totals("total", "book", "premium", e.premium), totals("total", "book", "delta", e.delta)]
        for g in Grouping.allCases where g != .position {
            for b in e.breakdown(by: g) {
                run.exposures.append(totals(g.rawValue, b.key, "premium", b.premium))
                run.exposures.append(totals(g.rawValue, b.key, "delta", b.delta))
            }
        }
        for b in e.pairBreakdown() {
            run.exposures.append(totals("pair", b.key, "premium", b.premium))
            run.exposures.append(totals("pair", b.key, "delta", b.delta))
        }

        // Risk: the workspace's confidences plus the limits' (so the limits read the same parametric figures).
        var ro = o.risk
        let limitConfidences = book.limits.compactMap { l -> Double? in
            switch l.measure { case .valueAtRisk(let c), .expectedShortfall(let c): return c; default: return nil }
        }
        ro.confidences = Array(Set(ro.confidences + limitConfidences)).sorted()
        var limitInputs = LimitInputs(exposure: e, resolved: resolved)
        var settings = ["risk: \(ro.horizonDays)-day VaR/ES, positive losses, fractions of NAV; covariance \(Session.covarianceName(ro.covariance)); Monte Carlo \(ro.paths) paths, seed \(ro.seed)"]
        do {
            let r = try risk(ro, to: o.windowEnd)
            for (method, values) in r.linear.measures {
                for m in values {
                    run.risk.append(RiskRecord(method: method, confidence: m.confidence, horizonDays: ro.horizonDays,
                                               valueAtRisk: m.valueAtRisk, expectedShortfall: m.expectedShortfall))
                }
            }
            for m in r.monteCarlo {
                run.risk.append(RiskRecord(method: "monteCarlo", confidence: m.confidence, horizonDays: ro.horizonDays,
                                           valueAtRisk: m.valueAtRisk, expectedShortfall: m.expectedShortfall))
            }
            if let p = r.linear.measures.first(where: { $0.method == "parametric" }) {
                limitInputs.parametric = Array(zip(ro.confidences, p.values)).map { (confidence: $0.0, measure: $0.1) }
            }
            let d = r.factorData.returns.dates
            settings.append("window \(d.first.map { "\($0)" } ?? "-")…\(d.last.map { "\($0)" } ?? "-") (\(r.factorData.returns.observationCount) returns)")
            run.notes += r.factorData.notes
        } catch {
            limitInputs.riskNote = "VaR not computed: \(error)"
            warnings.append("risk not recorded: \(error)")
        }
        if o.stress, !spec.scenarios.isEmpty {
            do {
                let s = try stress().report
                limitInputs.stress = s
                run.scenarios = s.outcomes.map {
                    ScenarioRecord(id: $0.scenario.id, caseSet: $0.scenario.caseSet, pnl: $0.total, pctNAV: $0.totalPctNAV)
                }
            } catch {
                warnings.append("scenarios not recorded: \(error)")
            }
        }
        run.limits = LimitMonitor.evaluate(book.limits, limitInputs).map {
            LimitRecord(id: $0.limit.id, measure: $0.limit.measure.name, value: $0.value, utilisation: $0.utilisation,
                        status: $0.status.rawValue, detail: $0.detail)
        }
        run.settings = settings.joined(separator: "; ")
        run.notes = notes + run.notes
        run.inputs = inputRoles.map { role, path in
            role == "market" && marketLabel != nil
                ? RunRecord.Input(role: role, path: marketLabel!, sha256: "")
                : RunRecord.Input(role: role, path: path, sha256: hash(path))
        }
        return (run, warnings)
    }

    /// Every input used so far with its role (workspace, book, market, scenarios, history), in ``inputFiles`` order.
    var inputRoles: [(role: String, path: String)] {
        var out: [(String, String)] = []
        if let f = spec.file { out.append(("workspace", f)) }
        if let b = spec.book { out.append(("book", b)) }
        if let m = spec.market { out.append(("market", m)) }
        let scenarioFiles = Set(ScenarioFile.files(paths: spec.scenarios))
        for f in inputFiles.dropFirst(out.count) { out.append((scenarioFiles.contains(f) ? "scenarios" : "history", f)) }
        return out
    }

    static func covarianceName(_ c: CovarianceMethod) -> String {
        switch c {
        case .sample: return "sample"
        case .ewma(let l, _): return "ewma λ \(NumberFormat.shortest(l))"
        case .ledoitWolf: return "ledoit-wolf"
        }
    }

    /// The risk-history database the workspace names (`record.database`, default beside the workspace).
    public var riskHistoryPath: String { spec.riskHistoryDatabase }
}
