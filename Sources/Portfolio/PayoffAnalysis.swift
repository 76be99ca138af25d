import Basics
import Instruments
import MarketData
import Pricing

/// Settings of a payoff analysis (`hedgebook payoff`).
public struct PayoffOptions: Sendable {
    /// Horizon for repriced P&L, calendar days after the valuation date.
    public var horizonDays = 30
    /// Absolute volatility shift applied at the horizon (0.05 = +5 vol points).
    public var volShift = 0.0
    /// Relative moves of each underlying on the grid.
    public var moves: [Double] = [-0.5, -0.4, -0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3, 0.4, 0.5]
    /// Strike for option *positions* whose strike the book leaves unstated (e.g. the MU puts); nil = moneyness × spot.
    public var strikeOverride: Double?
    /// Only this hedge package / option position id (nil = all).
    public var only: String?
    /// CRR steps for American legs.
    public var americanSteps = 500
    /// Tenor of the rolled hedge and of the original one: inception = original expiry − tenor (ASSUMED 365 days, a
    /// 12-month listed hedge — the lower end of the thesis's 12–18-month horizon for T1).
    public var rollTenorDays = 365
    /// Close-price histories per underlying (adjusted closes), used to find the spot at the original inception date
    /// and so each leg's original moneyness. Without a series, the moneyness falls back to the stated
    /// `strikeMoneyness`, or the default (puts 0.8, calls 1.2), and says so.
    public var history: [String: PriceSeries] = [:]
    /// The move used for the option positions' headline P&L (−30% for puts, +30% for calls; the thesis's MU case).
    public var headlineMove = 0.30

    public init() {}
}

/// One leg as reported.
public struct LegReport: Sendable {
    public var id: String
    public var underlying: String
    /// "call", "put" or "stock".
    public var type: String
    public var strike: Double?
    public var strikeAssumed: Bool
    public var expiry: LocalDate?
    /// Calendar days from the valuation date to expiry (negative = expired that many days ago).
    public var daysToExpiry: Int?
    public var expired: Bool
    /// Signed contracts (options) or shares (stock).
    public var quantity: Double
    public var multiplier: Double
    /// Value per share in the trading currency today (intrinsic when expired).
    public var unitValue: Double
    public var currency: Currency
    /// Signed value in base currency.
    public var valueBase: Double
}

/// A point of the P&L grid (base currency).
public struct GridPoint: Sendable {
    public var moves: JointMove
    public var pnlAtExpiry: Double
    public var pnlAtHorizon: Double
}

/// Premium-budget sizing of an option position.
public struct SizingReport: Sendable {
    public var budgetPercentOfNAV: Double
    /// Exact contracts the budget buys, and the whole contracts used (rounded down; fractional when below 1).
    public var contractsExact: Double
    public var contracts: Double
    public var premiumUsed: Double
    public var premiumUsedPercentOfNAV: Double
    /// Signed delta-equivalent exposure (base currency and % NAV): negative = short.
    public var deltaNotional: Double
    public var deltaPercentOfNAV: Double
    /// The headline move (e.g. −0.30) and P&L there, at expiry and repriced at the horizon.
    public var headlineMove: Double
    public var pnlHeadlineAtExpiry: Double
    public var pnlHeadlineAtHorizon: Double
}

/// A package (an option position as a one-leg package, or a hedge) analysed on one basis.
public struct PackageReport: Sendable {
    public enum Kind: String, Sendable { case optionPosition = "option position", hedge = "hedge package" }
    public var kind: Kind
    public var id: String
    public var name: String
    /// "as dated" or "rolled: …".
    public var basis: String
    public var held: Bool
    public var legs: [LegReport]
    /// Legs expired at the valuation date (the loud flag).
    public var expiredLegs: [String]
    /// Premium (base currency, positive = paid) and % NAV; nil when not meaningful (expired legs).
    public var premium: Double?
    public var premiumPercentOfNAV: Double?
    public var notional: Double?
    public var greeks: PackageGreeks?
    public var grid: [GridPoint]
    /// Break-even moves at expiry per underlying (others unchanged).
    public var breakEvens: [(underlying: String, moves: [Double])]
    public var extremes: PayoffExtremes?
    public var claims: [ClaimCheckResult]
    public var sizing: SizingReport?
    public var notes: [String]

