import Basics
import Foundation

// MARK: - Inputs

/// What a snapshot needs that no price file holds: fixed values with their reasons (workspace `marketAssumptions`,
/// format in `Documentation/file-formats.md`). Each value carries the sentence that justifies it.
public struct SnapshotAssumptions: Sendable, Equatable {
    /// A quote read from a series in the history layout when there is one, else the fixed `value` (assumed):
    /// a risk-free rate (``Rate``: a 13-week T-bill discount yield in percent, ^IRX) or an FX rate (``FX``: value of one
    /// unit in the base currency, from `<series>.csv` with `Date,Close`; default name `<CCY><BASE>`, e.g. `HKDUSD`).
    public struct SeriesQuote: Sendable, Equatable {
        public var currency: Currency
        public var value: Double?
        public var series: String?
        public var source: String?
        public init(currency: Currency, value: Double? = nil, series: String? = nil, source: String? = nil) {
            self.currency = currency; self.value = value; self.series = series; self.source = source
        }
    }
    public typealias Rate = SeriesQuote
    public typealias FX = SeriesQuote
    /// An annual stock-borrow fee for shorts (fraction per year).
    public struct Borrow: Sendable, Equatable {
        public var rate: Double
        public var source: String?
        public init(rate: Double, source: String? = nil) { self.rate = rate; self.source = source }
    }
    /// A continuous dividend yield used instead of dividend files.
    public struct Yield: Sendable, Equatable {
        public var value: Double
        public var source: String?
        public init(value: Double, source: String? = nil) { self.value = value; self.source = source }
    }
    /// A whole quote for a name the data cannot price (no usable current close).
    public struct Quote: Sendable, Equatable {
        public var spot: Double
        public var currency: Currency?
        public var volatility: Double
        public var beta: Double?
        /// When the assumption was made (default: the snapshot's date).
        public var asOf: LocalDate?
        public var source: String
        public init(spot: Double, currency: Currency? = nil, volatility: Double, beta: Double? = nil, asOf: LocalDate? = nil,
                    source: String) {
            self.spot = spot; self.currency = currency; self.volatility = volatility; self.beta = beta; self.asOf = asOf
            self.source = source
        }
    }
    public var rates: [Rate] = []
    public var fx: [FX] = []
    public var borrow: [String: Borrow] = [:]
    public var dividendYields: [String: Yield] = [:]
    public var quotes: [String: Quote] = [:]
    public init() {}
}

/// How the snapshot's statistics are measured (workspace `policies.marketData`). The defaults are the rules of
/// `tools/make_market_snapshot.py`, the independent cross-check of the bundled snapshot.
public struct SnapshotMethod: Sendable, Equatable {
    /// The market for betas.
    public var index = "SPY"
    /// Daily log returns in the realised volatility (the last `volatilityWindow` returns to the spot date).
    public var volatilityWindow = 252
    /// Closes spanned by a beta: daily returns over the last `betaWindow` common dates; weekly returns every
    /// `weeklyStep` trading days over the last `betaWindow + 1` closes.
    public var betaWindow = 252
    public var weeklyStep = 5
    /// Trailing window of the dividend yield, calendar days ending at the end of the dividend data (at most the as-of date).
    public var dividendWindowDays = 365
    public init() {}
}

/// A dated series of values that may be zero or negative (rates) or must be positive (FX), `Date,Close`.
public struct ValueSeries: Sendable, Equatable {
    public var file: String
    public var dates: [LocalDate]
    public var values: [Double]
    public init(file: String, dates: [LocalDate], values: [Double]) { self.file = file; self.dates = dates; self.values = values }

