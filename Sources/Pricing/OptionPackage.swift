import Basics
import Instruments
import MarketData

/// One leg of a multi-leg package with every term fixed (strike and size resolved): *what* is held.
/// How it is valued lives in `PackagePricer`.
public struct PackageLeg: Sendable, Equatable {
    public enum Instrument: Sendable, Equatable {
        /// A listed option: strike in the underlying's currency; `multiplier` shares per contract.
        case option(right: OptionRight, strike: Double, expiry: LocalDate, exercise: ExerciseStyle, multiplier: Double)
        /// Shares (or a forward, modelled as stock with no carry) of the underlying.
        case stock
    }
    public var id: String
    /// Market key of the underlying.
    public var underlying: String
    public var instrument: Instrument
    /// Signed size: contracts for options, shares for stock legs; negative = short (written options, short stock).
    public var quantity: Double
    /// True when the strike was not stated and came from moneyness × spot.
    public var strikeAssumed: Bool

    public init(id: String, underlying: String, instrument: Instrument, quantity: Double, strikeAssumed: Bool = false) {
        self.id = id
        self.underlying = underlying
        self.instrument = instrument
        self.quantity = quantity
        self.strikeAssumed = strikeAssumed
    }

    /// Shares of underlying per unit of `quantity`.
    public var unitsPerQuantity: Double {
        if case .option(_, _, _, _, let m) = instrument { return m }
        return 1
    }

    public var strike: Double? {
        if case .option(_, let k, _, _, _) = instrument { return k }
        return nil
    }

    public var expiry: LocalDate? {
        if case .option(_, _, let e, _, _) = instrument { return e }
        return nil
    }

    /// Payoff per share at expiry (options) or the share value (stock) at underlying price `s`.
    public func terminalValuePerShare(_ s: Double) -> Double {
        switch instrument {
        case let .option(right, k, _, _, _): return right == .call ? max(s - k, 0) : max(k - s, 0)
        case .stock: return s
        }
    }
}

/// A multi-leg package (options on one or several underlyings, stock legs, long or short).
public struct OptionPackage: Sendable, Equatable {
    public var id: String
    public var name: String
    public var legs: [PackageLeg]

    public init(id: String, name: String, legs: [PackageLeg]) {
        self.id = id
        self.name = name
        self.legs = legs
    }

    /// Underlyings in first-appearance order.
    public var underlyings: [String] {
        var seen: [String] = []
        for l in legs where !seen.contains(l.underlying) { seen.append(l.underlying) }
        return seen
    }
}

/// Market inputs for one underlying, as the package pricer needs them.
public struct UnderlyingState: Sendable, Equatable {
    public var spot: Double
    /// Annualised volatility (fraction).
    public var volatility: Double
    /// Continuous dividend yield (fraction per year).
    public var dividendYield: Double
    /// Continuously compounded rate of the underlying's currency (fraction per year).
    public var rate: Double
    /// Base-currency value of one unit of the underlying's currency.
    public var fx: Double
    public var currency: Currency
    /// The underlying's implied-vol surface, when the workspace gives one: option legs then take its vol at their
    /// strike and expiry (``PackagePricer/legVolatility(_:)``) instead of `volatility`.
    public var surface: VolSurface?

    public init(spot: Double, volatility: Double, dividendYield: Double, rate: Double, fx: Double, currency: Currency) {
        self.spot = spot
        self.volatility = volatility
        self.dividendYield = dividendYield
        self.rate = rate
        self.fx = fx
        self.currency = currency
    }
}

/// What a package is valued against: a valuation date, NAV in base currency and per-underlying states.
public struct PackageMarket: Sendable, Equatable {
    public var valuationDate: LocalDate
    public var baseCurrency: Currency
    /// Net asset value in base currency (for % NAV figures and sizing).
    public var nav: Double
    public var underlyings: [String: UnderlyingState]

    public init(valuationDate: LocalDate, baseCurrency: Currency, nav: Double, underlyings: [String: UnderlyingState]) {
        self.valuationDate = valuationDate
        self.baseCurrency = baseCurrency
        self.nav = nav
        self.underlyings = underlyings
    }

    /// Every quote of the snapshot, with the rate of the quote's currency; valued on `valuationDate`
    /// (the book's, which may differ from the snapshot's `asOf`). Quotes whose currency has no FX rate are skipped
    /// (resolving a leg on them then fails with a clear error).
    public init(snapshot: MarketSnapshot, nav: Double, valuationDate: LocalDate) {
        var u: [String: UnderlyingState] = [:]
        for (id, q) in snapshot.quotes {
            guard let fx = snapshot.fxRate(q.currency) else { continue }
            u[id] = UnderlyingState(spot: q.spot, volatility: q.volatility, dividendYield: q.dividendYield,
                                    rate: snapshot.rate(q.currency), fx: fx, currency: q.currency)
            u[id]?.surface = snapshot.volSurfaces[id]
        }
        self.init(valuationDate: valuationDate, baseCurrency: snapshot.baseCurrency, nav: nav, underlyings: u)
    }
}

