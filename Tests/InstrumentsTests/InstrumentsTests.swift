import Basics
import Instruments
import Testing

let valuationDate = LocalDate(year: 2026, month: 8, day: 3)!

func equity(_ id: String, _ side: Side = .long, layer: String = "chips", country: String = "US", tags: [String] = []) -> Position {
    Position(id: id, instrument: id, kind: .equity, side: side, size: .percentOfNAV(5), exchange: "NASDAQ", currency: .usd,
             country: country, layer: layer, tags: tags)
}

/// The one option-leg rule: a strike not stated is moneyness × spot, moneyness stated or the right's default.
@Suite struct OptionTermsTests {
    @Test func defaultMoneynessIsTwentyPercentOutOfTheMoney() {
        #expect(OptionRight.put.defaultMoneyness == 0.8)
        #expect(OptionRight.call.defaultMoneyness == 1.2)
    }

    @Test func moneynessOrDefault() {
        let expiry = LocalDate(year: 2027, month: 1, day: 15)!
        let put = OptionTerms(underlying: "MU", right: .put, strike: nil, expiry: expiry)
        #expect(put.moneynessOrDefault == 0.8)
        let call = OptionTerms(underlying: "NVDA", right: .call, strike: nil, expiry: expiry)
        #expect(call.moneynessOrDefault == 1.2)
        let stated = OptionTerms(underlying: "MU", right: .put, strike: nil, strikeMoneyness: 0.9, expiry: expiry)
        #expect(stated.moneynessOrDefault == 0.9)
        // A stated strike does not change the moneyness rule (the strike wins where it is used).
        let struck = OptionTerms(underlying: "MU", right: .call, strike: 150, expiry: expiry)
        #expect(struck.moneynessOrDefault == 1.2 && struck.strike == 150)
    }

    @Test func termsDefaultToUSListedAmericanOptions() {
        let t = OptionTerms(underlying: "MU", right: .put, strike: 90, expiry: valuationDate)
        #expect(t.exercise == .american && t.multiplier == 100 && t.strikeMoneyness == nil)
        #expect(OptionRight(rawValue: "put") == .put && OptionRight.allCases == [.call, .put])
        #expect(ExerciseStyle(rawValue: "european") == .european && ExerciseStyle(rawValue: "bermudan") == nil)
    }
}

@Suite struct PositionTests {
    @Test func sideSign() {
        #expect(Side.long.sign == 1 && Side.short.sign == -1)
        #expect(Side(rawValue: "short") == .short && Side(rawValue: "lnog") == nil)
        #expect(Side.allCases.map(\.sign).reduce(0, +) == 0)
    }

    /// The spot that drives a position: its own instrument, or the underlying for an option.
    @Test func marketKey() {
        #expect(equity("NVDA").marketKey == "NVDA")
        let listed = Position(id: "TEL", instrument: "8035.T", kind: .equity, side: .long, size: .percentOfNAV(1),
                              exchange: "TSE", currency: Currency("JPY"), country: "JP", layer: "equipment")
        #expect(listed.marketKey == "8035.T")
        let put = Position(id: "MU-P-2027-01", instrument: "MU 2027-01 P", kind: .option, side: .long, size: .percentOfNAV(3),
                           exchange: "CBOE", currency: .usd, country: "US", layer: "hbm",
                           option: OptionTerms(underlying: "MU", right: .put, strike: nil, expiry: valuationDate.adding(days: 165)))
        #expect(put.marketKey == "MU")
    }

    @Test func groupingValues() {
        let p = Position(id: "0700.HK", instrument: "0700.HK", kind: .equity, side: .short, size: .quantity(1000),
                         exchange: "HKEX", currency: Currency("HKD"), country: "CN", layer: "cloud", tags: ["pair", "china"])
        #expect(p.value(of: .country) == ["CN"] && p.value(of: .currency) == ["HKD"] && p.value(of: .layer) == ["cloud"])
        #expect(p.value(of: .exchange) == ["HKEX"] && p.value(of: .kind) == ["equity"] && p.value(of: .position) == ["0700.HK"])
        #expect(p.value(of: .tag) == ["pair", "china"])
        #expect(equity("A").value(of: .tag) == ["(untagged)"])
        #expect(Grouping.allCases.count == 7 && Grouping(rawValue: "layer") == .layer)
        #expect(InstrumentKind.allCases.map(\.rawValue) == ["equity", "etf", "option"])
    }

