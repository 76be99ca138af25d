import Basics
import Foundation
import Instruments
import MarketData
import Portfolio
import Pricing
import PropertyBased
import Testing

/// Random books built in code over a fixed six-name, three-currency snapshot.
enum RandomBook {
    static let valuationDate = LocalDate(year: 2026, month: 8, day: 3)!
    static let hkd = Currency("HKD"), krw = Currency("KRW")
    /// (id, spot, currency, vol, exchange, country, layer)
    static let names: [(String, Double, Currency, Double, String, String, String)] = [
        ("NVDA", 180, .usd, 0.5, "NASDAQ", "US", "accelerators"),
        ("MU", 120, .usd, 0.55, "NASDAQ", "US", "hbm"),
        ("SPY", 630, .usd, 0.16, "NYSE", "US", "index"),
        ("0700.HK", 600, hkd, 0.35, "HKEX", "CN", "cloud"),
        ("0981.HK", 55, hkd, 0.6, "HKEX", "CN", "foundry"),
        ("000660.KS", 280_000, krw, 0.45, "KRX", "KR", "hbm"),
    ]
    static let market = MarketSnapshot(
        asOf: valuationDate, baseCurrency: .usd,
        quotes: Dictionary(uniqueKeysWithValues: names.enumerated().map { i, n in
            (n.0, InstrumentQuote(id: n.0, spot: n.1, currency: n.2, volatility: n.3, dividendYield: 0.01 * Double(i % 3),
                                  beta: i == 4 ? nil : 0.5 + 0.25 * Double(i)))
        }),
        fx: [hkd: 0.128, krw: 0.00072], rates: [.usd: 0.04, hkd: 0.03, krw: 0.025])
    static let tags = ["thesis", "hedge", "core", "tail"]

    /// One line of a random book: which name, what kind, side, size (shares/contracts or % NAV), option terms, a tag.
    struct Line: Sendable, CustomStringConvertible {
        var name: Int, kind: InstrumentKind, long: Bool, byPercent: Bool, size: Double
        var right: OptionRight, moneyness: Double, days: Int, american: Bool, tag: Int
        var description: String {
            "\(names[name].0) \(kind) \(long ? "long" : "short") \(byPercent ? "\(size)%" : "×\(size)")"
                + (kind == .option ? " \(right) \(moneyness)×spot \(days)d \(american ? "american" : "european")" : "") + " tag \(tags[tag])"
        }
    }

    static let line = zip(Gen.int(in: 0...(names.count - 1)), Gen<InstrumentKind>.case, Gen.bool, Gen.bool,
                          Gen.double(in: 0.01...25), Gen<OptionRight>.case, Gen.double(in: 0.5...1.5), Gen.int(in: -30...900),
                          Gen.bool, Gen.int(in: 0...(tags.count - 1)))
        .map { Line(name: $0.0, kind: $0.1, long: $0.2, byPercent: $0.3, size: $0.4, right: $0.5, moneyness: $0.6, days: $0.7,
                    american: $0.8, tag: $0.9) }
    static let lines = line.array(of: 1...14)
    static let nav = logUniform(4, 10)

    static func book(_ lines: [Line], nav: Double) -> Book {
        var positions: [Position] = []
        for (i, l) in lines.enumerated() {
            let n = names[l.name]
            // A premium budget needs an option worth more than 0 (resolution refuses one that is not): budgets buy options
            // at 0.8–1.2 × spot with at least 30 days left; options held by quantity take any moneyness and expiry
            // (expired ones included: they are valued at intrinsic).
            let budget = l.kind == .option && l.byPercent
            let option = l.kind == .option
                ? OptionTerms(underlying: n.0, right: l.right, strike: nil,
                              strikeMoneyness: budget ? min(max(l.moneyness, 0.8), 1.2) : l.moneyness,
                              expiry: valuationDate.adding(days: budget ? max(l.days, 30) : l.days),
                              exercise: l.american ? .american : .european)
                : nil
            let size: PositionSize = l.byPercent ? .percentOfNAV(l.size) : .quantity(l.size * 10)
            positions.append(Position(id: "P\(i)", instrument: l.kind == .option ? "\(n.0) \(l.right) \(i)" : n.0, kind: l.kind,
                                      side: l.long ? .long : .short, size: size, exchange: n.4, currency: n.2, country: n.5,
                                      layer: n.6, tags: [tags[l.tag]], option: option))
        }
        let longs = positions.filter { $0.side == .long }.map { PairLeg(position: $0.id) }
        let shorts = positions.filter { $0.side == .short }.map { PairLeg(position: $0.id) }
        let pairs = longs.isEmpty || shorts.isEmpty ? [] : [PairTrade(id: "PAIR", name: "longs vs shorts", longLegs: longs, shortLegs: shorts)]
        return Book(name: "random", baseCurrency: .usd, nav: nav, valuationDate: valuationDate, positions: positions, pairs: pairs)
    }

