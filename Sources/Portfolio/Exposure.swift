import Basics
import Instruments
import MarketData

/// One position's exposure, in base currency (signed: long > 0, short < 0).
///
/// Two views of options:
/// - **premium view** (`notional`): the premium at risk, signed by the direction of the position's delta
///   (a bought put is bearish, so its premium counts in the *short* bucket). This is how the thesis's ledger
///   counts the MU puts ("3% = premium budget").
/// - **delta view** (`deltaNotional`): quantity × multiplier × Black–Scholes Δ × spot × fx.
/// For stocks both views equal the market value.
public struct PositionExposure: Sendable {
    public var id: String
    public var instrument: String
    public var kind: InstrumentKind
    public var side: Side
    public var country: String
    public var currency: String
    public var layer: String
    public var exchange: String
    public var tags: [String]
    public var pairs: [String]
    public var quantity: Double
    /// Premium-view signed exposure, base currency.
    public var notional: Double
    /// Delta-adjusted signed exposure, base currency.
    public var deltaNotional: Double
    /// Beta-adjusted delta exposure (nil when the snapshot has no beta for the name).
    public var betaNotional: Double?
    /// Market value in base currency (premium for options, signed by side).
    public var marketValue: Double
    /// For options: Δ per share, strike, days to expiry.
    public var delta: Double?
    public var strike: Double?
    public var daysToExpiry: Int?
}

/// Long, short, gross, net, reserve of a set of signed exposures.
public struct ExposureTotals: Sendable, Equatable {
    public var long: Double
    public var short: Double
    public var gross: Double { long + short }
    public var net: Double { long - short }
    public var longCount: Int
    public var shortCount: Int

    public init(_ values: [Double]) {
        long = values.filter { $0 > 0 }.reduce(0, +)
        short = -values.filter { $0 < 0 }.reduce(0, +)
        longCount = values.filter { $0 > 0 }.count
        shortCount = values.filter { $0 < 0 }.count
    }
}

/// A group's exposure (by country, currency, layer, pair, …) in both views, base currency.
public struct GroupExposure: Sendable {
    public var key: String
    public var premium: ExposureTotals
    public var delta: ExposureTotals
    public var members: [String]
}

/// A pair's legs: long leg, short leg, net and gross in both views.
public struct PairExposure: Sendable {
    public var id: String
    public var name: String
    public var longLeg: Double
    public var shortLeg: Double
    public var longLegDelta: Double
    public var shortLegDelta: Double
    public var net: Double { longLeg - shortLeg }
    public var gross: Double { longLeg + shortLeg }
    public var netDelta: Double { longLegDelta - shortLegDelta }
    public var grossDelta: Double { longLegDelta + shortLegDelta }
}

/// One stated claim against the computed figure.
public struct ClaimCheck: Sendable {
    public var measure: String
    public var stated: Double
    public var computed: Double
    public var computedDelta: Double
    public var gap: Double { computed - stated }
    public var tolerance: Double
    public var flagged: Bool { abs(gap) > tolerance }
}

/// A broken rule and what breaks it.
public struct ConstraintBreach: Sendable {
    public var id: String
    public var description: String
    public var detail: String
    /// Position ids or hedge-leg ids (as `hedge/leg`) that break the rule.
    public var offenders: [String]
}

/// The full exposure report of a resolved book. Percentages are % of NAV; amounts in base currency.
public struct ExposureReport: Sendable {
    public var bookName: String
    public var baseCurrency: Currency
    public var nav: Double
    public var valuationDate: LocalDate
    public var positions: [PositionExposure]
    public var premium: ExposureTotals
    public var delta: ExposureTotals
    /// Σ β × delta exposure over names with a beta, and the ids without one.
    public var betaNet: Double
    public var namesWithoutBeta: [String]
    public var pairs: [PairExposure]
    public var claims: [ClaimCheck]
    public var breaches: [ConstraintBreach]
    public var notes: [String]

    /// % of NAV.
    public func pct(_ amount: Double) -> Double { amount / nav * 100 }
    /// Reserve = 100 − gross, % NAV (premium view, as the thesis counts it).
    public var reservePercent: Double { 100 - pct(premium.gross) }