    /// The last value dated on or before `date`, with its date.
    public func last(onOrBefore date: LocalDate) -> (date: LocalDate, value: Double)? {
        var lo = 0, hi = dates.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if dates[mid] <= date { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : (dates[lo - 1], values[lo - 1])
    }
}

/// Cash dividends per share in the listing currency (`<TICKER>_dividends.csv`, `Date,Dividend`), and the last date the
/// dividend data covers (the last close of the price file next to it: a file listing no dividend after a date says
/// nothing about dates after its data end).
public struct DividendHistory: Sendable, Equatable {
    public var file: String
    public var dates: [LocalDate]
    public var amounts: [Double]
    public var coverageEnd: LocalDate?
    public init(file: String, dates: [LocalDate], amounts: [Double], coverageEnd: LocalDate?) {
        self.file = file; self.dates = dates; self.amounts = amounts; self.coverageEnd = coverageEnd
    }
}

/// The price files of one instrument, as the history layout finds them.
public struct InstrumentHistory: Sendable {
    /// Files holding the instrument's `Close`, in layout order, each with whether its `Close` is the traded close
    /// (split-adjusted only) rather than a dividend-adjusted one.
    public var closes: [(series: PriceSeries, rawClose: Bool)]
    /// The series of the returns (volatility, beta): the layout's first file (`Adj Close` where a file has one).
    public var returns: PriceSeries
    public var dividends: DividendHistory?
    public init(closes: [(series: PriceSeries, rawClose: Bool)], returns: PriceSeries, dividends: DividendHistory?) {
        self.closes = closes; self.returns = returns; self.dividends = dividends
    }
}

/// Everything the builder reads: the request and the series already loaded (the builder itself reads no file).
public struct SnapshotInputs: Sendable {
    public var asOf: LocalDate
    public var baseCurrency: Currency
    /// Instruments in output order with their trading currency.
    public var instruments: [(id: String, currency: Currency)]
    public var method = SnapshotMethod()
    public var assumptions = SnapshotAssumptions()
    /// Histories by instrument id (absent: no file found; an error unless the workspace assumes a quote).
    public var histories: [String: InstrumentHistory] = [:]
    /// The market index's returns series (for betas).
    public var index: PriceSeries?
    public var rateSeries: [Currency: ValueSeries] = [:]
    public var fxSeries: [Currency: ValueSeries] = [:]
    /// How a file path is shown in sources (relative to the data root).
    public var display: @Sendable (String) -> String = { $0 }
    /// Where a ticker's file was looked for, for errors ("NVDA.csv in ../shared/data/adjclose_to_2026, …").
    public var lookedFor: @Sendable (String) -> String = { "\($0).csv" }
    public init(asOf: LocalDate, baseCurrency: Currency, instruments: [(id: String, currency: Currency)]) {
        self.asOf = asOf; self.baseCurrency = baseCurrency; self.instruments = instruments
    }
}

// MARK: - Output

/// One instrument of a built snapshot, with the notes the file states next to it.
public struct BuiltQuote: Sendable, Equatable {
    public var quote: InstrumentQuote
    public var borrowNote: String
    public var dividendNote: String
}

public struct BuiltRate: Sendable, Equatable {
    public var currency: Currency
    public var value: Double
    /// Where it came from (the series and date, or the assumption's reason).
    public var note: String
    /// From a series: its date, the quoted discount yield (%) and the file.
    public var observed: (date: LocalDate, quoted: Double, file: String)?
    /// What the series is (the workspace's source sentence), for the file's comment.
    public var label: String = ""
    public static func == (a: BuiltRate, b: BuiltRate) -> Bool {
        a.currency == b.currency && a.value == b.value && a.note == b.note && a.observed?.date == b.observed?.date
            && a.observed?.quoted == b.observed?.quoted && a.observed?.file == b.observed?.file
    }
}

public struct BuiltFX: Sendable, Equatable {
    public var currency: Currency
    public var value: Double
    public var note: String
    /// False when read from an FX file (then `date` is the fixing's date).
    public var assumed: Bool
    public var date: LocalDate?
}

/// A market snapshot built from histories: the snapshot, its instruments in output order with their notes, the rates
/// and FX with theirs, and what the builder had to say (data older than the as-of date, omitted betas).
public struct BuiltSnapshot: Sendable {
    public var snapshot: MarketSnapshot
    public var quotes: [BuiltQuote]
    /// Instruments left out, with the reason (a listing that starts after the as-of date).
    public var omitted: [(id: String, reason: String)]
    public var rates: [BuiltRate]
    public var fx: [BuiltFX]
    public var method: SnapshotMethod
    public var warnings: [String]
}

/// Problems that stop a snapshot (every one found, not just the first).
public struct SnapshotBuildError: Error, CustomStringConvertible, Sendable {
    public var problems: [String]
    public init(_ problems: [String]) { self.problems = problems }
    public var description: String {
        problems.joined(separator: "\n") + (problems.count > 1 ? "\n(\(problems.count) problems)" : "")
    }
}

// MARK: - Builder

/// Builds a market snapshot from price histories as of a date (`hedgebook snapshot`). Pure computation over series
/// already read; the rules are those of `tools/make_market_snapshot.py` (which cross-checks the bundled snapshot):
///
/// - **spot**: the last `Close` on or before the as-of date; among the instrument's files the latest such close wins,
///   and on the same date a traded (split-adjusted only) close wins over a dividend-adjusted one. The quote's `asOf`
///   is that close's date.
/// - **volatility**: sample standard deviation (n − 1) of the last `volatilityWindow` daily log returns to the spot date
///   × √252 (fewer when the listing is younger, stated).
/// - **beta**: OLS slope against the index (`cov/var`, n − 1). Listings in the index's currency: daily log returns over
///   the last `betaWindow + 1` common dates. Listings in other currencies (markets closing at other times):
///   non-overlapping `weeklyStep`-day log returns over the listing's last `betaWindow + 1` closes, the index taken at its
///   last close on or before each date.
/// - **dividendYield**: ln(1 + D/spot), D = cash dividends in the trailing `dividendWindowDays` ending at the end of the
///   dividend data (at most the as-of date); else the workspace's assumed yield; else 0, stated.
/// - **rates**: a 13-week T-bill discount yield d (%, ^IRX) on or before the as-of date → r = −ln(1 − d/100·91/360)/(91/365);
///   else the workspace's value (assumed). **FX**: an FX file's last close on or before the date, else the workspace's
///   value (assumed).
///
/// Sums and variances follow NumPy's pairwise summation, so volatilities match `np.std` bit for bit; the covariance
/// differs from `np.cov` (a BLAS dot product) by rounding only.
public enum SnapshotBuilder {
    public static func build(_ input: SnapshotInputs) throws(SnapshotBuildError) -> BuiltSnapshot {
        var problems: [String] = []
        var warnings: [String] = []
        let asOf = input.asOf, m = input.method, a = input.assumptions
        let annualisation = Double(Conventions.tradingDaysPerYear).squareRoot()

        // The index (betas), cut at the as-of date.
        var index: (dates: [LocalDate], closes: [Double])?
        let indexCurrency = input.instruments.first { $0.id == m.index }?.currency ?? .usd
        if let s = input.index {
            let c = closes(s, upTo: asOf)
            if c.dates.isEmpty {
                problems.append("\(input.display(s.file)): the market index \(m.index) starts \(s.dates.first.map { "\($0)" } ?? "nowhere"), after the as-of date \(asOf); no close on or before it")
            } else { index = c }
        } else {
            problems.append("no price history for the market index \(m.index) (betas): looked for \(input.lookedFor(m.index))")
        }

        var quotes: [BuiltQuote] = []
        var omitted: [(id: String, reason: String)] = []
        for (id, ccy) in input.instruments {
            let borrow = a.borrow[id]
            let borrowRate = borrow?.rate ?? 0
            let borrowNote = borrow.map { $0.source ?? "workspace" } ?? "no borrow assumption in the workspace: 0"
            if borrow == nil { warnings.append("\(id): no borrow rate in marketAssumptions.borrow; 0 written") }
            if let q = a.quotes[id] {
                let y = a.dividendYields[id]
                let quoteDate = q.asOf.map { min($0, asOf) } ?? asOf
                let quote = InstrumentQuote(id: id, spot: q.spot, currency: q.currency ?? ccy, volatility: q.volatility,
                                            dividendYield: y?.value ?? 0, borrowRate: borrowRate, beta: q.beta, assumed: true,
                                            source: q.source, asOf: quoteDate)
                quotes.append(BuiltQuote(quote: quote, borrowNote: borrowNote,
                                         dividendNote: y.map { $0.source ?? "workspace" } ?? "no dividend assumption: 0"))
                continue
            }
            guard let h = input.histories[id] else {
                problems.append("no price history for \(id): looked for \(input.lookedFor(id)); add the file, or an assumed quote under marketAssumptions.quotes.\(id)")
                continue
            }
            // Spot: the latest close on or before the date over the instrument's files; a traded close wins a tie.
            var best: (series: PriceSeries, raw: Bool, date: LocalDate, close: Double)?
            for (s, raw) in h.closes {
                let c = closes(s, upTo: asOf)
                guard let d = c.dates.last else { continue }
                if best == nil || d > best!.date || (d == best!.date && raw && !best!.raw) {
                    best = (s, raw, d, c.closes.last!)
                }
            }
            guard let spot = best else {
                // The listing starts after the as-of date: the name is left out of the snapshot, and the file says why.
                let starts = h.closes.map { "\(input.display($0.series.file)) starts \($0.series.dates.first.map { "\($0)" } ?? "empty")" }
                let reason = "\(starts.joined(separator: "; ")), after the as-of date \(asOf)"
                omitted.append((id, reason))
                warnings.append("\(id): not quoted: \(reason)")
                continue
            }
            // Returns series, to the spot date.
            let r = closes(h.returns, upTo: spot.date)
            let volCloses = Array(r.closes.suffix(m.volatilityWindow + 1))
            guard volCloses.count >= 3 else {
                let reason = "\(max(0, volCloses.count - 1)) daily returns on or before \(spot.date) in \(input.display(h.returns.file)) (it starts \(h.returns.dates.first.map { "\($0)" } ?? "nowhere")); a volatility needs at least 2"
                omitted.append((id, reason))
                warnings.append("\(id): not quoted: \(reason)")
                continue
            }
            let lr = logReturns(volCloses)
            let vol = NumpyStatistics.standardDeviation(lr, ddof: 1) * annualisation
            let weekly = ccy != indexCurrency
            var beta: Double?
            if let index {
                beta = weekly ? weeklyBeta(r, index: index, window: m.betaWindow, step: m.weeklyStep)
                              : dailyBeta(r, index: index, window: m.betaWindow)
                if beta == nil { warnings.append("\(id): fewer than 3 \(weekly ? "weekly" : "daily") returns in common with \(m.index) to \(spot.date); beta omitted") }
            }
            // Dividend yield.
            let q: Double
            let dividendNote: String
            if let y = a.dividendYields[id] {
                q = y.value
                dividendNote = y.source ?? "workspace"
            } else if let d = h.dividends {
                let end = min(asOf, d.coverageEnd ?? asOf)
                let start = end.adding(days: -m.dividendWindowDays)
                var paid = 0.0
                for (t, x) in zip(d.dates, d.amounts) where t > start && t <= end { paid += x }
                q = Foundation.log(1 + paid / spot.close)
                let span = m.dividendWindowDays == 365 ? "12m" : "\(m.dividendWindowDays)d"
                dividendNote = "trailing-\(span) dividends \(PythonFormat.fixed(paid, 4)) \(ccy) to \(end) (\(input.display(d.file))) / spot"
            } else {
                q = 0
                dividendNote = "no dividend file (\(id)_dividends.csv) and no assumption: 0"
                warnings.append("\(id): no dividend file and no marketAssumptions.dividendYields entry; dividend yield 0")
            }
            // Source sentence (the cross-check compares it character for character).
            let n = lr.count
            var src = "\(input.display(spot.series.file)) close \(spot.date)"
            if spot.date != asOf { src += "; data end \(spot.date), stale vs as-of \(asOf)" }
            if !spot.raw, let last = spot.series.dates.last, spot.date < last {
                src += "; dividend-adjusted close (the data hold no unadjusted close on that date)"
            }
            let window = "\(n) daily log returns" + (n < m.volatilityWindow ? " (listing younger than a year)" : "")
            let of = h.returns.file == spot.series.file ? "" : " of \(input.display(h.returns.file))"
            src += "; vol = realised over \(window)\(of) to \(r.dates.last!)"
            src += beta == nil ? "; beta omitted (too few returns in common with \(m.index))"
                               : "; beta = OLS vs \(m.index) on \(weekly ? "weekly" : "daily") log returns"
            if spot.date < asOf {
                warnings.append("\(id): last close \(spot.date) is \(spot.date.weekdays(to: asOf)) trading days before the as-of date \(asOf) (\(input.display(spot.series.file)))")
            }
            let quote = InstrumentQuote(id: id, spot: spot.close, currency: ccy, volatility: vol, dividendYield: q,
                                        borrowRate: borrowRate, beta: beta, assumed: false, source: src, asOf: spot.date)
            quotes.append(BuiltQuote(quote: quote, borrowNote: borrowNote, dividendNote: dividendNote))
        }

        // Rates.
        var rates: [BuiltRate] = []
        for r in a.rates {
            if r.series != nil, let s = input.rateSeries[r.currency], let (d, quoted) = s.last(onOrBefore: asOf) {
                let discount = quoted / 100
                let value = -Foundation.log(1 - discount * 91 / 360) / (91.0 / 365.0)
                rates.append(BuiltRate(currency: r.currency, value: value,
                                       note: "from \(r.source ?? r.series!) (\(input.display(s.file))) on \(d == asOf ? "the as-of date" : d.description), converted to continuous",
                                       observed: (d, quoted, input.display(s.file)),
                                       label: r.source ?? "\(r.series!) 13-week T-bill discount yield"))
                if d < asOf { warnings.append("rate \(r.currency): last \(r.series!) value \(d) is before the as-of date \(asOf)") }
            } else if let v = r.value {
                if let name = r.series {
                    warnings.append("rate \(r.currency): no \(name) value on or before \(asOf) (looked for \(input.lookedFor(name))); the workspace's assumed \(NumberFormat.shortest(v)) used")
                }
                rates.append(BuiltRate(currency: r.currency, value: v, note: r.source ?? "assumed (workspace)", observed: nil, label: ""))
            } else {
                problems.append("rate \(r.currency): no \(r.series ?? "rate series") value on or before \(asOf) (looked for \(input.lookedFor(r.series ?? "?"))) and no assumed value in marketAssumptions.rates.\(r.currency)")
            }
        }

        // FX: the workspace's list, then any other currency an instrument trades in.
        var fxList = a.fx
        for (_, c) in input.instruments where c != input.baseCurrency && !fxList.contains(where: { $0.currency == c }) {
            fxList.append(SnapshotAssumptions.FX(currency: c))
        }
        for q in quotes where q.quote.currency != input.baseCurrency && !fxList.contains(where: { $0.currency == q.quote.currency }) {
            fxList.append(SnapshotAssumptions.FX(currency: q.quote.currency))
        }
        var fx: [BuiltFX] = []
        for f in fxList where f.currency != input.baseCurrency {
            let name = f.series ?? "\(f.currency.code)\(input.baseCurrency.code)"
            if let s = input.fxSeries[f.currency], let (d, v) = s.last(onOrBefore: asOf) {
                fx.append(BuiltFX(currency: f.currency, value: v, note: "\(input.display(s.file)) close \(d)", assumed: false, date: d))
                if d < asOf { warnings.append("FX \(f.currency): last fixing \(d) in \(input.display(s.file)) is before the as-of date \(asOf)") }
            } else if let v = f.value {
                fx.append(BuiltFX(currency: f.currency, value: v, note: f.source ?? "assumed (workspace)", assumed: true, date: nil))
            } else {
                problems.append("FX \(f.currency): no FX file (looked for \(input.lookedFor(name)); format Date,Close = \(input.baseCurrency) per \(f.currency)) and no assumed value in marketAssumptions.fx.\(f.currency)")
            }
        }

        if !problems.isEmpty { throw SnapshotBuildError(problems) }
        var byID: [String: InstrumentQuote] = [:]
        for q in quotes { byID[q.quote.id] = q.quote }
        let snapshot = MarketSnapshot(asOf: asOf, baseCurrency: input.baseCurrency, quotes: byID,
                                      fx: Dictionary(fx.map { ($0.currency, $0.value) }, uniquingKeysWith: { a, _ in a }),
                                      rates: Dictionary(rates.map { ($0.currency, $0.value) }, uniquingKeysWith: { a, _ in a }))
        return BuiltSnapshot(snapshot: snapshot, quotes: quotes, omitted: omitted, rates: rates, fx: fx, method: m, warnings: warnings)
    }

