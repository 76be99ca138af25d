import Basics
import Instruments
import MarketData
import Pricing

/// Option terms bound to market data on the valuation date: the input the pricers need.
public struct ResolvedOption: Sendable, Equatable {
    public var right: OptionRight
    public var strike: Double
    /// True when the strike came from `strikeMoneyness × spot` (the author gave none) — reported in outputs.
    public var strikeAssumed: Bool
    /// Years from the valuation date to expiry, ACT/365F (≤ 0 when already expired).
    public var timeToExpiry: Double
    public var expiry: LocalDate
    public var multiplier: Double
    public var exercise: ExerciseStyle
    /// Continuously compounded rate of the option's currency and the underlying's dividend yield.
    public var rate: Double
    public var dividendYield: Double
    public var volatility: Double
    /// Where `volatility` came from: the snapshot's realised vol, or the underlying's implied-vol surface at this
    /// strike and expiry (``VolSurface``). Every output showing the vol says which.
    public var volatilitySource: VolatilitySource = .realised
    /// How this leg is valued in scenario paths and single prices (one policy for every measure).
    public var policy: OptionValuationPolicy

    public init(right: OptionRight, strike: Double, strikeAssumed: Bool = false, timeToExpiry: Double, expiry: LocalDate,
                multiplier: Double = 100, exercise: ExerciseStyle = .european, rate: Double, dividendYield: Double,
                volatility: Double, policy: OptionValuationPolicy = .standard) {
        self.policy = policy
        self.right = right
        self.strike = strike
        self.strikeAssumed = strikeAssumed
        self.timeToExpiry = timeToExpiry
        self.expiry = expiry
        self.multiplier = multiplier
        self.exercise = exercise
        self.rate = rate
        self.dividendYield = dividendYield
        self.volatility = volatility
    }

    /// Per-share value and Greeks in scenario paths at a given spot, vol and time shift: Black–Scholes–Merton for
    /// European legs, the policy's scenario model for American ones (``OptionValuationPolicy``).
    public func greeks(spot: Double, volatility vol: Double? = nil, agedBy years: Double = 0) -> BlackScholesGreeks {
        policy.scenarioGreeks(right: right, exercise: exercise, spot: spot, strike: strike, time: timeToExpiry - years,
                              rate: rate, dividendYield: dividendYield, volatility: vol ?? volatility)
    }

    public func price(spot: Double, volatility vol: Double? = nil, agedBy years: Double = 0) -> Double {
        policy.scenarioPrice(right: right, exercise: exercise, spot: spot, strike: strike, time: timeToExpiry - years,
                             rate: rate, dividendYield: dividendYield, volatility: vol ?? volatility)
    }

    /// A single price today (the CRR tree for American legs): what a premium budget buys.
    public func singlePrice(spot: Double) -> Double {
        policy.singlePrice(right: right, exercise: exercise, spot: spot, strike: strike, time: timeToExpiry, rate: rate,
                           dividendYield: dividendYield, volatility: volatility)
    }

    public var isExpired: Bool { timeToExpiry <= 0 }
}

/// A position bound to the market snapshot: quantity, unit price and value in base currency.
public struct ResolvedPosition: Sendable, Equatable {
    public var position: Position
    /// Spot of the market key (the underlying for options), trading currency.
    public var spot: Double
    /// Base-currency value of one unit of the trading currency.
    public var fx: Double
    /// Signed quantity: shares, or contracts for options (negative = short).
    public var quantity: Double
    public var option: ResolvedOption?
    /// Beta of the market key, when the snapshot gives one.
    public var beta: Double?
    /// Today's price per unit of underlying at the single-price model (the CRR tree for American options), set by
    /// ``ResolvedBook``: what a premium budget buys and what the premium view shows. Nil = the scenario model's price.
    public var todayUnitPrice: Double?

    public init(position: Position, spot: Double, fx: Double, quantity: Double, option: ResolvedOption? = nil, beta: Double? = nil) {
        self.position = position
        self.spot = spot
        self.fx = fx
        self.quantity = quantity
        self.option = option
        self.beta = beta
    }

    /// Units of underlying per unit of quantity (1 for stock, the multiplier for options).
    public var unitsPerQuantity: Double { option?.multiplier ?? 1 }

