import Basics
import FileFormats
import Instruments
import MarketData
import Portfolio
import Pricing

/// Applies trades to a book: the book after the trades (the same inert `Book` every analysis takes), with a note per
/// assumption. Rules:
/// - `TICKER ±X%` changes the signed size of the stock/ETF position on that instrument by X% of NAV of market value
///   (sized in % of NAV, or in shares converted at spot × FX); a size crossing zero flips the side, exactly zero closes
///   it; a new name opens a position (id = ticker, layer `what-if`, country of a held name in the same currency, else
///   the currency code).
/// - `close X` removes the position with id X, else every position on instrument X; pair legs on removed positions are
///   dropped and a pair left without a long or a short leg is removed.
/// - options open a new position (American exercise, multiplier 100) sized in contracts or by a premium budget.
/// - `hold H` marks hedge H held; `roll H` moves its option legs to the roll rule of `hedgebook payoff` (same moneyness,
///   the workspace's tenor from the valuation date) and holds it.
public enum TradeApplication {
    public struct Failure: Error, CustomStringConvertible, Sendable { public let description: String }

    public static func apply(_ trades: [Trade], to book: Book, market: MarketSnapshot, rollOptions: PayoffOptions) throws -> (book: Book, notes: [String]) {
        var b = book
        var notes: [String] = []
        for t in trades { notes += try apply(t, to: &b, market: market, rollOptions: rollOptions) }
        return (b, notes)
    }

    static func hint(_ word: String, _ among: [String]) -> String {
        let lower = word.lowercased()
        let close = among.filter { $0.lowercased() == lower || $0.lowercased().hasPrefix(lower) || lower.hasPrefix($0.lowercased()) }
        if let c = close.first { return " (did you mean '\(c)'?)" }
        return ""
    }

    static func apply(_ t: Trade, to b: inout Book, market: MarketSnapshot, rollOptions: PayoffOptions) throws -> [String] {
        let nav = b.nav
        switch t {
        case let .stockPercent(instrument, pct):
            return try addStock(instrument, deltaValue: pct / 100 * nav, to: &b, market: market, trade: t)
        case let .stockShares(instrument, n):
            guard let q = market.quote(instrument), let fx = market.fxRate(q.currency) else { throw unknownInstrument(instrument, market, t) }
            return try addStock(instrument, deltaValue: n * q.spot * fx, to: &b, market: market, trade: t)
        case .close(let x):
            let ids = b.positions.filter { $0.id == x }.map(\.id)
            let removed = ids.isEmpty ? b.positions.filter { $0.instrument == x || $0.marketKey == x }.map(\.id) : ids
            guard !removed.isEmpty else {
                throw Failure(description: "trade '\(t)': no position or instrument '\(x)' in the book\(hint(x, b.positions.map(\.id) + b.positions.map(\.instrument)))")
            }
            return remove(Set(removed), from: &b)
        case let .option(u, right, strike, expiry, size):
            guard market.quote(u) != nil else { throw unknownInstrument(u, market, t) }
            guard expiry > b.valuationDate else { throw Failure(description: "trade '\(t)': expiry \(expiry) is not after the valuation date \(b.valuationDate)") }
            guard let q = market.quote(u) else { throw unknownInstrument(u, market, t) }
            let id = "\(u)-\(right == .put ? "P" : "C")\(NumberFormat.compact(strike, 4))-\(expiry)"
            let terms = OptionTerms(underlying: u, right: right, strike: strike, expiry: expiry, exercise: .american, multiplier: 100)
            let (side, sz): (Side, PositionSize)
            switch size {
            case .contracts(let n): (side, sz) = (n > 0 ? .long : .short, .quantity(abs(n)))
            case .premiumPercentOfNAV(let p): (side, sz) = (.long, .percentOfNAV(p))
            }
            let holder = b.positions.first { $0.marketKey == u }
            b.positions.append(Position(id: uniqueID(id, in: b), instrument: id, kind: .option, side: side, size: sz,
                                        exchange: holder?.exchange ?? "", currency: q.currency, country: holder?.country ?? q.currency.code,
                                        layer: holder?.layer ?? "what-if", tags: ["what-if"], option: terms))
            return ["\(t): new American option position, multiplier 100\(holder == nil ? "" : ", layer and country of \(holder!.id)")"]
        case .hold(let h):
            guard let i = b.hedges.firstIndex(where: { $0.id == h }) else {
                throw Failure(description: "trade '\(t)': no hedge package '\(h)' in the book\(hint(h, b.hedges.map(\.id)))")
            }
            b.hedges[i].held = true
            return []
        case .roll(let h):
            guard let i = b.hedges.firstIndex(where: { $0.id == h }) else {
                throw Failure(description: "trade '\(t)': no hedge package '\(h)' in the book\(hint(h, b.hedges.map(\.id)))")
            }
            let (tenor, moneyness, rollNotes) = PayoffAnalysis.rollTerms(b.hedges[i], options: rollOptions)
            for k in b.hedges[i].legs.indices {
                guard case .option(var terms) = b.hedges[i].legs[k].instrument else { continue }
                let id = b.hedges[i].legs[k].id
                if let d = tenor[id] { terms.expiry = b.valuationDate.adding(days: d) }
                if let m = moneyness[id], let q = market.quote(b.hedges[i].legs[k].underlying) { terms.strike = m * q.spot; terms.strikeMoneyness = nil }
                b.hedges[i].legs[k].instrument = .option(terms)
            }
            b.hedges[i].held = true
            return rollNotes.map { "roll \(h): \($0)" }
        }
    }

