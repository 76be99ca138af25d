import Basics

/// A proposed change to a book (what-if). Sizes: % of NAV (signed: + buys, − sells), shares or contracts (signed),
/// or an option premium budget in % of NAV.
public enum Trade: Sendable, Equatable, CustomStringConvertible {
    /// Add to (or open) a stock/ETF position by a signed % of NAV of market value.
    case stockPercent(instrument: String, percentOfNAV: Double)
    /// Add to (or open) a stock/ETF position by a signed number of shares.
    case stockShares(instrument: String, shares: Double)
    /// Close a position by id, or every position on an instrument.
    case close(String)
    /// Buy (+) or write (−) options: contracts, or a premium budget in % of NAV.
    case option(underlying: String, right: OptionRight, strike: Double, expiry: LocalDate, size: OptionTradeSize)
    /// Mark a proposed hedge package as held.
    case hold(hedge: String)
    /// Roll a hedge package (expired legs to the same moneyness and the workspace's tenor) and hold it.
    case roll(hedge: String)

    public enum OptionTradeSize: Sendable, Equatable {
        case contracts(Double)
        case premiumPercentOfNAV(Double)
    }

    public var description: String {
        switch self {
        case let .stockPercent(i, p): return "\(i) \(p >= 0 ? "+" : "")\(NumberFormat.compact(p, 4))%"
        case let .stockShares(i, n): return "\(i) \(n >= 0 ? "+" : "")\(NumberFormat.compact(n, 4)) shares"
        case let .close(x): return "close \(x)"
        case let .option(u, r, k, e, size):
            let s: String
            switch size {
            case .contracts(let n): s = "\(n >= 0 ? "+" : "")\(NumberFormat.compact(n, 4)) contracts"
            case .premiumPercentOfNAV(let p): s = "\(p >= 0 ? "+" : "")\(NumberFormat.compact(p, 4))% premium"
            }
            return "\(u) \(r.rawValue) \(NumberFormat.compact(k, 4)) \(e) \(s)"
        case let .hold(h): return "hold \(h)"
        case let .roll(h): return "roll \(h)"
        }
    }
}
