#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import Basics
import FileFormats
import Instruments
import MarketData
import Pricing
@testable import Backtest

/// Book mode: pairs as units, option marks/expiry/rolls, missing-history policy; and the thesis on history.
@Suite struct BookReplayTests {
    /// `n` weekdays from 2024-01-01 with prices from `f(day)`.
    static func series(_ ticker: String, days n: Int, start: Int = 0, _ f: (Int) -> Double) -> PriceSeries {
        var d = LocalDate(year: 2024, month: 1, day: 1)!
        var dates: [LocalDate] = [], values: [Double?] = []
        var k = 0
        while dates.count < n {
            if d.weekday <= 5 { if k >= start { dates.append(d); values.append(f(k)) }; k += 1 }
            if k >= start && dates.count >= n { break }
            d = d.adding(days: 1)
        }
        return PriceSeries(ticker: ticker, dates: dates, values: values, file: "\(ticker).csv")
    }

    static func market(_ spots: [String: Double]) -> MarketSnapshot {
        var q: [String: InstrumentQuote] = [:]
        for (k, v) in spots { q[k] = InstrumentQuote(id: k, spot: v, currency: .usd, volatility: 0.3) }
        return MarketSnapshot(asOf: date("2024-06-28"), baseCurrency: .usd, quotes: q, fx: [:], rates: [.usd: 0.04])
    }

    static func stock(_ id: String, _ side: Side, _ pct: Double) -> Position {
        Position(id: id, instrument: id, kind: .equity, side: side, size: .percentOfNAV(pct), exchange: "NASDAQ",
                 currency: .usd, country: "US", layer: "test")
    }

    @Test func optionsExpireAtIntrinsicAndRoll() throws {
        // X alternates 100, 101: the 60-day realised vol is |log 1.01|·√(60/59)·√252 (sample std, mean 0).
        let x = Self.series("X", days: 120) { $0 % 2 == 0 ? 100 : 101 }
        let put = Position(id: "XPUT", instrument: "X put", kind: .option, side: .long, size: .percentOfNAV(2),
                           exchange: "CBOE", currency: .usd, country: "US", layer: "hedge",
                           option: OptionTerms(underlying: "X", right: .put, strike: nil, strikeMoneyness: 0.8,
                                               expiry: date("2024-06-28").adding(days: 30)))
        let book = Book(name: "t", baseCurrency: .usd, nav: 1_000_000, valuationDate: date("2024-06-28"),
                        positions: [Self.stock("X", .long, 50), put])
        let cfg = BacktestConfig(rebalance: .monthly, from: date("2024-04-01"))
        let rep = try BookReplay.run(book: book, market: Self.market(["X": 101]), series: ["X": x], config: cfg)
        let r = rep.result
        // First contract: bought on 2024-04-01 (X = 100 or 101) at BSM with strike 0.8 × spot, 30-day tenor.
        let i1 = try #require(r.tickers.firstIndex(of: "XPUT#1"))
        let day0 = r.dates[0]
        let s0 = x.values[x.dates.firstIndex(of: day0)!]!
        let vol = log(1.01) * (60.0 / 59.0).squareRoot() * 252.0.squareRoot()
        let p0 = BlackScholes.price(right: .put, spot: s0, strike: 0.8 * s0, time: 30.0 / 365, rate: 0.04,
                                    dividendYield: 0, volatility: vol)
        #expect(p0 > 0)
        // It expired worthless (spot never below 80): P&L = −premium = −2% of the day-0 NAV, to rounding.
        #expect(abs(r.pricePnL[i1] + 0.02 * 1_000_000) < 1e-6)
        // The premium paid was 2% of NAV at BSM price p0: shares = 20,000 / p0 (cost 10 bp default is 0 here).
        #expect(r.events.first { $0.ticker == "XPUT#1" }?.reason.hasPrefix("option bought") == true)
        // Rolled every 30 calendar days over ~3 months: generations #1…#3 at least, each bought with 2% of NAV.
        let gens = r.tickers.filter { $0.hasPrefix("XPUT#") }
        #expect(gens.count >= 3)
        #expect(r.events.filter { $0.reason.hasPrefix("option rolled") }.count == gens.count - 1)
        // The position attribution folds the generations into XPUT, and every table sums to the NAV change.
        for (_, lines) in rep.attribution {
            let total = lines.reduce(0) { $0 + $1.net }
            #expect(abs(total - (r.finalNAV - r.initialNAV)) < 1e-6)
        }
        #expect(rep.attribution[0].lines.map(\.group).sorted() == ["X", "XPUT"])
        #expect(rep.notes.contains { $0.contains("XPUT: put re-struck at 0.8 × spot with a 30-day tenor") })
    }