    // MARK: Statistics (the script's rules)

    /// The non-missing closes dated on or before `date`.
    static func closes(_ s: PriceSeries, upTo date: LocalDate) -> (dates: [LocalDate], closes: [Double]) {
        var d: [LocalDate] = [], c: [Double] = []
        d.reserveCapacity(s.dates.count)
        c.reserveCapacity(s.dates.count)
        for (t, v) in zip(s.dates, s.values) where t <= date {
            if let v { d.append(t); c.append(v) }
        }
        return (d, c)
    }

    static func logReturns(_ closes: [Double]) -> [Double] {
        guard closes.count >= 2 else { return [] }
        let l = closes.map { Foundation.log($0) }
        return (1..<l.count).map { l[$0] - l[$0 - 1] }
    }

    /// OLS slope cov(x, y)/var(x) with n − 1 in both (as `np.cov(x, y)[0, 1] / np.var(x, ddof=1)`); nil below 2 returns.
    static func slope(x: [Double], y: [Double]) -> Double? {
        guard x.count >= 2, x.count == y.count else { return nil }
        return NumpyStatistics.covariance(x, y) / NumpyStatistics.variance(x, ddof: 1)
    }

    /// Daily beta over the last `window + 1` dates the listing and the index share.
    static func dailyBeta(_ r: (dates: [LocalDate], closes: [Double]), index: (dates: [LocalDate], closes: [Double]), window: Int) -> Double? {
        var at: [LocalDate: Double] = [:]
        at.reserveCapacity(index.dates.count)
        for (d, c) in zip(index.dates, index.closes) { at[d] = c }
        var xs: [Double] = [], ys: [Double] = []
        for (d, c) in zip(r.dates, r.closes) { if let x = at[d] { xs.append(x); ys.append(c) } }
        let k = min(xs.count, window + 1)
        xs = Array(xs.suffix(k)); ys = Array(ys.suffix(k))
        guard k >= 3 else { return nil }
        return slope(x: logReturns(xs), y: logReturns(ys))
    }