/// A package could not be built from the book's description.
public struct PackageError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension OptionPackage {
    /// Strike moneyness used when the author states neither strike nor moneyness: puts 0.8 (20% out of the money),
    /// calls 1.2 — the same defaults as `Portfolio.ResolvedBook`.

    /// Binds a hedge package from the book to the market: strikes (stated, `strikeOverrides[legID]`, or
    /// moneyness × spot), quantities (stated, or underlying notional % NAV ÷ (spot × multiplier × fx)).
    /// - Returns: the package and the assumptions made (one sentence each).
    public static func resolve(_ hedge: HedgePackage, market: PackageMarket,
                               strikeOverrides: [String: Double] = [:]) throws(PackageError) -> (OptionPackage, [String]) {
        var legs: [PackageLeg] = []
        var notes: [String] = []
        for leg in hedge.legs {
            guard let u = market.underlyings[leg.underlying] else {
                throw PackageError("hedge \(hedge.id) leg \(leg.id): no market quote (or no FX rate) for underlying '\(leg.underlying)'")
            }
            let instrument: PackageLeg.Instrument
            var assumed = false
            let units: Double
            switch leg.instrument {
            case .option(let t):
                let strike: Double
                if let k = strikeOverrides[leg.id] {
                    strike = k
                } else if let k = t.strike {
                    strike = k
                } else {
                    let m = t.moneynessOrDefault
                    strike = m * u.spot
                    assumed = t.strikeMoneyness == nil || m != 1
                    notes.append("\(leg.id): strike = \(m == 1 ? "at the money" : "\(NumberFormat.compact(m, 4)) × spot") = \(fmt(strike, 2)) \(u.currency)")
                }
                guard strike.isFinite, strike > 0 else {
                    throw PackageError("hedge \(hedge.id) leg \(leg.id): strike must be > 0, got \(strike)")
                }
                instrument = .option(right: t.right, strike: strike, expiry: t.expiry, exercise: t.exercise, multiplier: t.multiplier)
                units = t.multiplier
            case .stock:
                instrument = .stock
                units = 1
            }
            let qty: Double
            if let q = leg.quantity {
                qty = q
            } else if let pct = leg.notionalPercentOfNAV {
                qty = pct / 100 * market.nav / (u.spot * units * u.fx)
                notes.append("\(leg.id): \(NumberFormat.compact(pct, 4))% of NAV of underlying notional = \(fmt(qty, 2)) \(units == 1 ? "shares" : "contracts")")
            } else {
                throw PackageError("hedge \(hedge.id) leg \(leg.id): give quantity or notionalPercentOfNAV")
            }
            legs.append(PackageLeg(id: leg.id, underlying: leg.underlying, instrument: instrument,
                                   quantity: leg.side.sign * qty, strikeAssumed: assumed))
        }
        return (OptionPackage(id: hedge.id, name: hedge.name, legs: legs), notes)
    }

    /// The same package rolled to a fresh expiry: every option leg gets expiry `valuationDate + tenorDays[leg]`
    /// and strike `moneyness[leg] × spot today`; quantities keep the same underlying notional (for legs sized in
    /// % of NAV) or the same count. Legs missing from `moneyness` keep their strike.
    public static func rolled(_ hedge: HedgePackage, market: PackageMarket, tenorDays: [String: Int],
                              moneyness: [String: Double]) throws(PackageError) -> (OptionPackage, [String]) {
        var h = hedge
        var overrides: [String: Double] = [:]
        var notes: [String] = []
        for i in h.legs.indices {
            guard case .option(var t) = h.legs[i].instrument else { continue }
            let id = h.legs[i].id
            if let d = tenorDays[id] { t.expiry = market.valuationDate.adding(days: d) }
            if let m = moneyness[id], let u = market.underlyings[h.legs[i].underlying] {
                overrides[id] = m * u.spot
                notes.append("\(id) rolled: strike \(NumberFormat.compact(m, 4)) × spot \(fmt(u.spot, 2)) = \(fmt(m * u.spot, 2)), expiry \(t.expiry)")
            } else {
                notes.append("\(id) rolled: strike kept, expiry \(t.expiry)")
            }
            h.legs[i].instrument = .option(t)
        }
        let (p, more) = try resolve(h, market: market, strikeOverrides: overrides)
        return (OptionPackage(id: p.id + "-rolled", name: p.name + " (rolled)", legs: p.legs), notes + more)
    }
}
