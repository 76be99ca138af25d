import Basics
import Instruments
import LinearAlgebra
import Portfolio

/// The book on a fitted ``FactorModel``: each position's name (its market key; an option's underlying) gets the
/// name's exposures and specific variance, or — without usable history — the average of its peers' under
/// ``ProxyRule`` (exposures and specific variances averaged; a single name is not diversified like an average of
/// returns would be, so the peers' specific variances are averaged rather than the average's).
///
/// Exposure views (fractions of NAV): **delta** = delta-equivalent notional ÷ NAV (the risk figures use it, a linear
/// approximation for options), **premium** = market value ÷ NAV.
public enum BookFactorRisk {
    public struct Position: Sendable, Equatable {
        public var id: String
        public var name: String
        public var layer: String
        public var pairs: [String]
        public var delta: Double
        public var premium: Double
    }

    public struct Report: Sendable {
        public var model: FactorModel
        /// One per name of the book, in position order (proxies included).
        public var names: [NameFit]
        public var positions: [Position]
        /// Delta-view decomposition (positions in `positions` order).
        public var decomposition: FactorDecomposition
        /// Book factor exposures in the premium view (x = Σ premium_p B_{n(p)}).
        public var premiumExposures: [Double]
        public var notes: [String]

        public var factorNames: [String] { model.factors.names }

        /// Variance contributions summed by a key per position (pairs, layers), factor and specific parts.
        public func grouped(_ keys: [[String]], unassigned: String) -> [(key: String, factor: Double, specific: Double)] {
            let f = VaR.groupSums(decomposition.positionFactorContributions, keys: keys, unassigned: unassigned)
            let s = Dictionary(uniqueKeysWithValues: VaR.groupSums(decomposition.positionSpecificContributions, keys: keys,
                                                                   unassigned: unassigned))
            return f.map { (key: $0.0, factor: $0.1, specific: s[$0.0] ?? 0) }
        }
        public var byPair: [(key: String, factor: Double, specific: Double)] { grouped(positions.map(\.pairs), unassigned: "(not in a pair)") }
        public var byLayer: [(key: String, factor: Double, specific: Double)] { grouped(positions.map { [$0.layer] }, unassigned: "(none)") }
    }

    public static func compute(book rb: ResolvedBook, model: FactorModel) throws(RiskError) -> Report {
        var names: [String] = []
        for p in rb.positions where !names.contains(p.position.marketKey) { names.append(p.position.marketKey) }
        let fitted = names.filter { model.fit($0) != nil }
        guard !fitted.isEmpty else {
            throw .missing("no name of the book has a usable weekly history in the factor window")
        }
        let (layerOf, countryOf) = ProxyRule.attributes(rb)
        let opposite = ProxyRule.opposites(rb)
        let k = model.factors.definitions.count
        var notes: [String] = []
        var fits: [NameFit] = []
        for id in names {
            if let f = model.fit(id) { fits.append(f); continue }
            let (peers, rule) = ProxyRule.peers(for: id, usable: fitted, layerOf: layerOf, countryOf: countryOf,
                                                excluded: opposite[id] ?? [])
            let pf = peers.map { model.fit($0)! }
            let betas = (0..<k).map { c in pf.reduce(0) { $0 + $1.betas[c] } / Double(pf.count) }
            let d = pf.reduce(0) { $0 + $1.specificVariance } / Double(pf.count)
            let reason = model.unfitted.first { $0.id == id }?.reason ?? "no usable history"
            fits.append(NameFit(id: id, method: .proxy, weeks: 0, intercept: 0, betas: betas, specificVariance: d, rSquared: nil,
                                proxyRule: rule, proxyPeers: peers))
            notes.append("\(id): \(reason); exposures and specific variance are the \(rule) of \(peers.joined(separator: ", "))")
        }
        var b = Matrix(rows: fits.count, cols: k)
        for (i, f) in fits.enumerated() { for c in 0..<k { b[i, c] = f.betas[c] } }
        let positions = rb.positions.map { p in
            Position(id: p.position.id, name: p.position.marketKey, layer: p.position.layer,
                     pairs: rb.book.pairs(containing: p.position.id), delta: p.deltaNotional / rb.nav, premium: p.marketValue / rb.nav)
        }
        let idx = positions.map { p in names.firstIndex(of: p.name)! }
        let dec = FactorDecomposition.compute(weights: positions.map(\.delta), names: idx, betas: b,
                                              specific: fits.map(\.specificVariance), factorCovariance: model.covariance)
        var wp = [Double](repeating: 0, count: names.count)
        for (p, i) in idx.enumerated() { wp[i] += positions[p].premium }
        return Report(model: model, names: fits, positions: positions, decomposition: dec,
                      premiumExposures: BLAS.multiply(b, transpose: true, wp), notes: notes)
    }
}