    static func unknownInstrument(_ x: String, _ m: MarketSnapshot, _ t: Trade) -> Failure {
        Failure(description: "trade '\(t)': no quote for '\(x)' in the market snapshot \(m.file ?? "")\(hint(x, m.quotes.keys.sorted()))")
    }

    static func uniqueID(_ id: String, in b: Book) -> String {
        var c = id, k = 2
        while b.positions.contains(where: { $0.id == c }) { c = "\(id)#\(k)"; k += 1 }
        return c
    }

    static func addStock(_ instrument: String, deltaValue: Double, to b: inout Book, market: MarketSnapshot, trade: Trade) throws -> [String] {
        guard let q = market.quote(instrument), let fx = market.fxRate(q.currency) else { throw unknownInstrument(instrument, market, trade) }
        let unit = q.spot * fx
        if let i = b.positions.firstIndex(where: { $0.kind != .option && $0.instrument == instrument }) {
            let p = b.positions[i]
            let current: Double
            switch p.size {
            case .percentOfNAV(let pct): current = p.side.sign * pct / 100 * b.nav
            case .quantity(let n): current = p.side.sign * n * unit
            }
            let next = current + deltaValue
            if abs(next) <= 1e-9 * b.nav { return remove([p.id], from: &b) }
            b.positions[i].side = next > 0 ? .long : .short
            switch p.size {
            case .percentOfNAV: b.positions[i].size = .percentOfNAV(abs(next) / b.nav * 100)
            case .quantity: b.positions[i].size = .quantity(abs(next) / unit)
            }
            return next * current < 0 ? ["\(trade): \(p.id) flips side to \(b.positions[i].side.rawValue)"] : []
        }
        let sameCurrency = b.positions.first { $0.currency == q.currency }
        b.positions.append(Position(id: uniqueID(instrument, in: b), instrument: instrument, kind: .equity,
                                    side: deltaValue > 0 ? .long : .short, size: .percentOfNAV(abs(deltaValue) / b.nav * 100),
                                    exchange: sameCurrency?.exchange ?? "", currency: q.currency,
                                    country: sameCurrency?.country ?? q.currency.code, layer: "what-if", tags: ["what-if"]))
        return ["\(trade): new position \(instrument) in layer what-if, country \(sameCurrency?.country ?? q.currency.code)"]
    }

    static func remove(_ ids: Set<String>, from b: inout Book) -> [String] {
        b.positions.removeAll { ids.contains($0.id) }
        var notes: [String] = []
        for i in b.pairs.indices.reversed() {
            b.pairs[i].longLegs.removeAll { ids.contains($0.position) }
            b.pairs[i].shortLegs.removeAll { ids.contains($0.position) }
            if b.pairs[i].longLegs.isEmpty || b.pairs[i].shortLegs.isEmpty {
                notes.append("pair \(b.pairs[i].id) removed: no \(b.pairs[i].longLegs.isEmpty ? "long" : "short") leg left")
                b.pairs.remove(at: i)
            }
        }
        return notes
    }
}
