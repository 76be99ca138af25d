import Basics
import Foundation
import MarketData
import Testing

/// `n` closes on consecutive weekdays from `from`, for `ticker`, in `file`.
func weekdaySeries(_ ticker: String, from: String, closes: [Double], file: String) -> PriceSeries {
    var dates: [LocalDate] = []
    var d = LocalDate(iso: from)!
    while dates.count < closes.count {
        if d.weekday <= 5 { dates.append(d) }
        d = d.adding(days: 1)
    }
    return PriceSeries(ticker: ticker, dates: dates, values: closes.map { Optional($0) }, file: file)
}

/// A deterministic wiggly price path of `n` closes.
func path(_ n: Int, start: Double, phase: Double) -> [Double] {
    var p = start
    return (0..<n).map { i in p *= 1 + 0.01 * sin(Double(i) * 0.7 + phase) + 0.001; return p }
}

@Suite struct QuoteFreshnessTests {
    /// Ages in weekdays at the valuation date; STALE above maxQuoteAgeDays, refused above refuseQuoteAgeDays; a quote
    /// without asOf takes the snapshot's date.
    @Test func agesStaleAndRefused() {
        let v = LocalDate(iso: "2026-08-03")!
        func q(_ id: String, _ asOf: String?) -> InstrumentQuote {
            InstrumentQuote(id: id, spot: 10, currency: .usd, volatility: 0.2, source: "\(id).csv close \(asOf ?? "-"); vol", asOf: asOf.flatMap(LocalDate.init(iso:)))
        }
        let m = MarketSnapshot(asOf: v, baseCurrency: .usd,
                               quotes: ["A": q("A", "2026-08-03"), "B": q("B", "2026-07-24"), "C": q("C", nil), "D": q("D", "2025-10-30")],
                               fx: [:], rates: [:])
        let policy = FreshnessPolicy(maxQuoteAgeDays: 5, refuseQuoteAgeDays: 20)
        let ages = QuoteFreshness.ages(m, valuationDate: v, policy: policy)
        #expect(ages.map(\.id) == ["A", "B", "C", "D"])
        #expect(ages.map(\.tradingDays) == [0, 6, 0, 197])
        #expect(ages.map(\.calendarDays) == [0, 10, 0, 277])
        #expect(ages.map(\.stale) == [false, true, false, true])
        #expect(ages.map(\.beyondRefusal) == [false, false, false, true])
        #expect(ages.map(\.stated) == [true, true, false, true])
        let w = QuoteFreshness.staleWarning(ages[1], valuationDate: v, policy: policy)
        #expect(w.hasPrefix("STALE B: quote of 2026-07-24 is 6 trading days (10 calendar days) old at the valuation date 2026-08-03"))
        #expect(w.contains("maxQuoteAgeDays 5") && w.contains("source: B.csv close 2026-07-24)"))
        let e = QuoteFreshness.refusal([ages[3]], valuationDate: v, policy: policy)
        #expect(e.contains("D (2025-10-30, 197 trading days)") && e.contains("--allow-stale") && e.contains("refuseQuoteAgeDays 20"))
        // No refusal limit: nothing is refused however old.
        #expect(!QuoteFreshness.ages(m, valuationDate: v, policy: FreshnessPolicy()).contains { $0.beyondRefusal })
    }

    @Test func historyWindowNote() {
        let v = LocalDate(iso: "2026-08-03")!
        #expect(QuoteFreshness.windowNote("history", end: v, valuationDate: v) == nil)
        #expect(QuoteFreshness.windowNote("history", end: LocalDate(iso: "2025-10-30")!, valuationDate: v, because: "HK ends there")
                == "history window ends 2025-10-30, 197 trading days (277 calendar days) before the valuation date 2026-08-03: HK ends there")
    }
}

@Suite struct SnapshotBuilderTests {
    let asOf = LocalDate(iso: "2026-08-03")!

