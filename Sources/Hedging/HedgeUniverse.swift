import Basics
import Instruments
import LinearAlgebra
import MarketData
import Portfolio
import Pricing
import Stress

/// One tradeable line of the candidate set, a line of the stress engine: a generated option (unit one contract), a
/// short stock line (unit one share short) or a leg of a proposed hedge package (unit the leg at its stated size).
public struct HedgeLine: Sendable, Equatable {
    public var id: String
    /// Index into the engines' `positions`.
    public var engineIndex: Int
    /// Contracts (options) or shares (stock) in one line unit; rounding makes `units × this` whole.
    public var contractsPerUnit: Double
    /// "contracts" or "shares".
    public var contractWord: String
    /// Premium paid per unit, base currency (a single price today: BSM for European, the CRR tree for American legs).
    public var premiumPerUnit: Double
}

/// The book plus every candidate, bound to the snapshot twice (the same book, two scenario models for American legs):
/// `named` with the workspace's policy (the named scenarios; the same valuation as `hedgebook stress`), `monteCarlo`
/// with Bjerksund–Stensland 2002 in place of the per-scenario CRR tree (10,000 trees per American line would take
/// minutes; stated in the output). European lines are Black–Scholes–Merton in both.
public struct HedgeUniverse: Sendable {
    public var named: StressEngine
    public var monteCarlo: StressEngine
    public var candidates: [HedgeCandidate]
    public var lines: [HedgeLine]
    /// Engine positions that are the book as held, minus `replaced`.
    public var bookLines: [Int]
    /// Book positions set aside (`--replace`): valued alongside, for the "as held" comparison.
    public var replacedLines: [Int]
    public var replaced: [String]
    /// P × (2 + L) bucket matrix: column 0 the book without the replaced positions, 1 the replaced positions, then
    /// one column per line.
    public var buckets: Matrix
    public var notes: [String]

    public var nav: Double { named.nav }

