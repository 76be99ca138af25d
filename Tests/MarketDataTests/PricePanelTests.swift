import Basics
import Foundation
import LinearAlgebra
import MarketData
import Testing

func day(_ s: String) -> LocalDate { LocalDate(iso: s)! }

/// A 4 × 2 panel: A 100 → 110 → 99 → 108.9, B 50 → 50 → 55 → 44.
func handPanel() -> PricePanel {
    PricePanel(dates: ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"].map(day), tickers: ["A", "B.HK"],
               prices: Matrix(rows: 4, cols: 2, columnMajor: [100, 110, 99, 108.9, 50, 50, 55, 44]),
               currencies: [.usd, Currency("HKD")])
}

@Suite struct PricePanelTests {
    @Test func shapeAndDefaults() {
        let p = handPanel()
        #expect(p.observationCount == 4 && p.assetCount == 2 && p.index(of: "B.HK") == 1 && p.index(of: "C") == nil)
        let plain = PricePanel(dates: [day("2024-01-02")], tickers: ["X", "Y"], prices: Matrix(rows: 1, cols: 2, repeating: 1))
        #expect(plain.currencies == [.usd, .usd])
    }

    /// Simple r = P_t/P_{t−1} − 1 and log r = ln(P_t/P_{t−1}), by hand: A +10%, −10%, +10%; B 0, +10%, −20%.
    @Test func simpleAndLogReturnsByHand() throws {
        let p = handPanel()
        let r = try p.returns(kind: .simple)
        #expect(r.kind == .simple && r.observationCount == 3 && r.assetCount == 2)
        #expect(r.dates == ["2024-01-03", "2024-01-04", "2024-01-05"].map(day))   // a return is dated at its end
        #expect(r.tickers == ["A", "B.HK"])
        let simple: [[Double]] = [[0.1, 0], [-0.1, 0.1], [0.1, -0.2]]
        for t in 0..<3 { for j in 0..<2 { #expect(abs(r.values[t, j] - simple[t][j]) < 1e-15, "simple [\(t), \(j)]") } }
        let l = try p.returns(kind: .log)
        #expect(l.kind == .log)
        for t in 0..<3 {
            for j in 0..<2 { #expect(abs(l.values[t, j] - Foundation.log(1 + simple[t][j])) < 1e-15, "log [\(t), \(j)]") }
        }
        // Log returns add up: ln(108.9 / 100) and ln(44 / 50).
        #expect(abs((0..<3).map { l.values[$0, 0] }.reduce(0, +) - Foundation.log(1.089)) < 1e-15)
        #expect(abs((0..<3).map { l.values[$0, 1] }.reduce(0, +) - Foundation.log(0.88)) < 1e-15)
        #expect(ReturnKind.allCases == [.simple, .log])
    }

    /// The window selects prices dated within [from, to]; its T prices give T − 1 returns.
    @Test func returnsOverAWindow() throws {
        let p = handPanel()
        let w = try p.returns(kind: .simple, from: day("2024-01-03"), to: day("2024-01-04"))
        #expect(w.observationCount == 1 && w.dates == [day("2024-01-04")])
        #expect(abs(w.values[0, 0] - (99.0 / 110 - 1)) < 1e-15 && abs(w.values[0, 1] - 0.1) < 1e-15)
        // Bounds that fall between or outside dates.
        let open = try p.returns(from: day("2023-12-01"), to: day("2030-01-01"))
        #expect(open.observationCount == 3)
        let tail = try p.returns(from: day("2024-01-03"), to: nil)
        #expect(tail.observationCount == 2)
        // One price (or none) in the window: a typed error naming the window.
        do {
            _ = try p.returns(from: day("2024-01-05"))
            Issue.record("expected tooFewObservations")
        } catch {
            #expect(error == .tooFewObservations(observations: 0, assets: 2, context: "returns between 2024-01-05 and end"))
        }
        #expect(throws: PriceDataError.self) { try p.returns(from: day("2025-01-01")) }
    }

    @Test func windowIsInclusiveAndKeepsCurrencies() {
        let p = handPanel()
        let w = p.window(from: day("2024-01-03"), to: day("2024-01-04"))
        #expect(w.dates == [day("2024-01-03"), day("2024-01-04")])
        #expect(w.prices == Matrix(rows: 2, cols: 2, columnMajor: [110, 99, 50, 55]))
        #expect(w.currencies == p.currencies && w.tickers == p.tickers)
        #expect(p.window(from: nil, to: nil) == p)
        #expect(p.window(from: day("2024-01-04"), to: nil).observationCount == 2)
        #expect(p.window(from: nil, to: day("2024-01-02")).observationCount == 1)
        let none = p.window(from: day("2025-01-01"), to: nil)
        #expect(none.observationCount == 0 && none.assetCount == 2)
    }

    @Test func selectingColumnsOfAReturnPanel() throws {
        let r = try handPanel().returns()
        let s = try r.selecting(["B.HK", "A"])
        #expect(s.tickers == ["B.HK", "A"])
        for t in 0..<3 { #expect(s.values[t, 0] == r.values[t, 1] && s.values[t, 1] == r.values[t, 0]) }
        #expect(throws: PriceDataError.tickerAbsent(ticker: "C", source: "return panel", available: ["A", "B.HK"])) {
            try r.selecting(["A", "C"])
        }
    }
}

/// FX conversion: price × (base units per local unit), the rate forward-filled from the last fixing on or before.
@Suite struct FXConversionByHandTests {
    @Test func lastFixingSkipsMissingValuesAndLeavesBaseColumns() throws {
        let p = handPanel()
        // Fixings on 01-01 (0.128), 01-03 (missing cell), 01-04 (0.127): 01-02 and 01-03 use 0.128.
        let fx = PriceSeries(ticker: "HKD", dates: ["2024-01-01", "2024-01-03", "2024-01-04"].map(day), values: [0.128, nil, 0.127],
                             file: "fx.csv")
        let c = try p.converted(to: .usd, fx: [Currency("HKD"): fx])
        let converted: [Double] = (0..<4).map { c.prices[$0, 1] }
        let expected: [Double] = [50 * 0.128, 50 * 0.128, 55 * 0.127, 44 * 0.127]
        #expect(converted == expected)
        let base: [Double] = (0..<4).map { c.prices[$0, 0] }
        #expect(base == [100, 110, 99, 108.9])
        #expect(c.currencies == [.usd, .usd])
        // Converting to the panel's own currencies changes nothing that is already in base.
        #expect(try c.converted(to: .usd, fx: [:]) == c)
    }

    @Test func noFixingBeforeTheFirstDateIsAnError() {
        let fx = PriceSeries(ticker: "HKD", dates: [day("2024-01-03")], values: [0.128], file: "fx.csv")
        #expect(throws: PriceDataError.noFXFixing(file: "fx.csv", currency: "HKD", date: day("2024-01-02"))) {
            try handPanel().converted(to: .usd, fx: [Currency("HKD"): fx])
        }
        let e = PriceDataError.noFXFixing(file: "fx.csv", currency: "HKD", date: day("2024-01-02"))
        #expect(e.description.hasPrefix("fx.csv: FX series HKD has no fixing on or before 2024-01-02"))
    }
}

@Suite struct SnapshotAndHistoryTests {
    @Test func snapshotFXConvention() {
        let q = InstrumentQuote(id: "0700.HK", spot: 400, currency: Currency("HKD"), volatility: 0.35)
        let m = MarketSnapshot(asOf: day("2026-08-03"), baseCurrency: .usd, quotes: ["0700.HK": q, "AAA": q], fx: [Currency("HKD"): 0.128],
                               rates: [.usd: 0.04])
        #expect(m.fx[.usd] == 1 && m.fxRate(.usd) == 1 && m.fxRate(Currency("HKD")) == 0.128 && m.fxRate(Currency("JPY")) == nil)
        #expect(m.rate(.usd) == 0.04 && m.rate(Currency("HKD")) == 0)
        #expect(m.sortedIDs == ["0700.HK", "AAA"] && m.quote("AAA")?.spot == 400 && m.quote("BBB") == nil)
        #expect(q.dividendYield == 0 && q.borrowRate == 0 && q.beta == nil && !q.assumed)
        // A base-currency rate in the input is overwritten by 1.
        let n = MarketSnapshot(asOf: day("2026-08-03"), baseCurrency: .usd, quotes: [:], fx: [.usd: 7], rates: [:])
        #expect(n.fxRate(.usd) == 1 && n.fx[.usd] == 1)
    }

    @Test func inMemoryHistory() throws {
        let s = PriceSeries(ticker: "NVDA", dates: [day("2024-01-02"), day("2024-01-03")], values: [100, 101])
        let h: any PriceHistorySource = InMemoryHistory(["NVDA": s])
        #expect(h.summary == "in-memory histories")
        #expect(try h.series("NVDA", field: .adjustedClose) == s)
        #expect(try h.series("NVDA", field: .close) == s)      // one series per ticker, whatever the field
        #expect(try h.series("AMD", field: .adjustedClose) == nil)
        #expect(InMemoryHistory([:], summary: "what-if").summary == "what-if")
        #expect(PriceField.adjustedClose.rawValue == "Adj Close" && PriceField.close.rawValue == "Close")
    }

    /// PriceSeries' default line numbers are 2, 3, … (header on line 1), as a wide file would give.
    @Test func seriesDefaultLines() {
        let s = PriceSeries(ticker: "X", dates: ["2024-01-02", "2024-01-03", "2024-01-04"].map(day), values: [1, nil, 2])
        #expect(s.lines == [2, 3, 4] && s.file == "" && s.currency == nil)
        #expect(PriceSeries(ticker: "Y", dates: [], values: []).lines.isEmpty)
    }
}