    /// Price per unit of underlying in trading currency (spot for stock, option value per share for options).
    public func unitPrice(spot s: Double? = nil, volatility: Double? = nil, agedBy years: Double = 0) -> Double {
        let sp = s ?? spot
        return option.map { $0.price(spot: sp, volatility: volatility, agedBy: years) } ?? sp
    }

    /// Signed market value today in base currency (premium view): the single price for options.
    public var marketValue: Double {
        quantity * unitsPerQuantity * (todayUnitPrice ?? unitPrice()) * fx
    }

    /// Signed market value in base currency at the given (possibly shocked) state, by the scenario model (the base of
    /// scenario P&L, so that a zero shock gives zero P&L).
    public func value(spot s: Double? = nil, volatility: Double? = nil, agedBy years: Double = 0, fxFactor: Double = 1) -> Double {
        quantity * unitsPerQuantity * unitPrice(spot: s, volatility: volatility, agedBy: years) * fx * fxFactor
    }

    /// Signed delta-equivalent notional in base currency: quantity × multiplier × Δ × spot × fx (Δ = 1 for stock).
    public var deltaNotional: Double {
        guard let o = option else { return value() }
        return quantity * o.multiplier * o.greeks(spot: spot).delta * spot * fx
    }
}

/// Something in the book that cannot be bound to market data.
public struct ResolutionError: Error, Sendable, CustomStringConvertible {
    public var problems: [String]
    public init(problems: [String]) { self.problems = problems }
    public var description: String { problems.joined(separator: "\n") }
}

/// A book bound to a market snapshot (Strata's "resolved" step): the input of every measure.
public struct ResolvedBook: Sendable {
    public var book: Book
    public var market: MarketSnapshot
    public var positions: [ResolvedPosition]
    /// Assumptions made while resolving (assumed strikes, assumed quotes), for every report.
    public var notes: [String]

    public var nav: Double { book.nav }

    /// How options are valued (scenario model for American legs, tree steps for single prices).
    public var policy: OptionValuationPolicy

    /// Binds every position to the snapshot. `strikeOverrides` maps position id → strike.
    ///
    /// Option rules (the same for positions and hedge legs, see ``resolveOption(_:quote:rate:strikeOverride:)``): strike
    /// as stated, else `strikeMoneyness × spot`, else the right's default moneyness (puts 0.8, calls 1.2). A premium
    /// budget (% of NAV) buys budget ÷ (single price × multiplier × FX) contracts, the single price being the CRR tree
    /// for American legs (fractional contracts: the premium view then equals the budget exactly).
    /// - Throws: ``ResolutionError`` listing every instrument without a quote and every currency without FX.
    public init(book: Book, market: MarketSnapshot, policy: OptionValuationPolicy = .standard,
                strikeOverrides: [String: Double] = [:]) throws {
        var problems: [String] = []
        var notes: [String] = []
        var resolved: [ResolvedPosition] = []
        let bookFile = book.file ?? "book"
        for p in book.positions {
            let loc = p.location.map { "\($0)" } ?? bookFile
            guard let q = market.quote(p.marketKey) else {
                problems.append("\(loc): position '\(p.id)': no quote for '\(p.marketKey)' in the market snapshot \(market.file ?? "")")
                continue
            }
            guard let fx = market.fxRate(q.currency) else {
                problems.append("\(market.file ?? "market"): no FX rate for \(q.currency) (needed by position '\(p.id)'); expected fx.\(q.currency) in base currency \(market.baseCurrency)")
                continue
            }
            if q.currency != p.currency {
                notes.append("position \(p.id): book currency \(p.currency) differs from the snapshot's \(q.currency); the snapshot's is used")
            }
            if q.assumed { notes.append("\(p.marketKey): spot \(fmt(q.spot, 2)) \(q.currency) is assumed (\(q.source ?? "no source"))") }
            var option: ResolvedOption?
            if let t = p.option {
                let (o, note) = ResolvedBook.resolveOption(t, id: p.id, quote: q, rate: market.rate(q.currency), valuationDate: book.valuationDate,
                                                           policy: policy, strikeOverride: strikeOverrides[p.id],
                                                           surface: market.volSurfaces[p.marketKey])
                option = o
                if let note { notes.append(note + " (override with --strike)") }
                if let v = ResolvedBook.volatilityNote(o, id: p.id, quote: q) { notes.append(v) }
                if o.isExpired {
                    notes.append("EXPIRED: \(p.id) expired on \(t.expiry), before the valuation date \(book.valuationDate); valued at intrinsic")
                }
            }
            var r = ResolvedPosition(position: p, spot: q.spot, fx: fx, quantity: 0, option: option, beta: q.beta)
            r.todayUnitPrice = option.map { $0.singlePrice(spot: q.spot) }
            switch p.size {
            case .quantity(let n):
                r.quantity = p.side.sign * n
            case .percentOfNAV(let pct):
                let unitValueBase = r.unitsPerQuantity * (r.todayUnitPrice ?? q.spot) * fx
                guard unitValueBase > 0 else {
                    problems.append("\(loc): position '\(p.id)': a size in % of NAV needs a positive unit value, but \(p.kind == .option ? "the option is worth 0 (expired or far out of the money)" : "the price is 0")")
                    continue
                }
                let exact = pct / 100 * book.nav / unitValueBase
                guard exact.isFinite else {
                    problems.append("\(loc): position '\(p.id)': \(NumberFormat.compact(pct, 4))% of NAV at a unit value of \(NumberFormat.shortest(unitValueBase)) \(book.baseCurrency) is a quantity beyond any number (check the spot of '\(p.marketKey)' in the market snapshot)")
                    continue
                }
                r.quantity = p.side.sign * exact
                if let o = option {
                    notes.append("\(p.id): a premium budget of \(NumberFormat.compact(pct, 4))% of NAV buys \(fmt(exact, 2)) contracts at \(fmt(r.todayUnitPrice ?? 0, 4)) \(q.currency) per share (\(o.exercise == .american ? "CRR tree, \(policy.treeSteps) steps" : "Black-Scholes-Merton")); the book holds that many (\(fmt(exact.rounded(.down), 0)) whole contracts)")
                }
            }
            resolved.append(r)
        }
        if !problems.isEmpty { throw ResolutionError(problems: problems) }
        self.book = book
        self.market = market
        self.positions = resolved
        self.notes = notes
        self.policy = policy
    }