    /// Breakdown by a grouping; `.position` gives one row per position. Pairs: use `pairBreakdown`.
    public func breakdown(by grouping: Grouping) -> [GroupExposure] {
        var order: [String] = []
        var prem: [String: [Double]] = [:], del: [String: [Double]] = [:], mem: [String: [String]] = [:]
        for p in positions {
            let keys: [String]
            switch grouping {
            case .country: keys = [p.country]
            case .currency: keys = [p.currency]
            case .layer: keys = [p.layer]
            case .exchange: keys = [p.exchange]
            case .tag: keys = p.tags.isEmpty ? ["(untagged)"] : p.tags
            case .kind: keys = [p.kind.rawValue]
            case .position: keys = [p.id]
            }
            for k in keys {
                if prem[k] == nil { order.append(k) }
                prem[k, default: []].append(p.notional)
                del[k, default: []].append(p.deltaNotional)
                mem[k, default: []].append(p.id)
            }
        }
        return order.sorted().map { GroupExposure(key: $0, premium: ExposureTotals(prem[$0]!), delta: ExposureTotals(del[$0]!), members: mem[$0]!) }
    }

    /// Positions grouped by the pair they belong to ("(no pair)" for the rest).
    public func pairBreakdown() -> [GroupExposure] {
        var out: [GroupExposure] = []
        for pair in pairs {
            let members = positions.filter { $0.pairs.contains(pair.id) }
            out.append(GroupExposure(key: pair.id, premium: ExposureTotals(members.map(\.notional)),
                                     delta: ExposureTotals(members.map(\.deltaNotional)), members: members.map(\.id)))
        }
        let rest = positions.filter { $0.pairs.isEmpty }
        if !rest.isEmpty {
            out.append(GroupExposure(key: "(no pair)", premium: ExposureTotals(rest.map(\.notional)),
                                     delta: ExposureTotals(rest.map(\.deltaNotional)), members: rest.map(\.id)))
        }
        return out
    }
}

public enum ExposureCalculator {
    /// Computes exposures, pair legs, the reconciliation against stated claims and the constraint checks.
    public static func report(_ rb: ResolvedBook) -> ExposureReport {
        let book = rb.book
        var rows: [PositionExposure] = []
        var betaNet = 0.0
        var noBeta: [String] = []
        for r in rb.positions {
            let p = r.position
            let mv = r.marketValue
            let dn = r.deltaNotional
            let notional: Double
            if r.option != nil {
                // Premium at risk, signed by the direction of the position's delta.
                notional = (dn < 0 ? -1 : (dn > 0 ? 1 : p.side.sign)) * abs(mv)
            } else {
                notional = mv
            }
            let bn = r.beta.map { $0 * dn }
            if let bn { betaNet += bn } else { noBeta.append(p.id) }
            let o = r.option
            rows.append(PositionExposure(
                id: p.id, instrument: p.instrument, kind: p.kind, side: p.side, country: p.country, currency: p.currency.code,
                layer: p.layer, exchange: p.exchange, tags: p.tags, pairs: book.pairs(containing: p.id), quantity: r.quantity,
                notional: notional, deltaNotional: dn, betaNotional: bn, marketValue: mv,
                delta: o.map { $0.greeks(spot: r.spot).delta }, strike: o?.strike,
                daysToExpiry: o.map { book.valuationDate.days(to: $0.expiry) }))
        }
        let premium = ExposureTotals(rows.map(\.notional))
        let delta = ExposureTotals(rows.map(\.deltaNotional))
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })

        let pairs = book.pairs.map { pair -> PairExposure in
            let l = pair.longLegs.compactMap { byID[$0.position] }
            let s = pair.shortLegs.compactMap { byID[$0.position] }
            return PairExposure(id: pair.id, name: pair.name,
                                longLeg: l.reduce(0) { $0 + abs($1.notional) }, shortLeg: s.reduce(0) { $0 + abs($1.notional) },
                                longLegDelta: l.reduce(0) { $0 + $1.deltaNotional }, shortLegDelta: -s.reduce(0) { $0 + $1.deltaNotional })
        }

        let nav = book.nav
        func pct(_ x: Double) -> Double { x / nav * 100 }
        var claims: [ClaimCheck] = []
        let c = book.claims
        let items: [(String, Double?, Double, Double)] = [
            ("long", c.longPercent, pct(premium.long), pct(delta.long)),
            ("short", c.shortPercent, pct(premium.short), pct(delta.short)),
            ("gross", c.grossPercent, pct(premium.gross), pct(delta.gross)),
            ("net", c.netPercent, pct(premium.net), pct(delta.net)),
            ("reserve", c.reservePercent, 100 - pct(premium.gross), 100 - pct(delta.gross)),
        ]
        for (name, stated, computed, computedDelta) in items {
            if let stated {
                claims.append(ClaimCheck(measure: name, stated: stated, computed: computed, computedDelta: computedDelta, tolerance: c.tolerance))
            }
        }

        let report = ExposureReport(
            bookName: book.name, baseCurrency: book.baseCurrency, nav: nav, valuationDate: book.valuationDate, positions: rows,
            premium: premium, delta: delta, betaNet: betaNet, namesWithoutBeta: noBeta, pairs: pairs, claims: claims,
            breaches: [], notes: rb.notes)
        var out = report
        out.breaches = ConstraintChecker.check(book: book, exposure: report)
        return out
    }
}