    /// - Parameters:
    ///   - book: the book with the candidate hedge packages already held (rolled where expired, by the caller);
    ///   - packages: ids of those packages (each one candidate, unit = the package at its stated notional);
    ///   - replace: ids of book positions set aside (e.g. the thesis's MU puts, to compare with what its budget buys).
    /// - Throws: ``HedgeError`` (no quote for a candidate underlying, bad grid, unknown position), and the engine's
    ///   resolution errors.
    public init(book: Book, market: MarketSnapshot, policy: OptionValuationPolicy, grid: CandidateGrid, packages: [String],
                replace: [String] = []) throws {
        try grid.validate()
        for u in grid.underlyings where market.quote(u) == nil {
            throw HedgeError.noQuote(underlying: u, known: market.sortedIDs)
        }
        for r in replace where !book.positions.contains(where: { $0.id == r }) {
            throw HedgeError.badInput("--replace \(r): no position with that id in the book (positions: \(book.positions.map(\.id).joined(separator: ", ")))")
        }
        var b = book
        var notes: [String] = []
        var generated: [(id: String, kind: HedgeCandidate.Kind, underlying: String, description: String, capNotional: Double)] = []
        let date = book.valuationDate
        for u in grid.underlyings {
            let q = market.quote(u)!
            guard let fx = market.fxRate(q.currency) else { throw HedgeError.badInput("no FX rate for \(q.currency) (candidate underlying \(u))") }
            let holder = book.positions.first { $0.marketKey == u }
            for right in grid.rights {
                for t in grid.tenorDays {
                    for m in grid.moneyness {
                        let id = "\(u)-\(right == .put ? "P" : "C")\(NumberFormat.compact(m * 100, 2))-\(t)d"
                        let strike = m * q.spot
                        let terms = OptionTerms(underlying: u, right: right, strike: strike, expiry: date.adding(days: t),
                                                exercise: .european, multiplier: 100)
                        b.positions.append(Position(id: id, instrument: id, kind: .option, side: .long, size: .quantity(1),
                                                    exchange: holder?.exchange ?? "", currency: q.currency,
                                                    country: holder?.country ?? "", layer: "hedge-candidate",
                                                    tags: ["hedge-candidate"], option: terms))
                        generated.append((id, .option, u,
                                          "\(u) \(right.rawValue) K \(fmt(strike, 2)) (\(NumberFormat.compact(m * 100, 2))% of spot), expiry \(date.adding(days: t)) (\(t) d)",
                                          100 * q.spot * fx))
                    }
                }
            }
            if grid.shortLines {
                let exch = holder?.exchange ?? ""
                let (ok, rule) = bookAllowsShort(book, instrument: u, exchange: exch, country: holder?.country ?? "")
                if ok {
                    let id = "\(u)-SHORT"
                    b.positions.append(Position(id: id, instrument: u, kind: holder?.kind == .equity ? .equity : .etf, side: .short,
                                                size: .quantity(1), exchange: exch, currency: q.currency,
                                                country: holder?.country ?? "", layer: "hedge-candidate", tags: ["hedge-candidate"]))
                    generated.append((id, .shortStock, u, "short \(u) stock/ETF line", q.spot * fx))
                } else {
                    notes.append("no short line on \(u): the book's constraint '\(rule!)' forbids it")
                }
            }
        }
        let rNamed = try ResolvedBook(book: b, market: market, policy: policy)
        var mcPolicy = policy
        if mcPolicy.americanInScenarios == .tree { mcPolicy.americanInScenarios = .bjerksundStensland }
        let rMC = try ResolvedBook(book: b, market: market, policy: mcPolicy)
        let named = try StressEngine(book: rNamed)
        let mc = try StressEngine(book: rMC)

        let ids = named.positions.map(\.id)
        let index = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var lines: [HedgeLine] = []
        var candidates: [HedgeCandidate] = []
        let capPct = grid.maxNotionalPercent / 100 * book.nav
        for g in generated {
            let i = index[g.id]!
            let r = named.positions[i].resolved
            let isOption = g.kind == .option
            let premium = isOption ? (r.todayUnitPrice ?? 0) * r.unitsPerQuantity * r.fx : 0
            lines.append(HedgeLine(id: g.id, engineIndex: i, contractsPerUnit: 1, contractWord: isOption ? "contracts" : "shares",
                                   premiumPerUnit: premium))
            candidates.append(HedgeCandidate(id: g.id, kind: g.kind, underlying: g.underlying,
                                             unit: isOption ? "1 contract (100 shares)" : "1 share short", description: g.description,
                                             premiumPerUnit: premium, cap: capPct / g.capNotional, lines: [(lines.count - 1, 1)],
                                             grossPerUnit: isOption ? abs(premium) : r.spot * r.fx))
        }
        for h in packages {
            guard let pkg = book.hedges.first(where: { $0.id == h }) else {
                throw HedgeError.badInput("hedge package \(h): not in the book (hedges: \(book.hedges.map(\.id).joined(separator: ", ")))")
            }
            var legLines: [(line: Int, quantity: Double)] = []
            var premium = 0.0, notional = 0.0, gross = 0.0
            for (i, p) in named.positions.enumerated() where p.hedge == h {
                let r = p.resolved
                let legPremium = r.option.map { r.quantity * $0.multiplier * $0.singlePrice(spot: r.spot) * r.fx } ?? 0
                lines.append(HedgeLine(id: p.id, engineIndex: i, contractsPerUnit: abs(r.quantity),
                                       contractWord: p.isOption ? "contracts" : "shares", premiumPerUnit: legPremium))
                legLines.append((lines.count - 1, 1))
                premium += legPremium
                gross += p.isOption ? abs(legPremium) : abs(r.quantity * r.spot * r.fx)
                notional = max(notional, abs(r.quantity) * r.unitsPerQuantity * r.spot * r.fx)
            }
            guard !legLines.isEmpty, notional > 0 else { throw HedgeError.badInput("hedge package \(h) has no legs to value") }
            candidates.append(HedgeCandidate(id: h, kind: .package, underlying: pkg.legs.map(\.underlying).joined(separator: "+"),
                                             unit: "the package at its stated size", description: pkg.name, premiumPerUnit: premium,
                                             cap: capPct / notional, lines: legLines, grossPerUnit: gross))
        }
        let candidateLines = Set(lines.map(\.engineIndex))
        let replacedSet = Set(replace)
        let bookLines = named.positions.indices.filter { !candidateLines.contains($0) && !replacedSet.contains(named.positions[$0].id) }
        let replacedLines = named.positions.indices.filter { replacedSet.contains(named.positions[$0].id) }
        var w = Matrix(rows: named.positions.count, cols: 2 + lines.count)
        for i in bookLines { w[i, 0] = 1 }
        for i in replacedLines { w[i, 1] = 1 }
        for (k, l) in lines.enumerated() { w[l.engineIndex, 2 + k] = 1 }
        self.named = named
        self.monteCarlo = mc
        self.candidates = candidates
        self.lines = lines
        self.bookLines = bookLines
        self.replacedLines = replacedLines
        self.replaced = replace
        self.buckets = w
        self.notes = notes
    }
}
