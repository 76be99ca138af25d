// hbbench: the Hedgebook side of `make bench` (issue 8).
//
// Every task reads its inputs from raw little-endian float64 files written once by `peers/gen_inputs.py` (numpy) into
// the input directory, runs the unit of work `reps` times through Hedgebook's public API, prints the wall time of each
// rep, and writes its output (raw float64) for the orchestrator to compare with the peer's.
//
//   hbbench serve <dir>                          line protocol used by bench.py: "<task> <size> <reps> <outfile>"
//                                                in, one JSON object {"times":[…],"info":{…}} out per line
//   hbbench <task> <size> [reps] [dir]           one task alone (inputs must exist: run `run.sh --only <task>` once)
//   hbbench list                                 task names
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Backtest
import Basics
import Instruments
import LinearAlgebra
import MarketData
import Portfolio
import Pricing
import QuantMath
import Risk
import Stress

// MARK: - I/O helpers

struct BenchError: Error, CustomStringConvertible { let description: String }

func readF64(_ dir: String, _ name: String) throws -> [Double] {
    let path = dir + "/" + name
    guard let d = FileManager.default.contents(atPath: path) else { throw BenchError(description: "missing input \(path)") }
    let n = d.count / 8
    var out = [Double](repeating: 0, count: n)
    out.withUnsafeMutableBytes { dst in _ = d.copyBytes(to: dst) }
    return out
}

func writeF64(_ path: String, _ x: [Double]) throws {
    let d = x.withUnsafeBytes { Data($0) }
    try d.write(to: URL(fileURLWithPath: path))
}

@inline(__always) func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// Runs `body` `reps` times, returns seconds per rep.
func timed(_ reps: Int, _ body: () throws -> Void) rethrows -> [Double] {
    var t: [Double] = []
    for _ in 0..<reps {
        let t0 = now()
        try body()
        t.append(Double(now() - t0) / 1e9)
    }
    return t
}

/// Weyl sequence shared with peers/common.py: frac((i + 1)·α) in double precision (bit-identical in numpy).
@inline(__always) func weyl(_ i: Int, _ a: Double) -> Double { let x = Double(i + 1) * a; return x - x.rounded(.down) }
let alpha1 = 0.6180339887498949, alpha2 = 0.7548776662466927, alpha3 = 0.5698402909980532

func dims(_ size: String) -> [Int] { size.split(separator: "x").map { Int($0)! } }

/// A dummy sink so the optimiser cannot drop work whose result is otherwise unused.
nonisolated(unsafe) var sink = 0.0

struct Result { var times: [Double]; var output: [Double]; var info: [String: String] = [:] }

// MARK: - Tasks