    /// True when every leg is linear (stock, forwards): such a package has no premium, only a signed notional.
    public var isLinear: Bool { !legs.isEmpty && legs.allSatisfy { $0.type == "stock" } }
}

public struct PayoffReport: Sendable {
    public var bookName: String
    public var valuationDate: LocalDate
    public var baseCurrency: Currency
    public var nav: Double
    public var options: PayoffOptions
    public var sections: [PackageReport]
    /// Problems that stopped a section (one sentence each); other sections still run.
    public var problems: [String]
}

/// Builds the payoff report of a book: every option position (sized from its premium budget when the book gives one)
/// and every hedge package, as dated and — when a leg has expired — rolled to the same moneyness and tenor from the
/// valuation date.
public enum PayoffAnalysis {
    public static func run(book: Book, market snapshot: MarketSnapshot, options o: PayoffOptions) -> PayoffReport {
        let market = PackageMarket(snapshot: snapshot, nav: book.nav, valuationDate: book.valuationDate)
        let pricer = PackagePricer(market: market, americanSteps: o.americanSteps)
        var sections: [PackageReport] = []
        var problems: [String] = []
        for p in book.positions where p.kind == .option {
            guard o.only == nil || o.only == p.id else { continue }
            do {
                sections.append(try optionPosition(p, pricer: pricer, options: o))
            } catch {
                problems.append("option position \(p.id): \(error)")
            }
        }
        for h in book.hedges {
            guard o.only == nil || o.only == h.id else { continue }
            do {
                sections.append(contentsOf: try hedge(h, pricer: pricer, options: o))
            } catch {
                problems.append("hedge \(h.id): \(error)")
            }
        }
        if let only = o.only, sections.isEmpty, problems.isEmpty {
            let ids = book.positions.filter { $0.kind == .option }.map(\.id) + book.hedges.map(\.id)
            problems.append("no option position or hedge package '\(only)' in the book (have: \(ids.joined(separator: ", ")))")
        }
        return PayoffReport(bookName: book.name, valuationDate: book.valuationDate, baseCurrency: snapshot.baseCurrency,
                            nav: book.nav, options: o, sections: sections, problems: problems)
    }

    static func optionPosition(_ p: Position, pricer: PackagePricer, options o: PayoffOptions) throws -> PackageReport {
        guard let t = p.option else { throw PackageError("option position without option terms") }
        let market = pricer.market
        guard let u = market.underlyings[t.underlying] else {
            throw PackageError("no market quote (or FX rate) for underlying '\(t.underlying)'")
        }
        var notes: [String] = []
        let strike: Double
        var assumed = false
        if let k = t.strike {
            strike = k
        } else if let k = o.strikeOverride {
            strike = k
            notes.append("strike \(k) \(u.currency) from --strike (the book states none)")
        } else {
            let m = t.moneynessOrDefault
            strike = m * u.spot
            assumed = true
            notes.append("strike not stated: ASSUMED \(NumberFormat.compact(m, 4)) × spot \(fmt(u.spot, 2)) = \(fmt(strike, 2)) \(u.currency) (override with --strike)")
        }
        var leg = PackageLeg(id: p.id, underlying: t.underlying,
                             instrument: .option(right: t.right, strike: strike, expiry: t.expiry, exercise: t.exercise,
                                                 multiplier: t.multiplier),
                             quantity: p.side.sign, strikeAssumed: assumed)
        var sizing: SizingReport?
        let expired = t.expiry <= market.valuationDate
        switch p.size {
        case .quantity(let n):
            leg.quantity = p.side.sign * n
        case .percentOfNAV(let budget):
            if expired { throw PackageError("EXPIRED on \(t.expiry): a premium budget cannot buy an expired option") }
            let exact = try pricer.contractsForBudget(percentOfNAV: budget, leg: leg)
            let whole = exact >= 1 ? exact.rounded(.down) : exact
            // The book holds exactly what the budget buys (as exposure, stress and risk do); whole contracts are reported.
            leg.quantity = p.side.sign * exact
            let one = OptionPackage(id: p.id, name: p.instrument, legs: [leg])
            let prem = try pricer.premium(one)
            let g = try pricer.greeks(one)
            let move = t.right == .put ? -o.headlineMove : o.headlineMove
            sizing = SizingReport(
                budgetPercentOfNAV: budget, contractsExact: exact, contracts: whole, premiumUsed: prem,
                premiumUsedPercentOfNAV: prem / market.nav * 100, deltaNotional: g.deltaNotional,
                deltaPercentOfNAV: g.deltaNotional / market.nav * 100, headlineMove: move,
                pnlHeadlineAtExpiry: try pricer.pnlAtExpiry(one, moves: [t.underlying: move], premium: prem),
                pnlHeadlineAtHorizon: try pricer.pnlAtHorizon(one, moves: [t.underlying: move], days: o.horizonDays,
                                                              volShift: o.volShift, premium: prem))
            notes.append("sized from a premium budget of \(NumberFormat.compact(budget, 4))% of NAV: \(fmt(exact, 2)) contracts at today's price (\(fmt(whole, 0)) whole contracts); the analysis uses \(fmt(exact, 2)), as every other measure")
        }
        let pkg = OptionPackage(id: p.id, name: p.instrument, legs: [leg])
        var r = try analyse(pkg, kind: .optionPosition, basis: "as dated", held: true, claims: [], pricer: pricer, options: o)
        r.sizing = sizing
        r.notes = notes + r.notes
        return r
    }

