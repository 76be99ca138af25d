import Basics
import LinearAlgebra
import MarketData
import Testing

/// Alignment policies on hand-made series (no files):
///   dates d1 … d6 = 2024-01-01 … 2024-01-06
///   A: every date, 10 … 15;   B: d2, d5, d6 only, 20, 21, 22 (missing d1, d3, d4).
@Suite struct AlignmentTests {
    static let d = (1...6).map { LocalDate(year: 2024, month: 1, day: $0)! }
    static let a = PriceSeries(ticker: "A", dates: d, values: [10, 11, 12, 13, 14, 15], file: "a.csv")
    static let b = PriceSeries(ticker: "B", dates: [d[1], d[4], d[5]], values: [20, 21, 22], file: "b.csv")

    static func column(_ p: PricePanel, _ j: Int) -> [Double] { (0..<p.observationCount).map { p.prices[$0, j] } }

    /// Intersection keeps d2, d5, d6; the three dropped dates are all B's.
    @Test func intersectionKeepsCommonDatesAndCountsDrops() throws {
        let (p, r) = try PriceAlignment.align([Self.a, Self.b])
        #expect(p.dates == [Self.d[1], Self.d[4], Self.d[5]])
        #expect(Self.column(p, 0) == [11, 14, 15] && Self.column(p, 1) == [20, 21, 22])
        #expect(r.policy == .intersection && r.unionDates == 6 && r.keptDates == 3 && r.droppedDates == 3)
        #expect(r.droppedDatesByTicker == ["A": 0, "B": 3] && r.filledByTicker == ["A": 0, "B": 0])
        #expect(r.droppedBeforeCommonStart == 0)
        #expect(r.summaryLines == ["3 of 6 dates dropped by alignment", "B: missing on 3 dropped dates"])
    }

    /// Forward fill, max gap 1: the common start is d2 (B's first price), so d1 is dropped before it; d3 is B's
    /// first missing date (filled with 20), d4 its second in a row (gap 2 > 1: dropped); d5, d6 observed.
    @Test func forwardFillWithMaxGapOne() throws {
        let (p, r) = try PriceAlignment.align([Self.a, Self.b], policy: .forwardFill(maxGap: 1))
        #expect(p.dates == [Self.d[1], Self.d[2], Self.d[4], Self.d[5]])
        #expect(Self.column(p, 0) == [11, 12, 14, 15] && Self.column(p, 1) == [20, 20, 21, 22])
        #expect(r.unionDates == 6 && r.keptDates == 4 && r.droppedDates == 2 && r.droppedBeforeCommonStart == 1)
        #expect(r.droppedDatesByTicker == ["A": 0, "B": 1] && r.filledByTicker == ["A": 0, "B": 1])
        #expect(r.summaryLines == ["2 of 6 dates dropped by alignment", "B: missing on 1 dropped dates", "B: 1 prices forward-filled"])
    }

    /// Max gap 2 fills both d3 and d4; max gap 0 fills nothing (the same dates as the intersection after the start).
    @Test func forwardFillGapLimits() throws {
        let (p2, r2) = try PriceAlignment.align([Self.a, Self.b], policy: .forwardFill(maxGap: 2))
        #expect(p2.dates == Array(Self.d[1...5]) && Self.column(p2, 1) == [20, 20, 20, 21, 22])
        #expect(r2.keptDates == 5 && r2.filledByTicker["B"] == 2 && r2.droppedDatesByTicker["B"] == 0)
        let (p0, r0) = try PriceAlignment.align([Self.a, Self.b], policy: .forwardFill(maxGap: 0))
        #expect(p0.dates == [Self.d[1], Self.d[4], Self.d[5]] && r0.filledByTicker["B"] == 0 && r0.droppedDatesByTicker["B"] == 2)
    }

    /// A missing cell (nil) inside a series: an error under intersection naming file, line and column; repaired and
    /// counted under forward fill. A series that ends early stops the panel once its gap exceeds the limit.
    @Test func missingCellsAndEndedSeries() throws {
        let holey = PriceSeries(ticker: "C", dates: Array(Self.d[0...3]), values: [30, nil, 32, 33], file: "c.csv")
        #expect(throws: PriceDataError.missingPrice(file: "c.csv", line: 3, column: "C")) {
            try PriceAlignment.align([Self.a, holey])
        }
        let (p, r) = try PriceAlignment.align([Self.a, holey], policy: .forwardFill(maxGap: 1))
        // d1…d4 with d2 filled (30); d5 filled (gap 1, C ended at d4); d6 dropped (gap 2).
        #expect(p.dates == Array(Self.d[0...4]) && Self.column(p, 1) == [30, 30, 32, 33, 33])
        #expect(r.filledByTicker["C"] == 2 && r.droppedDatesByTicker["C"] == 1 && r.droppedBeforeCommonStart == 0)
        #expect(PriceDataError.missingPrice(file: "c.csv", line: 3, column: "C").description
            == "c.csv:3: column C: missing price (use forward-fill alignment with a maximum gap to repair)")
    }

    @Test func noCommonDateIsAnError() {
        let early = PriceSeries(ticker: "E", dates: [Self.d[0]], values: [1])
        let late = PriceSeries(ticker: "L", dates: [Self.d[5]], values: [2])
        #expect(throws: PriceDataError.tooFewObservations(observations: 0, assets: 2, context: "aligned panel (no common dates)")) {
            try PriceAlignment.align([early, late])
        }
    }

    /// Currency: the series' own, else inferred from the ticker's exchange suffix.
    @Test func currencies() throws {
        let hk = PriceSeries(ticker: "0700.HK", dates: Self.d, values: Self.a.values)
        let given = PriceSeries(ticker: "ASML", dates: Self.d, values: Self.a.values, currency: Currency("EUR"))
        let (p, _) = try PriceAlignment.align([Self.a, hk, given])
        #expect(p.currencies.map(\.code) == ["USD", "HKD", "EUR"])
        let inferred = ["0700.hk": "HKD", "000660.KS": "KRW", "035720.KQ": "KRW", "300308.SZ": "CNY", "688256.SS": "CNY",
                        "600519.SH": "CNY", "8035.T": "JPY", "2330.TW": "TWD", "ASML.AS": "EUR", "NVDA": "USD"]
        for (t, c) in inferred { #expect(PriceAlignment.inferCurrency(t).code == c, "\(t)") }
    }

    @Test func dateFormats() {
        let jan2 = LocalDate(year: 2024, month: 1, day: 2)
        for text in ["2024-01-02", "2024/01/02", "1/2/2024", "01/02/2024", "2024-01-02 00:00:00-05:00"] {
            #expect(PriceAlignment.parseDate(text) == jan2, "\(text)")
        }
        for text in ["13/1/2024", "2024-02-30", "02-01-24", "yesterday", ""] {
            #expect(PriceAlignment.parseDate(text) == nil, "\(text)")
        }
    }

    @Test func errorDescriptionsNameWhatWasExpected() {
        let many = (0..<25).map { "T\($0)" }
        let absent = PriceDataError.tickerAbsent(ticker: "ZZZ", source: "/data", available: many)
        #expect(absent.description.hasPrefix("ticker ZZZ is not in /data (available: T0, T1,"))
        #expect(absent.description.hasSuffix("T19, …)"))
        #expect(PriceDataError.raggedRow(file: "p.csv", line: 4, expected: 3, found: 2).description
            == "p.csv:4: expected 3 comma-separated fields, found 2")
        #expect(PriceDataError.tooFewObservations(observations: 3, assets: 5, context: "window").description
            == "window: 3 observations for 5 assets; need more observations than assets")
    }
}