    /// Weekly beta: every `step`-th close counted back from the listing's last one over its last `window + 1` closes;
    /// the index at its last close on or before each of those dates.
    static func weeklyBeta(_ r: (dates: [LocalDate], closes: [Double]), index: (dates: [LocalDate], closes: [Double]), window: Int, step: Int) -> Double? {
        let n = min(r.dates.count, window + 1)
        let base = r.dates.count - n
        var idx: [Int] = []
        var i = n - 1
        while i >= 0 { idx.append(base + i); i -= step }
        idx.reverse()
        var ys: [Double] = [], xs: [Double] = []
        for j in idx {
            guard let x = lastOnOrBefore(index, r.dates[j]) else { continue }
            ys.append(r.closes[j]); xs.append(x)
        }
        guard xs.count >= 4 else { return nil }
        return slope(x: logReturns(xs), y: logReturns(ys))
    }

    static func lastOnOrBefore(_ s: (dates: [LocalDate], closes: [Double]), _ date: LocalDate) -> Double? {
        var lo = 0, hi = s.dates.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if s.dates[mid] <= date { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : s.closes[lo - 1]
    }
}

/// NumPy's reductions, reproduced: `np.sum` (pairwise summation, 8 accumulators in blocks of 128), `np.mean`, `np.var`
/// and `np.std` with `ddof`. `np.cov` uses a BLAS dot product whose order is the library's; here a plain sum.
public enum NumpyStatistics {
    public static func sum(_ a: [Double]) -> Double {
        a.withUnsafeBufferPointer { p in p.isEmpty ? 0 : pairwise(p.baseAddress!, p.count) }
    }

