import Portfolio

/// The one rule for a name without usable history (risk, pairs and the factor model): its return (or exposures) is
/// the equal-weighted average of the usable names in the same layer (from the book), else the same country, else all
/// usable names, never using a name on the other side of one of its pairs (which would make the pair degenerate).
public enum ProxyRule {
    /// The layer and country of every market key (the first position naming it).
    public static func attributes(_ rb: ResolvedBook) -> (layer: [String: String], country: [String: String]) {
        var layerOf: [String: String] = [:], countryOf: [String: String] = [:]
        for p in rb.positions {
            let k = p.position.marketKey
            if layerOf[k] == nil { layerOf[k] = p.position.layer }
            if countryOf[k] == nil { countryOf[k] = p.position.country }
        }
        return (layerOf, countryOf)
    }

    /// For each market key, the market keys on the other side of its pairs.
    public static func opposites(_ rb: ResolvedBook) -> [String: Set<String>] {
        var opposite: [String: Set<String>] = [:]
        func key(_ id: String) -> String? { rb.positions.first { $0.position.id == id }?.position.marketKey }
        for pair in rb.book.pairs {
            let l = pair.longLegs.compactMap { key($0.position) }, s = pair.shortLegs.compactMap { key($0.position) }
            for a in l { opposite[a, default: []].formUnion(s) }
            for b in s { opposite[b, default: []].formUnion(l) }
        }
        return opposite
    }

    /// The peers of `name` among `usable` and the rule applied, as one phrase ("layer 'optical' average (excluding …)").
    public static func peers(for name: String, usable: [String], layerOf: [String: String], countryOf: [String: String],
                             excluded: Set<String>) -> (peers: [String], rule: String) {
        let pool = usable.filter { !excluded.contains($0) }
        var peers = pool.filter { layerOf[$0] == layerOf[name] }
        var rule = "layer '\(layerOf[name] ?? "")' average"
        if peers.isEmpty { peers = pool.filter { countryOf[$0] == countryOf[name] }; rule = "country '\(countryOf[name] ?? "")' average" }
        if peers.isEmpty { peers = pool.isEmpty ? usable : pool; rule = "average of all factors with history" }
        if !excluded.isEmpty { rule += " (excluding its pair's other side: \(excluded.sorted().joined(separator: ", ")))" }
        return (peers, rule)
    }
}