    /// The one option-leg rule for positions and hedge legs: strike as stated, else the override, else
    /// `strikeMoneyness × spot`, else the right's default moneyness × spot; time to expiry ACT/365F. Volatility: the
    /// `surface` (the underlying's implied-vol surface, ``VolSurface``) at that strike and time to expiry, the
    /// moneyness K/S taken at the quote's spot, when one is given and the leg has not expired; else the quote's
    /// (realised) volatility, the same for every strike and expiry.
    /// - Returns: the resolved terms and, when the strike was assumed, a sentence saying so.
    public static func resolveOption(_ t: OptionTerms, id: String, quote q: InstrumentQuote, rate: Double, valuationDate: LocalDate,
                                     policy: OptionValuationPolicy, strikeOverride: Double? = nil,
                                     surface: VolSurface? = nil) -> (ResolvedOption, String?) {
        let strike = t.strike ?? strikeOverride ?? t.moneynessOrDefault * q.spot
        let assumed = t.strike == nil && strikeOverride == nil
        let note = assumed ? "\(id): strike not stated; \(NumberFormat.compact(t.moneynessOrDefault, 4)) × spot \(fmt(q.spot, 2)) = \(fmt(strike, 2)) \(q.currency)" : nil
        let time = valuationDate.yearFraction(to: t.expiry)
        var o = ResolvedOption(right: t.right, strike: strike, strikeAssumed: assumed,
                               timeToExpiry: time, expiry: t.expiry,
                               multiplier: t.multiplier, exercise: t.exercise, rate: rate,
                               dividendYield: q.dividendYield, volatility: q.volatility, policy: policy)
        if let surface, time > 0 {
            o.volatility = surface.volatility(strike: strike, spot: q.spot, time: time)
            o.volatilitySource = .surface(surface.source)
        }
        return (o, note)
    }

    /// The sentence stating a leg's vol and its source when it comes from a surface (nil for the realised vol, the
    /// rule every output already states).
    public static func volatilityNote(_ o: ResolvedOption, id: String, quote q: InstrumentQuote) -> String? {
        guard case .surface(let file) = o.volatilitySource else { return nil }
        return VolSurface.sourceNote(id: id, volatility: o.volatility, file: file, strike: o.strike, spot: q.spot,
                                     time: o.timeToExpiry, realised: q.volatility)
    }
}