    /// SPY (the index) and a US name on 400 weekdays ending 2026-08-03, an HK name ending earlier, a name listed after
    /// the as-of date, and an assumed quote.
    func inputs() -> SnapshotInputs {
        let spy = weekdaySeries("SPY", from: "2025-02-24", closes: path(400, start: 500, phase: 0), file: "data/adj/SPY.csv")
        let aaa = weekdaySeries("AAA", from: "2025-02-24", closes: path(400, start: 50, phase: 1), file: "data/adj/AAA.csv")
        let hk = weekdaySeries("0001.HK", from: "2024-12-02", closes: path(300, start: 80, phase: 2), file: "data/hk/0001.HK.csv")
        let late = weekdaySeries("NEW", from: "2026-09-01", closes: path(30, start: 20, phase: 3), file: "data/adj/NEW.csv")
        var i = SnapshotInputs(asOf: asOf, baseCurrency: .usd,
                               instruments: [("AAA", .usd), ("0001.HK", Currency("HKD")), ("NEW", .usd), ("ZZZ", Currency("CNY")), ("SPY", .usd)])
        i.histories = [
            "SPY": InstrumentHistory(closes: [(spy, false)], returns: spy, dividends: nil),
            // AAA's data run past the as-of date; its Close is a traded close (else the spot would be labelled dividend-adjusted).
            "AAA": InstrumentHistory(closes: [(aaa, true)], returns: aaa,
                                     dividends: DividendHistory(file: "data/ohlcv/AAA_dividends.csv",
                                                                dates: ["2025-05-01", "2025-08-01", "2026-02-02", "2026-06-01"].map { LocalDate(iso: $0)! },
                                                                amounts: [0.1, 0.2, 0.3, 0.4], coverageEnd: LocalDate(iso: "2026-05-29"))),
            "0001.HK": InstrumentHistory(closes: [(hk, false)], returns: hk, dividends: nil),
            "NEW": InstrumentHistory(closes: [(late, false)], returns: late, dividends: nil),
        ]
        i.index = spy
        i.assumptions.quotes["ZZZ"] = .init(spot: 12, currency: Currency("CNY"), volatility: 0.5, beta: 0.7, source: "assumed: no data")
        i.assumptions.fx = [.init(currency: Currency("HKD"), value: 0.128, source: "assumed: peg"),
                            .init(currency: Currency("CNY"), value: 0.14, source: "assumed: CNY")]
        i.assumptions.rates = [.init(currency: .usd, value: 0.04, source: "assumed: 4%")]
        i.assumptions.borrow["AAA"] = .init(rate: 0.0025, source: "GC")
        i.display = { $0.hasPrefix("data/") ? String($0.dropFirst(5)) : $0 }
        i.lookedFor = { "\($0).csv in data/adj, data/hk" }
        return i
    }

    @Test func quotesFollowTheScriptRules() throws {
        let b = try SnapshotBuilder.build(inputs())
        #expect(b.quotes.map(\.quote.id) == ["AAA", "0001.HK", "ZZZ", "SPY"])
        let aaa = b.quotes[0].quote
        let h = inputs().histories["AAA"]!.returns
        let closes = zip(h.dates, h.values).filter { $0.0 <= asOf }.map { $0.1! }
        #expect(aaa.spot == closes.last! && aaa.asOf == asOf && !aaa.assumed)
        // Volatility: ddof-1 std of the last 252 log returns × √252, NumPy's summation order.
        let last = Array(closes.suffix(253)).map { Foundation.log($0) }
        let lr = (1..<last.count).map { last[$0] - last[$0 - 1] }
        #expect(aaa.volatility == NumpyStatistics.standardDeviation(lr, ddof: 1) * 252.0.squareRoot())
        // Dividends in (2025-05-29, 2026-05-29]: 0.2 + 0.3 (the 2026-06-01 one is after the data's end).
        #expect(aaa.dividendYield == Foundation.log(1 + 0.5 / aaa.spot))
        #expect(b.quotes[0].dividendNote == "trailing-12m dividends 0.5 USD to 2026-05-29 (ohlcv/AAA_dividends.csv) / spot")
        #expect(aaa.borrowRate == 0.0025 && b.quotes[0].borrowNote == "GC")
        #expect(aaa.source == "adj/AAA.csv close 2026-08-03; vol = realised over 252 daily log returns to 2026-08-03; beta = OLS vs SPY on daily log returns")
        // The HK name: last close before the as-of date (stated), weekly beta; no borrow entry → 0 with a warning.
        let hk = b.quotes[1].quote
        #expect(hk.asOf! < asOf && hk.source!.contains("stale vs as-of 2026-08-03") && hk.source!.hasSuffix("on weekly log returns"))
        #expect(hk.source!.contains("vol = realised over 252 daily log returns"))
        #expect(b.warnings.contains { $0.hasPrefix("0001.HK: no borrow rate") })
        // SPY against itself: beta 1 to rounding.
        #expect(abs(b.quotes[3].quote.beta! - 1) < 1e-12)
        // The assumed quote as written, dated at the snapshot.
        let z = b.quotes[2].quote
        #expect(z.assumed && z.spot == 12 && z.beta == 0.7 && z.asOf == asOf && z.source == "assumed: no data")
        // FX and rates from the workspace, assumed.
        #expect(b.fx.map(\.currency.code) == ["HKD", "CNY"] && b.fx.allSatisfy(\.assumed))
        #expect(b.rates.first?.value == 0.04)
    }

    /// A listing that starts after the as-of date is left out, with the file and its first date in the note.
    @Test func asOfBeforeASeriesStartsIsANote() throws {
        let b = try SnapshotBuilder.build(inputs())
        #expect(b.omitted.map(\.id) == ["NEW"])
        #expect(b.omitted[0].reason.contains("adj/NEW.csv starts 2026-09-01, after the as-of date 2026-08-03"))
        #expect(b.warnings.contains { $0.hasPrefix("NEW: not quoted:") })
        #expect(b.snapshot.quotes["NEW"] == nil)
    }