    @Test func pairExitsAtSpreadTargetAndMissingNamesAreReported() throws {
        // L rises 1%/day, S flat: spread after k days = 1.01^k − 1 ≥ 5% first at k = 5 → both legs sold at that close.
        let l = Self.series("L", days: 40) { pow(1.01, Double($0)) * 50 }
        let s = Self.series("S", days: 40) { _ in 20 }
        let late = Self.series("LATE", days: 20, start: 20) { _ in 10 }
        let book = Book(name: "t", baseCurrency: .usd, nav: 1_000_000, valuationDate: date("2024-06-28"),
                        positions: [Self.stock("L", .long, 10), Self.stock("S", .short, 10), Self.stock("LATE", .long, 5),
                                    Self.stock("NODATA", .long, 3)],
                        pairs: [PairTrade(id: "P", name: "L vs S", longLegs: [PairLeg(position: "L")],
                                          shortLegs: [PairLeg(position: "S")], spreadTarget: 0.05, borrowCost: 0.02)])
        let rep = try BookReplay.run(book: book, market: Self.market(["L": 60, "S": 20, "LATE": 10, "NODATA": 5]),
                                     series: ["L": l, "S": s, "LATE": late], config: BacktestConfig(rebalance: .monthly))
        let r = rep.result
        let p = try #require(rep.pairs.first)
        #expect(p.exited == r.dates[5])
        #expect(abs(p.spread! - (pow(1.01, 5) - 1)) < 1e-12)
        #expect(p.exitReason == "spread target 5% reached")
        // After the exit the legs stay flat through the February rebalance.
        #expect(r.finalShares[r.tickers.firstIndex(of: "L")!] == 0)
        #expect(r.finalShares[r.tickers.firstIndex(of: "S")!] == 0)
        // The short leg paid the pair's 2% borrow for 5 holding periods on its previous close value (flat 20).
        let sIdx = r.tickers.firstIndex(of: "S")!
        #expect(r.borrow[sIdx] > 0)
        #expect(rep.config.borrowRates["S"] == 0.02)
        // LATE enters on its first day with data; NODATA is cash, reported.
        #expect(r.events.contains { $0.ticker == "LATE" && $0.reason == "data starts: enter at target" })
        #expect(rep.notes.contains { $0.hasPrefix("NODATA: no price file") })
        #expect(!r.tickers.contains("NODATA"))
        // Pair P&L = the legs' net P&L.
        let legs = ["L", "S"].map { r.netPnL[r.tickers.firstIndex(of: $0)!] }.reduce(0, +)
        #expect(abs(p.pnl - legs) < 1e-9)
    }

    /// The thesis book on history, 2023-01-01 → last date with data (issue 6 §4). Skipped without ../shared/data.
    @Test(.enabled(if: GoldenFiles.hasThesisHistory, "needs ../shared/data/adjclose_to_2026/SPY.csv (CI has it)"))
    func thesisReplayOnHistory() throws {
        let d = GoldenFiles.sharedData
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let book = try BookFile.load(path: repo + "/fixtures/books/ai-infra-thesis.yaml")
        let market = try MarketFile.load(path: repo + "/fixtures/market/snapshot-2026-08-03.yaml")
        let history = HistoryStore(layout: HistoryLayout(locations: HistoryLayout.dataRoot(d, subfolders: ["adjclose_to_2026", "hk_2009_2025", "ohlcv_dividends_to_2026", "ashare_to_2020"])))
        var cfg = BacktestConfig(rebalance: .monthly, commissionBps: 10, borrowRate: 0.03, initialNAV: book.nav,
                                 from: date("2023-01-01"), benchmarks: ["SPY", "SOXX"])
        cfg.riskFreeRate = 0
        let rep = try BookReplay.run(book: book, market: market, history: history, config: cfg)
        let r = rep.result
        #expect(r.dates.first == date("2023-01-03"))      // first SPY trading day of 2023
        #expect(r.dates.last == date("2026-08-03"))       // last date in adjclose_to_2026
        // Missing-name policy is reported, never silent.
        #expect(rep.notes.contains { $0.hasPrefix("688256.SS: no price file") })
        #expect(rep.notes.contains { $0.hasPrefix("300308.SZ: no data in the window") })
        #expect(rep.pairs.first { $0.id == "P1" }?.entered == nil)     // Zhongji leg has no 2023+ data → pair in cash
        // HK names end 2025-10-30: sold at their last close (and their pair partners with them).
        #expect(r.events.contains { $0.ticker == "0700.HK" && $0.date == date("2025-10-30") })
        // Every attribution table sums to the NAV change; pair outcomes equal the pair attribution lines.
        for (_, lines) in rep.attribution {
            #expect(abs(lines.reduce(0) { $0 + $1.net } - (r.finalNAV - r.initialNAV)) < 1e-6 * r.initialNAV)
        }
        let byPair = rep.attribution.first { $0.grouping == "pair" }!.lines
        for p in rep.pairs where p.entered != nil {
            let line = byPair.first { $0.group == p.id }
            #expect(line != nil && abs(line!.net - p.pnl) < 1e-6)
        }
        #expect(rep.metrics.maxDrawdown < 0 && rep.metrics.sharpe != nil)
        #expect(rep.relative.map(\.benchmark) == ["SPY", "SOXX"])
        print("thesis replay 2023-01-03…2026-08-03: total return \(rep.metrics.totalReturn!), CAGR \(rep.metrics.cagr!), "
              + "maxDD \(rep.metrics.maxDrawdown), Sharpe \(rep.metrics.sharpe!), pairs "
              + rep.pairs.map { "\($0.id) \(Int($0.pnl))" }.joined(separator: ", "))
    }
}