func runTask(_ task: String, _ size: String, reps: Int, dir: String) throws -> Result {
    switch task {
    case "dgemm":
        let n = Int(size)!
        let a = Matrix(rows: n, cols: n, columnMajor: try readF64(dir, "dgemm_\(n)_A.f64"))
        let b = Matrix(rows: n, cols: n, columnMajor: try readF64(dir, "dgemm_\(n)_B.f64"))
        var c = Matrix(rows: n, cols: n)
        let t = timed(reps) { BLAS.gemm(a, b, into: &c) }
        return Result(times: t, output: c.storage)

    case "correlation", "ewma", "ledoitwolf":
        let d = dims(size); let n = d[0], tt = d[1]
        let r = Matrix(rows: tt, cols: n, columnMajor: try readF64(dir, "returns_\(n)x\(tt).f64"))
        var out = Matrix(rows: 1, cols: 1)
        var info: [String: String] = [:]
        let t = try timed(reps) {
            switch task {
            case "correlation": out = try Estimators.correlation(r)
            case "ewma": out = try Estimators.ewmaCovariance(r, lambda: 0.94)
            default:
                let lw = try Estimators.ledoitWolf(r)
                out = lw.covariance
                info["shrinkage"] = "\(lw.shrinkage)"
            }
        }
        return Result(times: t, output: out.storage, info: info)

    case "cholesky", "syevd":
        let n = Int(size)!
        let a = Matrix(rows: n, cols: n, columnMajor: try readF64(dir, "spd_\(n).f64"))
        if task == "cholesky" {
            var l = Matrix(rows: 1, cols: 1)
            let t = try timed(reps) { l = try Cholesky(a).lower }
            return Result(times: t, output: l.storage)
        }
        var values: [Double] = []
        let t = try timed(reps) { values = try LAPACK.symmetricEigen(a).values }
        return Result(times: t, output: values)

    case "nearcorr":
        let n = Int(size)!
        let a = Matrix(rows: n, cols: n, columnMajor: try readF64(dir, "brokencorr_\(n).f64"))
        var res: NearestCorrelation.Result?
        let t = try timed(reps) { res = try NearestCorrelation.compute(a) }
        return Result(times: t, output: res!.matrix.storage,
                      info: ["iterations": "\(res!.iterations)", "converged": "\(res!.converged)"])

    case "bs":
        // Inputs built outside the timed region, as the peer does; the timed work is one batch call over the arrays.
        let n = Int(size)!
        var rights = [OptionRight](repeating: .call, count: n)
        var strikes = [Double](repeating: 0, count: n), times = strikes, vols = strikes
        let spots = [Double](repeating: 100, count: n)
        for i in 0..<n {
            rights[i] = i % 2 == 0 ? .call : .put
            strikes[i] = 50 + 100 * weyl(i, alpha1); times[i] = 0.02 + 2.98 * weyl(i, alpha2); vols[i] = 0.1 + 0.7 * weyl(i, alpha3)
        }
        // Default: the library's own choice (all cores); HBBENCH_BS_WORKERS=1 times the single-thread path.
        let workers = ProcessInfo.processInfo.environment["HBBENCH_BS_WORKERS"].flatMap { Int($0) }
        var out: [Double] = []
        let t = timed(reps) {
            let g = BlackScholes.greeks(rights: rights, spots: spots, strikes: strikes, times: times, volatilities: vols,
                                        rate: 0.04, dividendYield: 0.01, workers: workers)
            out = sampleAndSums([g.price, g.delta, g.gamma, g.vega, g.theta, g.rho, g.dividendRho], n)
        }
        return Result(times: t, output: out, info: ["workers": workers.map { "\($0)" } ?? "auto"])

    case "iv":
        let n = Int(size)!
        let prices = try readF64(dir, "ivprices_\(n).f64")
        var vols = [Double](repeating: 0, count: n)
        var failures = 0
        let t = timed(reps) {
            failures = 0
            for i in 0..<n {
                let k = 80 + 40 * weyl(i, alpha1), tm = 0.1 + 1.9 * weyl(i, alpha2)
                do {
                    vols[i] = try ImpliedVolatility.european(right: i % 2 == 0 ? .call : .put, price: prices[i], spot: 100,
                                                             strike: k, time: tm, rate: 0.04, dividendYield: 0.01)
                } catch { vols[i] = .nan; failures += 1 }
            }
        }
        return Result(times: t, output: vols, info: ["failures": "\(failures)"])

    case "american":
        let d = dims(size); let n = d[0], steps = d[1]
        var out = [Double](repeating: 0, count: 3 * n)
        var ws = BinomialWorkspace(steps: steps)
        let t = timed(reps) {
            for i in 0..<n {
                let k = 80 + 40 * weyl(i, alpha1)
                let days = Double((36.5 + 693.5 * weyl(i, alpha2)).rounded(.down))
                let v = 0.15 + 0.45 * weyl(i, alpha3)
                let r = BinomialTree.value(right: .put, exercise: .american, spot: 100, strike: k, time: days / 365,
                                           rate: 0.04, dividendYield: 0.01, volatility: v, steps: steps, workspace: &ws)
                out[i] = r.price; out[n + i] = r.delta; out[2 * n + i] = r.gamma
            }
        }
        return Result(times: t, output: out)

    case "stress":
        let d = dims(size); let total = d[0], a = d[1], o = d[2]
        return try stress(total: total, a: a, o: o, reps: reps, dir: dir)

    case "hedge":
        let d = dims(size)
        return try hedge(s: d[0], a: 20, o: d[1], reps: reps, dir: dir)

    case "mcvar":
        let d = dims(size); let paths = d[0], n = d[1], o = d[2]
        let cov = Matrix(rows: n, cols: n, columnMajor: try readF64(dir, "mc_cov_\(n).f64"))
        let mean = try readF64(dir, "mc_mean_\(n).f64")
        let w = try readF64(dir, "mc_w_\(n).f64")
        let opt = try readF64(dir, "mc_opt_\(o).f64")  // per leg: right (1 call / 0 put), strike, factor, scale
        var legs = (0..<n).map { RiskLeg(id: "S\($0)", factor: $0, exposure: w[$0]) }
        for k in 0..<o {
            let leg = OptionLeg(right: opt[4 * k] == 1 ? .call : .put, spot: 100, strike: opt[4 * k + 1], time: 0.5, rate: 0.04,
                                dividendYield: 0.01, volatility: 0.35, scale: opt[4 * k + 3])
            legs.append(RiskLeg(id: "O\(k)", factor: Int(opt[4 * k + 2]), exposure: 0, option: leg))
        }
        let lp = LegPortfolio(legs: legs, horizonDays: 1)
        // Default 1 worker, like numpy; HBBENCH_MC_WORKERS=2 times the product's default split (the figure the former
        // Tests/RiskTests/RiskBenchmarks.swift printed). The P&L is the same for any worker count.
        let workers = ProcessInfo.processInfo.environment["HBBENCH_MC_WORKERS"].flatMap { Int($0) } ?? 1
        var out: [Double] = []
        let t = try timed(reps) {
            let sim = try MonteCarlo.simulate(mean: mean, covariance: cov, horizonDays: 1, paths: paths, seed: 9, workers: workers) {
                x, rows, y in lp.revalue(x, rows: rows, into: y)
            }
            let m = try MonteCarlo.measures(pnl: sim.pnl, confidences: [0.95, 0.975, 0.99])
            out = m.map(\.valueAtRisk) + m.map(\.expectedShortfall)
        }
        return Result(times: t, output: out, info: ["workers": "\(workers)"])

    case "backtest":
        let d = dims(size); let n = d[0], tt = d[1]
        let prices = Matrix(rows: tt, cols: n, columnMajor: try readF64(dir, "bt_prices_\(n)x\(tt).f64"))
        let w = try readF64(dir, "bt_weights_\(n).f64")
        var dates: [LocalDate] = []
        var day = LocalDate(year: 2006, month: 1, day: 2)!
        while dates.count < tt {
            if day.weekday <= 5 { dates.append(day) }
            day = day.adding(days: 1)
        }
        let tickers = (0..<n).map { "A\($0)" }
        let panel = PricePanel(dates: dates, tickers: tickers, prices: prices)
        let schedule = WeightSchedule(constant: zip(tickers, w).map { ($0, $1) })
        let config = BacktestConfig(rebalance: .monthly, commissionBps: 7, slippageBps: 3, borrowRate: 0.03,
                                    initialNAV: 1_000_000)
        var nav: [Double] = []
        let t = try timed(reps) { nav = try Backtester.run(panel: panel, schedule: schedule, config: config).nav }
        return Result(times: t, output: nav)

    case "factormodel":
        // N names × K factors × T weeks (a dense T × N return matrix, as the peer reads it): OLS exposures of every name
        // (one dgels through FactorModel.fitNames), the
        // sample factor covariance, Σ = B F Bᵀ + D and the Euler decomposition of a book.
        let d = dims(size); let n = d[0], k = d[1], tt = d[2]
        let f = Matrix(rows: tt, cols: k, columnMajor: try readF64(dir, "fm_factors_\(k)x\(tt).f64"))
        let y = Matrix(rows: tt, cols: n, columnMajor: try readF64(dir, "fm_returns_\(n)x\(tt).f64"))
        let w = try readF64(dir, "fm_weights_\(n).f64")
        var weeks: [LocalDate] = []
        for i in 0..<tt { weeks.append(LocalDate(year: 2006, month: 1, day: 6)!.adding(days: 7 * i)) }
        let ids = (0..<n).map { "N\($0)" }
        let defs = (0..<k).map { FactorDefinition(name: "F\($0)", ticker: "F\($0)") }
        let fr = FactorReturns(definitions: defs, weeks: weeks, values: f)
        var settings = FactorModelSettings()
        settings.fullHistoryWeeks = tt
        var out: [Double] = []
        let t = try timed(reps) {
            var unfitted: [(id: String, reason: String)] = []
            let fits = try FactorModel.fitNames(ids, aligned: y, factors: fr, settings: settings, unfitted: &unfitted)
            let model = FactorModel(factors: fr, settings: settings, covariance: try Estimators.sampleCovariance(f), fits: fits)
            let sigma = model.nameCovariance(fits)
            var b = Matrix(rows: n, cols: k)
            for (i, x) in fits.enumerated() { for c in 0..<k { b[i, c] = x.betas[c] } }
            let dec = FactorDecomposition.compute(weights: w, names: Array(0..<n), betas: b, specific: fits.map(\.specificVariance),
                                                  factorCovariance: model.covariance)
            let tv = dec.totalVariance
            let meanD = fits.reduce(0) { $0 + $1.specificVariance } / Double(n)
            var o: [Double] = []
            for x in fits { o.append(x.intercept); o += x.betas }
            for x in fits { o.append(x.specificVariance / meanD) }
            for c in dec.factorContributions { o.append(c / tv) }
            for i in 0..<n { o.append((dec.positionFactorContributions[i] + dec.positionSpecificContributions[i]) / tv) }
            o.append(BLAS.quadraticForm(sigma, w) / tv)
            out = o
        }
        return Result(times: t, output: out)

    default:
        throw BenchError(description: "unknown task \(task); tasks: \(tasks.joined(separator: ", "))")
    }
}

