import Basics
import MarketData

/// What happened to a pair unit in a book replay.
public struct PairOutcome: Sendable, Equatable {
    public var id: String
    public var name: String
    /// Legs traded (position ids) and the first day all legs had data (nil = never: the pair stayed in cash).
    public var legs: [String]
    public var entered: LocalDate?
    /// Exit date and reason (spread target reached / stop hit), nil when held to the end.
    public var exited: LocalDate?
    public var exitReason: String?
    /// Spread at exit (or at the end): long-leg price relative ÷ short-leg price relative − 1 since entry.
    public var spread: Double?
    /// Net P&L of the legs (price − costs − borrow), base currency, and as a fraction of initial NAV.
    public var pnl: Double
    public var contribution: Double
}

/// Everything a backtest reports: the run, metrics, benchmark statistics, attributions and policy notes.
public struct BacktestReport: Sendable {
    public var mode: String
    public var result: BacktestResult
    public var config: BacktestConfig
    public var metrics: PerformanceMetrics
    public var relative: [PerformanceMetrics.Relative]
    /// Attribution tables by grouping name (`position`, `pair`, `layer`, `country`), each summing to the total P&L.
    public var attribution: [(grouping: String, lines: [AttributionLine])]
    public var pairs: [PairOutcome]
    /// Policies applied (missing history, FX, volatility proxy, skipped benchmarks …), never silent.
    public var notes: [String]
    /// Set when the run ends before the book's valuation date: outputs print it first.
    public var windowNote: String?
    /// Each benchmark's closes on the run's dates (the ones with a close every day), for overlays and rolling beta.
    public var benchmarkPrices: [(name: String, prices: [Double])] = []

    /// Assembles a report (`positionOf` maps a panel column to its position id, e.g. option generations `ID#k` → `ID`). Benchmarks are looked up in `panel` (same window as the run); absent ones are noted.
    public init(mode: String, result: BacktestResult, config: BacktestConfig, panel: PricePanel,
                groupings: [(String, (String) -> [String])] = [], positionOf: ((String) -> String)? = nil,
                pairs: [PairOutcome] = [], notes: [String] = []) {
        self.mode = mode
        self.result = result
        self.config = config
        self.metrics = PerformanceMetrics(nav: result.nav, dates: result.dates, riskFreeRate: config.riskFreeRate)
        var notes = notes
        var rel: [PerformanceMetrics.Relative] = []
        if let d0 = result.dates.first, let lo = panel.dates.firstIndex(of: d0) {
            for b in config.benchmarks {
                guard let j = panel.index(of: b) else {
                    notes.append("benchmark \(b): not in the price panel; beta/correlation skipped")
                    continue
                }
                let prices = (0..<result.nav.count).map { panel.prices[lo + $0, j] }
                if prices.allSatisfy({ $0 > 0 && $0.isFinite }) {
                    benchmarkPrices.append((b, prices))
                    rel.append(PerformanceMetrics.relative(nav: result.nav, benchmark: b, prices: prices))
                } else {
                    notes.append("benchmark \(b): missing prices in the window; beta/correlation skipped")
                }
            }
        }
        self.relative = rel
        var tables: [(grouping: String, lines: [AttributionLine])] = [
            ("position", positionOf.map { f in Attribution.by(result) { [f($0)] } } ?? Attribution.byPosition(result)),
        ]
        for (name, f) in groupings { tables.append((name, Attribution.by(result, groupOf: f))) }
        self.attribution = tables
        self.pairs = pairs
        self.notes = notes
    }

    public var turnoverAnnualized: Double? { annualizedTurnover(result) }
}