    static func pairwise(_ a: UnsafePointer<Double>, _ n: Int) -> Double {
        if n < 8 {
            var res = 0.0
            for i in 0..<n { res += a[i] }
            return res
        } else if n <= 128 {
            var r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7]
            var i = 8
            let end = n - n % 8
            while i < end {
                r0 += a[i]; r1 += a[i + 1]; r2 += a[i + 2]; r3 += a[i + 3]
                r4 += a[i + 4]; r5 += a[i + 5]; r6 += a[i + 6]; r7 += a[i + 7]
                i += 8
            }
            var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
            while i < n { res += a[i]; i += 1 }
            return res
        } else {
            var n2 = n / 2
            n2 -= n2 % 8
            return pairwise(a, n2) + pairwise(a + n2, n - n2)
        }
    }

    public static func mean(_ a: [Double]) -> Double { sum(a) / Double(a.count) }

    public static func variance(_ a: [Double], ddof: Int) -> Double {
        let m = mean(a)
        return sum(a.map { ($0 - m) * ($0 - m) }) / Double(a.count - ddof)
    }

    public static func standardDeviation(_ a: [Double], ddof: Int) -> Double { variance(a, ddof: ddof).squareRoot() }

    /// `np.cov(x, y, ddof=1)[0, 1]`: means by pairwise sums, the cross product summed in order, times 1/(n − 1).
    public static func covariance(_ x: [Double], _ y: [Double]) -> Double {
        let mx = mean(x), my = mean(y)
        var s = 0.0
        for i in x.indices { s += (x[i] - mx) * (y[i] - my) }
        return s * (1.0 / Double(x.count - 1))
    }
}

/// Python's fixed-point formatting (`f"{x:.{n}f}"`, correctly rounded from the binary value by glibc) with trailing
/// zeros and point removed, as the snapshot files have always been written.
public enum PythonFormat {
    public static func fixed(_ x: Double, _ decimals: Int) -> String {
        var s = String(format: "%.\(decimals)f", x)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s == "-0" || s.isEmpty ? "0" : s
    }

    /// Python's `repr(float)`: the shortest decimal that reads back to the same double.
    public static func repr(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e16 { return String(format: "%.1f", x) }
        return "\(x)"
    }
}