    /// American legs on a 50-step tree: the invariants do not depend on the step count, the run time does.
    static let policy = OptionValuationPolicy(treeSteps: 50)
}

/// Exposure sums on random books: long and short are the sums of the positive and negative position exposures, net =
/// long − short and gross = Σ|exposure| in both views; every single-valued grouping (country, currency, layer, exchange,
/// kind, position) partitions the positions, so its groups' long, short and counts add up to the totals; positions
/// sized in % of NAV show exactly that % (stock at market value, options at their premium); pair legs are the sums of
/// their positions.
@Test func exposureSumsOnRandomBooks() async throws {
    await propertyCheck(count: runs(150), input: RandomBook.lines, RandomBook.nav) { lines, nav in
        let book = RandomBook.book(lines, nav: nav)
        guard let rb = try? ResolvedBook(book: book, market: RandomBook.market, policy: RandomBook.policy) else {
            Issue.record("the random book did not resolve: \(lines)")
            return
        }
        let report = ExposureCalculator.report(rb)
        let premium = report.positions.map(\.notional), delta = report.positions.map(\.deltaNotional)
        for (values, totals) in [(premium, report.premium), (delta, report.delta)] {
            let sumAbs = values.reduce(0) { $0 + abs($1) }, scale = sumAbs + 1e-300
            let long = values.filter { $0 > 0 }.reduce(0, +), short = -values.filter { $0 < 0 }.reduce(0, +)
            #expect(close(totals.long, long, rel: 1e-12, scale: scale))
            #expect(close(totals.short, short, rel: 1e-12, scale: scale))
            #expect(close(totals.net, values.reduce(0, +), rel: 1e-12, scale: scale), "net \(totals.net) vs Σ \(values.reduce(0, +))")
            #expect(close(totals.gross, sumAbs, rel: 1e-12, scale: scale))
            #expect(totals.long >= 0 && totals.short >= 0)
            #expect(totals.longCount + totals.shortCount == values.filter { $0 != 0 }.count)
        }
        #expect(close(report.reservePercent, 100 - report.pct(report.premium.gross), rel: 1e-12, scale: 100 + report.pct(report.premium.gross)))
        for grouping in [Grouping.country, .currency, .layer, .exchange, .kind, .position] {
            let groups = report.breakdown(by: grouping)
            #expect(groups.flatMap(\.members).sorted() == report.positions.map(\.id).sorted(), "\(grouping) is not a partition")
            for (view, totals) in [(\GroupExposure.premium, report.premium), (\GroupExposure.delta, report.delta)] {
                let scale = totals.gross + 1e-300
                #expect(close(groups.reduce(0) { $0 + $1[keyPath: view].long }, totals.long, rel: 1e-12, scale: scale))
                #expect(close(groups.reduce(0) { $0 + $1[keyPath: view].short }, totals.short, rel: 1e-12, scale: scale))
                #expect(close(groups.reduce(0) { $0 + $1[keyPath: view].net }, totals.net, rel: 1e-12, scale: scale))
                #expect(groups.reduce(0) { $0 + $1[keyPath: view].longCount } == totals.longCount)
                #expect(groups.reduce(0) { $0 + $1[keyPath: view].shortCount } == totals.shortCount)
            }
        }
        // One tag per position here, so tags partition the book too.
        let byTag = report.breakdown(by: .tag)
        #expect(close(byTag.reduce(0) { $0 + $1.premium.gross }, report.premium.gross, rel: 1e-12, scale: report.premium.gross + 1e-300))
        for (p, e) in zip(book.positions, report.positions) {
            guard case .percentOfNAV(let pct) = p.size else { continue }
            #expect(close(abs(report.pct(e.notional)), pct, rel: 1e-9, scale: pct), "\(p.id): \(report.pct(e.notional))% for \(pct)%")
            if p.kind != .option { #expect((e.notional > 0) == (p.side == .long)) }
        }
        for pair in report.pairs {
            let legs = book.pairs.first { $0.id == pair.id }!
            let long = legs.longLegs.map { leg in abs(report.positions.first { $0.id == leg.position }!.notional) }.reduce(0, +)
            let short = legs.shortLegs.map { leg in abs(report.positions.first { $0.id == leg.position }!.notional) }.reduce(0, +)
            #expect(close(pair.longLeg, long, rel: 1e-12, scale: long + 1e-300))
            #expect(close(pair.shortLeg, short, rel: 1e-12, scale: short + 1e-300))
            #expect(close(pair.net, long - short, rel: 1e-12, scale: long + short + 1e-300))
        }
    }
}
