import Basics
import Hedging
import Instruments
import LinearAlgebra
import LinearProgramming
import MarketData
import Portfolio
import Pricing
import Stress

/// The hedge optimiser (issue 17): `s` scenarios × `o` put candidates over a book of `a` long stocks. Timed: the
/// candidate P&L matrix built by the stress engine (dgemv for the book, full Black–Scholes–Merton revaluation per
/// candidate and scenario), the Rockafellar–Uryasev LP (min CVaR 95% s.t. premium ≤ 2% NAV, caps 10% NAV notional)
/// and its solution by CLP. Output: the optimal CVaR and the premium used, % NAV.
func hedge(s: Int, a: Int, o: Int, reps: Int, dir: String) throws -> Result {
    let stock = try readF64(dir, "hg_stock_\(a).f64")          // per stock: spot, quantity, vol
    let opt = try readF64(dir, "hg_opt_\(o).f64")              // per candidate: underlying index, strike, days
    let rets = try readF64(dir, "hg_returns_\(s)x\(a).f64")
    let d = LocalDate(year: 2026, month: 1, day: 2)!
    let nav = 1e8
    var quotes: [String: InstrumentQuote] = [:]
    var positions: [Position] = []
    for i in 0..<a {
        let id = "S\(i)"
        quotes[id] = InstrumentQuote(id: id, spot: stock[3 * i], currency: .usd, volatility: stock[3 * i + 2], dividendYield: 0.01)
        positions.append(Position(id: id, instrument: id, kind: .equity, side: .long, size: .quantity(stock[3 * i + 1]),
                                  exchange: "X", currency: .usd, country: "US", layer: "L"))
    }
    for j in 0..<o {
        positions.append(Position(id: "P\(j)", instrument: "P\(j)", kind: .option, side: .long, size: .quantity(1),
                                  exchange: "X", currency: .usd, country: "US", layer: "hedge-candidate",
                                  option: OptionTerms(underlying: "S\(Int(opt[3 * j]))", right: .put, strike: opt[3 * j + 1],
                                                      expiry: d.adding(days: Int(opt[3 * j + 2])), exercise: .european)))
    }
    let market = MarketSnapshot(asOf: d, baseCurrency: .usd, quotes: quotes, fx: [:], rates: [.usd: 0.04])
    let book = Book(name: "bench", baseCurrency: .usd, nav: nav, valuationDate: d, positions: positions)
    var out: [Double] = []
    var info: [String: String] = [:]
    let t = try timed(reps) {
        let rb = try ResolvedBook(book: book, market: market, policy: OptionValuationPolicy(americanInScenarios: .european))
        let e = try StressEngine(book: rb)
        var m = ScenarioMatrix(engine: e, count: s)
        m.returns.storage = rets
        for k in 0..<s { m.horizonYears[k] = 30.0 / 365.0 }
        var w = Matrix(rows: a + o, cols: 1 + o)
        for i in 0..<a { w[i, 0] = 1 }
        for j in 0..<o { w[a + j, 1 + j] = 1 }
        let pnl = e.evaluate(m, buckets: w)                              // S × (1 + o), base currency
        let k = 100 / nav
        let bookPnL = (0..<s).map { pnl.storage[$0] * k }
        let p = Matrix(rows: s, cols: o, columnMajor: pnl.storage[s...].map { $0 * k })
        let premium = (0..<o).map { rb.positions[a + $0].marketValue * k }
        let caps = (0..<o).map { j in 0.1 * nav / (100 * stock[3 * Int(opt[3 * j])]) }
        let problem = try HedgeProblem(scenarioIDs: (0..<s).map { "s\($0)" }, namedCount: 0,
                                       weights: [Double](repeating: 1 / Double(s), count: s), alpha: 0.95, book: bookPnL, pnl: p,
                                       premium: premium, caps: caps, candidateIDs: (0..<o).map { "P\($0)" })
        let sol = try problem.solve(.minimiseCVaR(budgetPercent: 2))
        out = [sol.lpObjective, zip(sol.units, premium).reduce(0) { $0 + $1.0 * $1.1 }]
        info = ["formulation": sol.lp.formulation.rawValue, "iterations": "\(sol.lp.iterations)", "clp": LPSolver.version]
    }
    return Result(times: t, output: out, info: info)
}