/// Checks the book's stated rules against positions and every hedge leg (held or proposed).
public enum ConstraintChecker {
    public static func check(book: Book, exposure: ExposureReport) -> [ConstraintBreach] {
        var out: [ConstraintBreach] = []
        let grossPct = exposure.pct(exposure.premium.gross)
        let netPct = exposure.pct(exposure.premium.net)
        for c in book.constraints {
            switch c.rule {
            case .noShort(let f):
                var offenders: [String] = []
                for p in book.positions where p.side == .short && p.kind != .option
                    && f.matches(instrument: p.marketKey, exchange: p.exchange, country: p.country, layer: p.layer, tags: p.tags) {
                    offenders.append(p.id)
                }
                for h in book.hedges {
                    for leg in h.legs where leg.side == .short {
                        if case .stock = leg.instrument,
                           f.matches(instrument: leg.underlying, exchange: leg.exchange ?? exchangeOf(leg.underlying, in: book),
                                     country: leg.country, layer: nil, tags: []) {
                            offenders.append("\(h.id)/\(leg.id)\(h.held ? "" : " (proposed hedge)")")
                        }
                    }
                }
                if !offenders.isEmpty {
                    out.append(ConstraintBreach(id: c.id, description: c.description, detail: "short exposure where the rule forbids it", offenders: offenders))
                }
            case .definedRisk(let f):
                var offenders: [String] = []
                for p in book.positions where f.matches(instrument: p.marketKey, exchange: p.exchange, country: p.country, layer: p.layer, tags: p.tags) {
                    if p.side == .short { offenders.append(p.id) }
                }
                for h in book.hedges {
                    for leg in h.legs where leg.side == .short && f.matches(instrument: leg.underlying, exchange: leg.exchange, country: leg.country, layer: nil, tags: []) {
                        offenders.append("\(h.id)/\(leg.id)")
                    }
                }
                if !offenders.isEmpty {
                    out.append(ConstraintBreach(id: c.id, description: c.description, detail: "written options or short stock: loss not limited to the premium", offenders: offenders))
                }
            case .maxGross(let v):
                if grossPct > v + 1e-9 {
                    out.append(ConstraintBreach(id: c.id, description: c.description, detail: "gross \(fmt2(grossPct))% > \(fmt2(v))%", offenders: []))
                }
            case .minReserve(let v):
                let reserve = 100 - grossPct
                if reserve < v - 1e-9 {
                    out.append(ConstraintBreach(id: c.id, description: c.description, detail: "reserve \(fmt2(reserve))% < \(fmt2(v))%", offenders: []))
                }
            case .netRange(let lo, let hi):
                if netPct < lo - 1e-9 || netPct > hi + 1e-9 {
                    out.append(ConstraintBreach(id: c.id, description: c.description, detail: "net \(fmt2(netPct))% outside [\(fmt2(lo)), \(fmt2(hi))]%", offenders: []))
                }
            case .maxPosition(let v):
                let big = exposure.positions.filter { abs(exposure.pct($0.notional)) > v + 1e-9 }
                if !big.isEmpty {
                    out.append(ConstraintBreach(id: c.id, description: c.description, detail: "positions above \(fmt2(v))% of NAV", offenders: big.map(\.id)))
                }
            }
        }
        return out
    }

    static func exchangeOf(_ instrument: String, in book: Book) -> String? {
        book.positions.first { $0.marketKey == instrument }?.exchange
    }

    static func fmt2(_ v: Double) -> String { NumberFormat.compact(v, 2) }
}
