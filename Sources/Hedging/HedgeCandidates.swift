import Basics
import Instruments
import MarketData

/// The generated part of the candidate set: listed-style options on a moneyness × tenor grid and short stock/ETF lines.
///
/// Conventions (printed with every answer): strike = moneyness × spot of the snapshot (not rounded to a listed strike);
/// expiry = valuation date + tenor (calendar days); European exercise, valued by Black–Scholes–Merton at the snapshot
/// volatility of the underlying (its 252-day realised vol; flat across strikes and expiries: no skew, because the stress
/// engine shocks one vol per underlying); multiplier 100; unit = one contract. Short lines: unit = one share short, no
/// premium, no borrow or dividend accrual over the horizon (the stress engine's rule for linear lines).
public struct CandidateGrid: Sendable, Equatable {
    public var underlyings: [String]
    public var rights: [OptionRight]
    /// Strike ÷ spot, e.g. [0.8, 0.9, 1.0].
    public var moneyness: [Double]
    /// Calendar days from the valuation date to expiry.
    public var tenorDays: [Int]
    /// Short stock/ETF lines on the underlyings, where the book's constraints allow a short.
    public var shortLines: Bool
    /// Per-candidate cap: underlying notional at most this % of NAV (options: contracts × 100 × spot × FX).
    public var maxNotionalPercent: Double

    public init(underlyings: [String], rights: [OptionRight] = [.put], moneyness: [Double] = [0.8, 0.9, 1.0],
                tenorDays: [Int] = [91, 182, 365], shortLines: Bool = true, maxNotionalPercent: Double = 10) {
        self.underlyings = underlyings
        self.rights = rights
        self.moneyness = moneyness
        self.tenorDays = tenorDays
        self.shortLines = shortLines
        self.maxNotionalPercent = maxNotionalPercent
    }

    /// Index ETFs looked for in the snapshot when no underlyings are given (in this order).
    public static let indexETFs = ["SPY", "QQQ", "SOXX", "SMH", "XLK", "KWEB", "FXI"]

    /// The default underlyings: the index ETFs the snapshot quotes, then the book's largest US-listed long stock
    /// positions by % of NAV (at most `names`), then the underlyings of the book's own long options.
    public static func defaultUnderlyings(book: Book, market: MarketSnapshot, names: Int = 2) -> [String] {
        var out = indexETFs.filter { market.quote($0) != nil }
        let longs = book.positions.filter { $0.kind != .option && $0.side == .long && $0.currency == Currency("USD") }
        let sized = longs.compactMap { p -> (String, Double)? in
            if case .percentOfNAV(let x) = p.size { return (p.marketKey, x) }
            return nil
        }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        for (k, _) in sized.prefix(names) where !out.contains(k) { out.append(k) }
        for p in book.positions where p.kind == .option && p.side == .long && !out.contains(p.marketKey) { out.append(p.marketKey) }
        return out
    }

    /// Checks the grid. - Throws: ``HedgeError/badInput(_:)`` naming the value.
    public func validate() throws(HedgeError) {
        if underlyings.isEmpty { throw .badInput("no candidate underlyings") }
        if let m = moneyness.first(where: { !($0 > 0) || !$0.isFinite }) { throw .badInput("moneyness \(m): expected a strike ÷ spot above 0") }
        if let t = tenorDays.first(where: { $0 < 1 }) { throw .badInput("tenor \(t) days: expected at least 1 day") }
        if !(maxNotionalPercent > 0) || !maxNotionalPercent.isFinite {
            throw .badInput("per-candidate cap \(maxNotionalPercent)% of NAV: expected a notional cap above 0")
        }
    }
}

/// Whether the book's constraints allow a short stock line on `instrument` (`noShort` and `definedRisk` filters: a
/// defined-risk name may only be held through long options).
public func bookAllowsShort(_ book: Book, instrument: String, exchange: String, country: String) -> (allowed: Bool, rule: String?) {
    for c in book.constraints {
        switch c.rule {
        case .noShort(let f), .definedRisk(let f):
            if f.matches(instrument: instrument, exchange: exchange, country: country, layer: nil, tags: []) { return (false, c.id) }
        default: continue
        }
    }
    return (true, nil)
}

/// One LP decision variable.
public struct HedgeCandidate: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case option, shortStock = "short-stock", package
    }
    public var id: String
    public var kind: Kind
    public var underlying: String
    /// What one unit is, e.g. "1 contract (100 shares)", "1 share short", "the package at its stated notional".
    public var unit: String
    public var description: String
    /// Premium paid per unit in base currency (0 for short lines; a package's net premium, negative = credit).
    public var premiumPerUnit: Double
    /// Upper bound on units (from the per-candidate notional cap).
    public var cap: Double
    /// Engine line indices and the line quantity (contracts or shares) per candidate unit.
    public var lines: [(line: Int, quantity: Double)]
    /// Gross exposure one unit adds, base currency, as the exposure report's premium view counts it: |premium| of
    /// option legs, |notional| of stock legs.
    public var grossPerUnit: Double = 0

    public static func == (a: HedgeCandidate, b: HedgeCandidate) -> Bool {
        a.id == b.id && a.kind == b.kind && a.premiumPerUnit == b.premiumPerUnit && a.cap == b.cap
            && a.lines.map(\.line) == b.lines.map(\.line) && a.lines.map(\.quantity) == b.lines.map(\.quantity)
    }
}
