import Backtest
import Basics
import FileFormats
import Instruments
import MarketData
import Portfolio
import Pricing
import Risk
import Scenarios
import Stress

/// The analyses of a session, each computed once from the session's inputs and policies. Commands, the report, and
/// later what-if, the optimiser and workers call these; none of them assembles its own inputs.
extension Session {
    // MARK: Exposure

    public func exposure() -> ExposureReport { ExposureCalculator.report(resolved) }

    // MARK: Payoff

    /// Payoff options from the workspace policies (horizon, roll tenor, tree steps) and the roll histories (raw closes
    /// of the hedges' underlyings, when a history is available).
    public func payoffOptions() throws -> PayoffOptions {
        var o = PayoffOptions()
        o.horizonDays = spec.policies.payoffHorizonDays
        o.rollTenorDays = spec.policies.rollTenorDays
        o.americanSteps = spec.policies.treeSteps
        if let h = history {
            for u in Set(book.hedges.flatMap { $0.legs.map(\.underlying) }).sorted() {
                if let s = try h.series(u, field: .close) { o.history[u] = s }
            }
        }
        return o
    }

    public func payoff(_ o: PayoffOptions) -> PayoffReport {
        PayoffAnalysis.run(book: book, market: market, options: o)
    }

    // MARK: Stress

    /// Stress of the book against the session's scenarios; conditional-mean propagation uses the history covariance
    /// when a history is available, else the snapshot's single-index covariance (with a warning).
    /// `holding`: proposed hedge packages valued as if held (`stress --with-hedge T2`: "is this hedge worth it").
    public func stress(holding hedges: [String] = []) throws -> (report: StressReport, warnings: [String]) {
        let setup = try stressSetup(holding: hedges)
        let report = try StressRunner.run(engine: setup.engine, scenarios: setup.scenarios, covariance: setup.covariance,
                                          factors: setup.factors)
        return (report, setup.warnings + report.warnings)
    }

    /// What every stress of the session starts from: the scenarios (cross-checked against the book and snapshot), the
    /// engine of the book (with `hedges` held), the propagation covariance over the universe of all the scenarios
    /// (so a shard of the scenarios propagates exactly as the whole list does) and, when a scenario shocks factors, the
    /// factor model's propagation.
    public func stressSetup(holding hedges: [String] = []) throws
        -> (engine: StressEngine, scenarios: [Scenario], covariance: StressCovariance?, factors: FactorPropagation?,
            warnings: [String])
    {
        let list = try scenarios()
        var errors: [Diagnostic] = [], warnings: [String] = []
        for s in list {
            for d in CrossCheck.scenarioProblems(s, book: book, marketIDs: Set(market.quotes.keys)) {
                if d.keyPath.contains(".fx.") { warnings.append(d.description) } else { errors.append(d) }
            }
        }
        if !errors.isEmpty { throw InputErrors(errors) }
        var rb = resolved
        if !hedges.isEmpty {
            let (b, _) = try TradeApplication.apply(hedges.map { Trade.hold(hedge: $0) }, to: book, market: market, rollOptions: try payoffOptions())
            rb = try ResolvedBook(book: b, market: market, policy: resolved.policy)
        }
        let engine = try StressEngine(book: rb)
        var covariance: StressCovariance?
        if let h = history {
            let (cov, w) = try StressCovariance.historical(history: h, ids: StressCovariance.universe(engine: engine, scenarios: list),
                                                           asOf: market.asOf)
            covariance = cov
            warnings += w
        } else if list.contains(where: { $0.propagation == .conditionalMean }) {
            warnings.append("no price history: conditional-mean propagation falls back to the single-index (beta) covariance of the snapshot")
        }
        let factors = list.contains { $0.propagation == .factor } ? try factorPropagation(list, engine: engine) : nil
        return (engine, list, covariance, factors, warnings)
    }

    // MARK: Risk and pairs

    /// Risk options from the workspace policies.
    public func riskOptions() throws -> RiskOptions {
        let p = spec.policies
        var o = RiskOptions()
        switch p.covariance {
        case "ewma": o.covariance = .ewma(lambda: p.lambda, normalizedWeights: false)
        case "ledoit-wolf": o.covariance = .ledoitWolf
        default: o.covariance = .sample
        }
        o.confidences = p.confidences.compactMap(Double.init)
        o.horizonDays = p.riskHorizonDays
        o.paths = p.paths
        o.seed = p.seed
        return o
    }

    public func risk(_ options: RiskOptions, from: LocalDate? = nil, to: LocalDate? = nil) throws -> BookRisk.Report {
        try BookRisk.compute(BookRisk.Input(book: resolved, history: try requireHistory(), from: from, to: to), options: options)
    }

    public func pairs(from: LocalDate? = nil, to: LocalDate? = nil) throws -> (factorData: BookRisk.FactorData, pairs: [PairAnalytics.Result]) {
        let fd = try BookRisk.factorData(.init(book: resolved, history: try requireHistory(), from: from, to: to))
        return (fd, PairAnalytics.compute(book: resolved, factorData: fd, legs: BookRisk.legs(resolved, factors: fd.factors)))
    }

    // MARK: Backtest

    /// The backtest settings from the workspace policies (the book's NAV as initial NAV).
    public func backtestConfig() throws -> BacktestConfig {
        let p = spec.policies
        func date(_ s: String?, _ key: String) throws -> LocalDate? {
            guard let s else { return nil }
            guard let d = LocalDate(iso: s) else { throw SessionError("policies.backtest.\(key): '\(s)' is not a date YYYY-MM-DD") }
            return d
        }
        return BacktestConfig(rebalance: try RebalanceRule(parsing: p.rebalance), commissionBps: p.costBps, slippageBps: 0,
                              borrowRate: p.borrowRate, cashRate: 0, initialNAV: book.nav, from: try date(p.backtestFrom, "from"),
                              to: try date(p.backtestTo, "to"), riskFreeRate: 0, benchmarks: p.benchmarks)
    }

    public func backtest(_ config: BacktestConfig, options: BookReplayOptions = BookReplayOptions()) throws -> BacktestReport {
        var rep = try BookReplay.run(book: book, market: market, history: try requireHistory(), config: config, options: options)
        if let end = rep.result.dates.last {
            rep.windowNote = QuoteFreshness.windowNote("backtest", end: end, valuationDate: book.valuationDate,
                                                       because: config.to != nil ? "the window was given (policies.backtest.to or --to)" : "the benchmark calendar's history ends there")
        }
        return rep
    }
}