    static func hedge(_ h: HedgePackage, pricer: PackagePricer, options o: PayoffOptions) throws -> [PackageReport] {
        let market = pricer.market
        let (pkg, notes) = try OptionPackage.resolve(h, market: market)
        var asDated = try analyse(pkg, kind: .hedge, basis: "as dated", held: h.held, claims: h.claims, pricer: pricer, options: o)
        asDated.notes = notes + asDated.notes
        guard !asDated.expiredLegs.isEmpty else { return [asDated] }
        let (tenor, moneyness, rollNotes) = rollTerms(h, options: o)
        let (rolledPkg, rNotes) = try OptionPackage.rolled(h, market: market, tenorDays: tenor, moneyness: moneyness)
        let basis = "rolled: same moneyness and \(o.rollTenorDays)-day tenor from \(market.valuationDate) (the dated legs have expired)"
        var rolled = try analyse(rolledPkg, kind: .hedge, basis: basis, held: h.held, claims: h.claims, pricer: pricer, options: o)
        rolled.notes = rollNotes + rNotes + rolled.notes
        return [asDated, rolled]
    }

    /// The roll rule of an expired hedge: every option leg gets the tenor `rollTenorDays` and its original moneyness —
    /// K ÷ S(inception) with inception = original expiry − tenor, from the close history when given; else the stated
    /// `strikeMoneyness`; else the right's default (0.8 puts, 1.2 calls), each said in a note.
    public static func rollTerms(_ h: HedgePackage, options o: PayoffOptions) -> (tenor: [String: Int], moneyness: [String: Double], notes: [String]) {
        var tenor: [String: Int] = [:]
        var moneyness: [String: Double] = [:]
        var rollNotes: [String] = []
        for leg in h.legs {
            guard case .option(let t) = leg.instrument else { continue }
            tenor[leg.id] = o.rollTenorDays
            let inception = t.expiry.adding(days: -o.rollTenorDays)
            if t.strike == nil {
                let m = t.moneynessOrDefault
                moneyness[leg.id] = m
                rollNotes.append("\(leg.id): moneyness \(m) as stated")
            } else if let k = t.strike, let (d, s) = close(on: inception, series: o.history[t.underlying]) {
                moneyness[leg.id] = k / s
                rollNotes.append("\(leg.id): original moneyness \(fmt(k, 2)) / \(fmt(s, 2)) (\(t.underlying) close \(d), inception = expiry \(t.expiry) − \(o.rollTenorDays) days) = \(fmt(k / s, 4))")
            } else {
                let m = t.right.defaultMoneyness
                moneyness[leg.id] = m
                rollNotes.append("\(leg.id): no price history for \(t.underlying) at the inception date \(inception); ASSUMED default moneyness \(m)")
            }
        }
        return (tenor, moneyness, rollNotes)
    }

