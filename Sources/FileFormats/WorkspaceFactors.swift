/// The workspace's `factors:` section: the time-series factor model of `hedgebook factors` (format in
/// `Documentation/file-formats.md`, "Workspace"). Tickers are checked against the price history when the model is fitted;
/// each factor keeps its line and key path so that an unknown ticker is reported as file:line:key.
public struct FactorModelSpec: Sendable, Equatable {
    public struct Factor: Sendable, Equatable {
        public var name: String
        public var ticker: String
        /// `return` (weekly simple return) or `change` (weekly change of the level, e.g. a yield in percent).
        public var transform: String
        public var orthogonalTo: [String]
        /// Where the factor is written: workspace file, line, key path of its `ticker`.
        public var file: String
        public var line: Int?
        public var keyPath: String
    }
    /// nil = the default set (`Risk.FactorDefinition.defaults`).
    public var factors: [Factor]?
    public var windowWeeks = 156
    public var fullHistoryWeeks = 104
    public var minimumWeeks = 26
    public var ridge = 0.1
    /// `sample` or `ewma` (weekly λ `lambda`).
    public var covariance = "sample"
    public var lambda = 0.97
    public init() {}
}

extension WorkspaceFile {
    static let factorKeys = ["windowWeeks", "fullHistoryWeeks", "minimumWeeks", "ridge", "covariance", "lambda", "list"]
    static let factorItemKeys = ["name", "ticker", "transform", "orthogonalTo"]

    static func factorModel(_ n: YNode, file: String) -> FactorModelSpec {
        var s = FactorModelSpec()
        guard let m = n.mapping(allowed: factorKeys) else { return s }
        if let v = int(m["windowWeeks"], 20...5_200, "a window in weeks") { s.windowWeeks = v }
        if let v = int(m["fullHistoryWeeks"], 2...5_200, "a number of weeks") { s.fullHistoryWeeks = v }
        if let v = int(m["minimumWeeks"], 2...5_200, "a number of weeks") { s.minimumWeeks = v }
        if s.minimumWeeks > s.fullHistoryWeeks {
            m["minimumWeeks"]?.error("expected minimumWeeks ≤ fullHistoryWeeks (\(s.fullHistoryWeeks)), got \(s.minimumWeeks)")
        }
        if let v = m["ridge"]?.double(in: 0...100, what: "a ridge strength κ") { s.ridge = v }
        if let v = m["covariance"]?.string() {
            if ["sample", "ewma"].contains(v) { s.covariance = v } else {
                m["covariance"]?.error("unknown estimator '\(v)'; expected sample or ewma")
            }
        }
        if let v = m["lambda"]?.double(in: 0.5...0.9999, what: "an EWMA decay λ (weekly)") { s.lambda = v }
        guard let list = m["list"] else { return s }
        guard let items = list.sequence() else { return s }
        if items.isEmpty { list.error("expected at least one factor") }
        var out: [FactorModelSpec.Factor] = []
        for item in items {
            guard let f = item.mapping(allowed: factorItemKeys, required: ["name", "ticker"]),
                  let name = f["name"]?.nonEmptyString(), let ticker = f["ticker"]?.nonEmptyString() else { continue }
            if out.contains(where: { $0.name == name }) { f["name"]?.error("duplicate factor name '\(name)'") }
            var transform = "return"
            if let t = f["transform"]?.string() {
                if ["return", "change"].contains(t) { transform = t } else {
                    f["transform"]?.error("unknown transform '\(t)'; expected return (weekly simple return) or change (weekly change of the level)")
                }
            }
            let orth = f["orthogonalTo"]?.stringList() ?? []
            for o in orth where !out.contains(where: { $0.name == o }) {
                let known = out.map(\.name)
                f["orthogonalTo"]?.error("'\(o)' is not a factor listed before '\(name)'; expected one of: \(known.isEmpty ? "(none)" : known.joined(separator: ", "))")
            }
            let t = f["ticker"]!
            out.append(.init(name: name, ticker: ticker, transform: transform, orthogonalTo: orth, file: file, line: t.line, keyPath: t.path))
        }
        s.factors = out
        return s
    }
}