    @Test func sizesAndLocations() {
        #expect(PositionSize.percentOfNAV(3) != .quantity(3) && PositionSize.quantity(3) == .quantity(3))
        #expect(SourceLocation(file: "book.yaml", line: 12).description == "book.yaml:12")
    }
}

@Suite struct BookTests {
    static func book() -> Book {
        let positions = [equity("NVDA"), equity("AVGO"), equity("TSM"), equity("0700.HK", .short), equity("INTC", .short)]
        let pairs = [
            PairTrade(id: "P1", name: "NVDA vs 0700.HK", longLegs: [PairLeg(position: "NVDA")], shortLegs: [PairLeg(position: "0700.HK")]),
            PairTrade(id: "P2", name: "AVGO + NVDA vs INTC", longLegs: [PairLeg(position: "AVGO"), PairLeg(position: "NVDA")],
                      shortLegs: [PairLeg(position: "INTC")]),
            PairTrade(id: "P3", name: "TSM vs 0700.HK", longLegs: [PairLeg(position: "TSM")], shortLegs: [PairLeg(position: "0700.HK")]),
        ]
        return Book(name: "toy", baseCurrency: .usd, nav: 1_000_000, valuationDate: valuationDate, positions: positions, pairs: pairs)
    }

    @Test func pairsContainingAPosition() {
        let b = Self.book()
        #expect(b.pairs(containing: "NVDA") == ["P1", "P2"])        // long leg of two pairs, in book order
        #expect(b.pairs(containing: "0700.HK") == ["P1", "P3"])     // short leg of two pairs
        #expect(b.pairs(containing: "INTC") == ["P2"])
        #expect(b.pairs(containing: "AMD").isEmpty)
        #expect(b.pairs[1].allLegs.map(\.position) == ["AVGO", "NVDA", "INTC"])  // long legs, then short legs
    }

    @Test func positionLookupAndDefaults() {
        let b = Self.book()
        #expect(b.position("TSM")?.side == .long && b.position("tsm") == nil)
        #expect(b.hedges.isEmpty && b.constraints.isEmpty && b.file == nil)
        #expect(b.claims == StatedClaims() && b.claims.tolerance == 1.0 && b.claims.longPercent == nil)
    }

    @Test func hedgeLegUnderlying() {
        let option = HedgeLeg(id: "T1-a", instrument: .option(OptionTerms(underlying: "SOXX", right: .put, strike: nil,
                                                                          expiry: valuationDate.adding(days: 180))),
                              side: .long, notionalPercentOfNAV: 10)
        let stock = HedgeLeg(id: "T2-b", instrument: .stock(underlying: "KWEB"), side: .short, quantity: 100)
        #expect(option.underlying == "SOXX" && stock.underlying == "KWEB")
        let h = HedgePackage(id: "T1", name: "semis put", legs: [option, stock])
        #expect(!h.held && h.claims.isEmpty && h.legs.map(\.underlying) == ["SOXX", "KWEB"])
    }

    /// Filters: an empty list matches everything; tags match on any overlap; a missing attribute never matches a
    /// non-empty list.
    @Test func positionFilter() {
        let all = PositionFilter()
        #expect(all.matches(instrument: "X", exchange: nil, country: nil, layer: nil, tags: []))
        let aShares = PositionFilter(exchanges: ["SZSE", "SSE"])
        #expect(aShares.matches(instrument: "300308.SZ", exchange: "SZSE", country: "CN", layer: "optical", tags: []))
        #expect(!aShares.matches(instrument: "0700.HK", exchange: "HKEX", country: "CN", layer: "cloud", tags: []))
        #expect(!aShares.matches(instrument: "?", exchange: nil, country: "CN", layer: nil, tags: []))
        let tagged = PositionFilter(countries: ["CN"], tags: ["a", "b"])
        #expect(tagged.matches(instrument: "Y", exchange: nil, country: "CN", layer: nil, tags: ["b", "z"]))
        #expect(!tagged.matches(instrument: "Y", exchange: nil, country: "CN", layer: nil, tags: ["z"]))
        #expect(!tagged.matches(instrument: "Y", exchange: nil, country: "US", layer: nil, tags: ["a"]))
        let names = PositionFilter(instruments: ["NVDA"], layers: ["accelerators"])
        #expect(names.matches(instrument: "NVDA", exchange: nil, country: nil, layer: "accelerators", tags: []))
        #expect(!names.matches(instrument: "NVDA", exchange: nil, country: nil, layer: "cloud", tags: []))
    }
}