    /// Last close on or before `date` in the series.
    static func close(on date: LocalDate, series: PriceSeries?) -> (LocalDate, Double)? {
        guard let s = series else { return nil }
        var best: (LocalDate, Double)?
        for (d, v) in zip(s.dates, s.values) where d <= date {
            if let v { best = (d, v) }
        }
        return best
    }

    static func analyse(_ pkg: OptionPackage, kind: PackageReport.Kind, basis: String, held: Bool, claims: [HedgeClaim],
                        pricer: PackagePricer, options o: PayoffOptions) throws -> PackageReport {
        let market = pricer.market
        var ws = BinomialWorkspace(steps: pricer.americanSteps)
        var legs: [LegReport] = []
        for leg in pkg.legs {
            guard let u = market.underlyings[leg.underlying] else { throw PackageError("no market data for \(leg.underlying)") }
            let unit = try pricer.legValue(leg, spot: u.spot, on: market.valuationDate, workspace: &ws)
            var type = "stock"
            if case let .option(right, _, _, _, _) = leg.instrument { type = right.rawValue }
            let days = leg.expiry.map { market.valuationDate.days(to: $0) }
            legs.append(LegReport(id: leg.id, underlying: leg.underlying, type: type, strike: leg.strike,
                                  strikeAssumed: leg.strikeAssumed, expiry: leg.expiry, daysToExpiry: days,
                                  expired: (days ?? 1) <= 0, quantity: leg.quantity, multiplier: leg.unitsPerQuantity,
                                  unitValue: unit, currency: u.currency,
                                  valueBase: leg.quantity * leg.unitsPerQuantity * unit * u.fx))
        }
        var volNotes: [String] = []
        for leg in pkg.legs {
            if let (v, src) = try pricer.legVolatility(leg), case .surface(let file) = src, let k = leg.strike, let e = leg.expiry,
               let u = market.underlyings[leg.underlying] {
                volNotes.append(VolSurface.sourceNote(id: leg.id, volatility: v, file: file, strike: k, spot: u.spot,
                                                      time: market.valuationDate.yearFraction(to: e), realised: u.volatility))
            }
        }
        let expired = legs.filter(\.expired).map(\.id)
        let checks = HedgeClaimChecker.check(claims, package: pkg, pricer: pricer, basis: basis, horizonDays: o.horizonDays,
                                             volShift: o.volShift)
        var report = PackageReport(kind: kind, id: pkg.id, name: pkg.name, basis: basis, held: held, legs: legs,
                                   expiredLegs: expired, premium: nil, premiumPercentOfNAV: nil, notional: nil, greeks: nil,
                                   grid: [], breakEvens: [], extremes: nil, claims: checks, sizing: nil, notes: volNotes)
        if !expired.isEmpty {
            report.notes.append("EXPIRED legs (\(expired.joined(separator: ", "))): worth intrinsic value only; premium, Greeks and P&L grid are not meaningful as dated")
            return report
        }
        let prem = try pricer.premium(pkg)
        report.premium = prem
        report.premiumPercentOfNAV = prem / market.nav * 100
        report.notional = try pricer.notional(pkg)
        report.greeks = try pricer.greeks(pkg)
        let lastHorizonLeg = pkg.legs.compactMap(\.expiry).min()
        if let first = lastHorizonLeg, market.valuationDate.adding(days: o.horizonDays) >= first {
            report.notes.append("the \(o.horizonDays)-day horizon is at or after the first expiry (\(first)); legs past expiry are valued at intrinsic")
        }
        for m in PackagePricer.grid(underlyings: pkg.underlyings, moves: o.moves) {
            report.grid.append(GridPoint(moves: m, pnlAtExpiry: try pricer.pnlAtExpiry(pkg, moves: m, premium: prem),
                                         pnlAtHorizon: try pricer.pnlAtHorizon(pkg, moves: m, days: o.horizonDays,
                                                                               volShift: o.volShift, premium: prem)))
        }
        for u in pkg.underlyings { report.breakEvens.append((u, try pricer.breakEvens(pkg, underlying: u, premium: prem))) }
        report.extremes = try pricer.extremes(pkg, premium: prem)
        return report
    }
}