    /// No FX file and no assumed value: an error naming the file looked for; an FX file wins over the assumption.
    @Test func missingFXFile() throws {
        var i = inputs()
        i.assumptions.fx.removeFirst()   // HKD
        do {
            _ = try SnapshotBuilder.build(i)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("FX HKD: no FX file (looked for HKDUSD.csv in data/adj, data/hk; format Date,Close = USD per HKD)"))
            #expect(error.description.contains("marketAssumptions.fx.HKD"))
        }
        i.fxSeries[Currency("HKD")] = ValueSeries(file: "data/fx/HKDUSD.csv", dates: ["2026-07-31", "2026-08-04"].map { LocalDate(iso: $0)! },
                                                  values: [0.1277, 0.1279])
        let b = try SnapshotBuilder.build(i)
        let hkd = try #require(b.fx.first { $0.currency == Currency("HKD") })
        #expect(!hkd.assumed && hkd.value == 0.1277 && hkd.date == LocalDate(iso: "2026-07-31") && hkd.note == "fx/HKDUSD.csv close 2026-07-31")
    }

    /// No history for a name: the error says which file was looked for and where.
    @Test func tickerMissingNamesTheFile() {
        var i = inputs()
        i.histories["AAA"] = nil
        #expect(throws: SnapshotBuildError.self) { try SnapshotBuilder.build(i) }
        do { _ = try SnapshotBuilder.build(i) } catch {
            #expect(error.description.contains("no price history for AAA: looked for AAA.csv in data/adj, data/hk"))
        }
    }

    /// The spot: the latest close on or before the date over a name's files; on the same date the traded close wins.
    @Test func tradedCloseWinsATie() throws {
        var i = inputs()
        let adj = i.histories["AAA"]!.returns
        var raw = adj
        raw.file = "data/ohlcv/AAA.csv"
        raw.values = raw.values.map { $0! * 1.01 }
        i.histories["AAA"] = InstrumentHistory(closes: [(adj, false), (raw, true)], returns: adj, dividends: nil)
        i.asOf = LocalDate(iso: "2026-06-30")!
        let q = try SnapshotBuilder.build(i).quotes[0].quote
        #expect(q.spot == raw.values[raw.dates.firstIndex(of: i.asOf)!]!)
        #expect(q.source!.hasPrefix("ohlcv/AAA.csv close 2026-06-30; vol = realised over 252 daily log returns of adj/AAA.csv to 2026-06-30"))
        // A dividend-adjusted close before its file's end is labelled as such.
        i.histories["AAA"] = InstrumentHistory(closes: [(adj, false)], returns: adj, dividends: nil)
        let a = try SnapshotBuilder.build(i).quotes[0].quote
        #expect(a.source!.contains("; dividend-adjusted close (the data hold no unadjusted close on that date)"))
        // A later date beats a traded close.
        var shortRaw = raw
        let cut = raw.dates.firstIndex(of: LocalDate(iso: "2026-06-01")!)!
        shortRaw.dates = Array(raw.dates[...cut]); shortRaw.values = Array(raw.values[...cut])
        i.histories["AAA"] = InstrumentHistory(closes: [(adj, false), (shortRaw, true)], returns: adj, dividends: nil)
        #expect(try SnapshotBuilder.build(i).quotes[0].quote.asOf == i.asOf)
    }

    /// NumPy's results, bit for bit (values printed by numpy 2.4 with repr): np.std(x, ddof=1), np.sum(x),
    /// np.var(x[:9], ddof=1) for x_i = sin(0.7 i)/100 + (i mod 7)/10⁴, i < 300; np.cov to rounding.
    @Test func numpyReductions() {
        let x = (0..<300).map { sin(Double($0) * 0.7) * 0.01 + Double($0 % 7) * 1e-4 }
        let y = (0..<300).map { cos(Double($0) * 0.3) * 0.02 }
        #expect(NumpyStatistics.standardDeviation(x, ddof: 1) == 0.007089673711323564)
        #expect(NumpyStatistics.sum(x) == 0.11316593362832197)
        #expect(NumpyStatistics.variance(Array(x.prefix(9)), ddof: 1) == 5.59087056226949e-05)
        #expect(abs(NumpyStatistics.covariance(x, y) / 4.806547290066844e-07 - 1) < 1e-13)
    }

    /// Python's f"{x:.nf}" with trailing zeros removed (the script's fmt).
    @Test func pythonFixedFormat() {
        #expect(PythonFormat.fixed(2333000, 4) == "2333000")
        #expect(PythonFormat.fixed(207.03509521484375, 4) == "207.0351")
        #expect(PythonFormat.fixed(0.00015, 4) == "0.0001")   // binary 0.000149999…
        #expect(PythonFormat.fixed(2.675, 2) == "2.67")       // binary 2.67499…
        #expect(PythonFormat.fixed(0.125, 2) == "0.12")       // exact tie, round half to even
        #expect(PythonFormat.fixed(-0.00001, 4) == "0")
        #expect(PythonFormat.repr(0.00072) == "0.00072" && PythonFormat.repr(0.1276) == "0.1276")
    }
}