let tasks = ["dgemm", "correlation", "ewma", "ledoitwolf", "cholesky", "syevd", "nearcorr", "bs", "iv", "american",
             "stress", "hedge", "mcvar", "backtest", "factormodel"]

/// 1,000 evenly spaced samples of each output plus each output's sum (the comparable part of a 10M-row result).
func sampleAndSums(_ cols: [[Double]], _ n: Int) -> [Double] {
    let step = max(1, n / 1000)
    var out: [Double] = []
    for c in cols {
        var i = 0
        while i < n { out.append(c[i]); i += step }
        var s = 0.0
        for v in c { s += v }
        out.append(s)
    }
    return out
}

/// Scenario stress: `total` scenarios in blocks of 10,000 over `a` stock lines and `o` option lines
/// (each option on its own underlying among the stocks), total P&L per scenario (dgemv + full BSM revaluation).
func stress(total: Int, a: Int, o: Int, reps: Int, dir: String) throws -> Result {
    let block = min(total, 10_000)
    let stock = try readF64(dir, "st_stock_\(a).f64")  // per stock: spot, signed quantity, vol
    let opt = try readF64(dir, "st_opt_\(o).f64")      // per option: underlying index, right (1 call), strike, days, signed qty
    let rets = try readF64(dir, "st_returns_\(block)x\(a).f64")
    let vols = try readF64(dir, "st_vols_\(block)x\(o).f64")
    let d = LocalDate(year: 2026, month: 1, day: 2)!
    var quotes: [String: InstrumentQuote] = [:]
    var positions: [Position] = []
    for i in 0..<a {
        let id = "S\(i)"
        quotes[id] = InstrumentQuote(id: id, spot: stock[3 * i], currency: .usd, volatility: stock[3 * i + 2], dividendYield: 0.01)
        let q = stock[3 * i + 1]
        positions.append(Position(id: id, instrument: id, kind: .equity, side: q > 0 ? .long : .short, size: .quantity(abs(q)),
                                  exchange: "X", currency: .usd, country: "US", layer: "L\(i % 10)"))
    }
    for j in 0..<o {
        let u = "S\(Int(opt[5 * j]))", q = opt[5 * j + 4]
        positions.append(Position(id: "O\(j)", instrument: "O\(j)", kind: .option, side: q > 0 ? .long : .short,
                                  size: .quantity(abs(q)), exchange: "X", currency: .usd, country: "US", layer: "opt",
                                  option: OptionTerms(underlying: u, right: opt[5 * j + 1] == 1 ? .call : .put,
                                                      strike: opt[5 * j + 2], expiry: d.adding(days: Int(opt[5 * j + 3])),
                                                      exercise: .european)))
    }
    let market = MarketSnapshot(asOf: d, baseCurrency: .usd, quotes: quotes, fx: [:], rates: [.usd: 0.04])
    let book = Book(name: "bench", baseCurrency: .usd, nav: 1e9, valuationDate: d, positions: positions)
    let e = try StressEngine(book: try ResolvedBook(book: book, market: market, policy: OptionValuationPolicy(americanInScenarios: .european)))  // the numpy peer revalues by Black–Scholes–Merton
    guard e.instruments.count == a, e.optionUnderlyings.count == o else {
        throw BenchError(description: "stress: expected \(a) instruments and \(o) distinct option underlyings")
    }
    var m = ScenarioMatrix(engine: e, count: block)
    m.returns.storage = rets
    m.volatilities.storage = vols
    for s in 0..<block { m.horizonYears[s] = 30.0 / 365.0 }
    let w = e.total
    var out: [Double] = []
    let t = timed(reps) {
        var acc = 0.0
        for _ in 0..<(total / block) {
            let r = e.evaluate(m, buckets: w)
            acc += r.storage[0]
            out = r.storage
        }
        sink += acc
    }
    return Result(times: t, output: out)
}

// MARK: - Driver

func json(_ r: Result) -> String {
    let times = r.times.map { String($0) }.joined(separator: ",")
    let info = r.info.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",")
    return "{\"times\":[\(times)],\"info\":{\(info)}}"
}

func machineInfo() -> String {
    "{\"openblas_config\":\"\(OpenBLAS.config)\",\"openblas_corename\":\"\(OpenBLAS.coreName)\",\"openblas_threads\":\(OpenBLAS.threads)}"
}

/// Unbuffered line output for the serve protocol.
func emit(_ s: String) { FileHandle.standardOutput.write((s + "\n").data(using: .utf8)!) }

let args = CommandLine.arguments
if args.count >= 2 && args[1] == "list" {
    print(tasks.joined(separator: "\n"))
} else if args.count >= 2 && args[1] == "info" {
    print(machineInfo())
} else if args.count >= 3 && args[1] == "serve" {
    let dir = args[2]
    emit(machineInfo())
    while let line = readLine() {
        let f = line.split(separator: " ").map(String.init)
        if f.isEmpty { continue }
        if f[0] == "quit" { break }
        do {
            let r = try runTask(f[0], f[1], reps: Int(f[2])!, dir: dir)
            if f.count > 3 && f[3] != "-" { try writeF64(f[3], r.output) }
            emit(json(r))
        } catch {
            emit("{\"error\":\"\(String(describing: error).replacingOccurrences(of: "\"", with: "'"))\"}")
        }
    }
} else if args.count >= 3 {
    let reps = args.count > 3 ? Int(args[3])! : 5
    let dir = args.count > 4 ? args[4] : (ProcessInfo.processInfo.environment["HEDGEBOOK_BENCH_INPUTS"] ?? "/tmp/hedgebook-bench-inputs")
    do {
        let r = try runTask(args[1], args[2], reps: reps, dir: dir)
        let sorted = r.times.sorted()
        print("\(args[1]) \(args[2]): median \(String(format: "%.4f", sorted[sorted.count / 2])) s over \(reps) reps "
              + "(min \(String(format: "%.4f", sorted[0])), max \(String(format: "%.4f", sorted.last!))) \(r.info)")
    } catch {
        FileHandle.standardError.write("hbbench: \(error)\n".data(using: .utf8)!)
        exit(1)
    }
} else {
    print("usage: hbbench serve <dir> | hbbench <task> <size> [reps] [dir] | hbbench list | hbbench info")
}
