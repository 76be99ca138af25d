import Basics
import Instruments

/// Loads a book YAML file (format in `Documentation/file-formats.md`).
public enum BookFile {
    static let topKeys = ["version", "name", "baseCurrency", "nav", "valuationDate", "positions", "pairs", "hedges",
                          "claims", "constraints", "limits"]
    static let positionKeys = ["id", "instrument", "kind", "side", "percentOfNAV", "quantity", "premiumBudgetPercentOfNAV",
                               "contracts", "exchange", "currency", "country", "layer", "tags", "option", "note"]
    static let optionKeys = ["underlying", "right", "strike", "strikeMoneyness", "expiry", "exercise", "multiplier"]
    static let pairKeys = ["id", "name", "long", "short", "spreadTarget", "horizonMonths", "borrowCost", "dividendYields",
                           "financingCost", "venue", "note"]
    static let hedgeKeys = ["id", "name", "scenario", "probability", "held", "legs", "claims", "note"]
    static let legKeys = ["id", "underlying", "type", "side", "strike", "expiry", "exercise", "multiplier",
                          "notionalPercentOfNAV", "quantity", "exchange", "country"]
    static let claimKeys = ["costOfNotional", "zeroCost", "payoffMultiple", "moves", "note"]
    static let statedKeys = ["long", "short", "gross", "net", "reserve", "tolerance"]
    static let constraintKeys = ["id", "description", "noShort", "maxGross", "netRange", "minReserve", "maxPosition", "definedRisk"]
    static let filterKeys = ["instrument", "exchange", "country", "layer", "tag"]

    /// Loads and validates a book. Throws ``InputErrors`` listing every problem found.
    public static func load(path: String) throws -> Book {
        try parse(text: try readText(path: path), file: path)
    }

    /// ``load(path:)`` on the file's text (`file` names it in diagnostics).
    static func parse(text: String, file path: String) throws -> Book {
        try parseDocument(text: text, file: path, kind: .book, what: "book") { parse($0, file: path) }
    }

    static func parse(_ root: YNode, file: String) -> Book? {
        guard let m = root.mapping(allowed: topKeys, required: ["name", "baseCurrency", "nav", "valuationDate", "positions"]) else {
            return nil
        }
        let name = m["name"]?.nonEmptyString()
        let base = m["baseCurrency"].flatMap(currency)
        let nav = m["nav"]?.positiveDouble("NAV", max: 1e15)
        let valuation = m["valuationDate"]?.date()
        var positions: [Position] = []
        if let items = m["positions"]?.sequence() {
            if items.isEmpty { m["positions"]?.error("the book has no positions; expected at least one") }
            positions = items.compactMap { position($0, file: file) }
        }
        // Duplicate ids.
        var seen: [String: Int] = [:]
        for p in positions {
            if let first = seen[p.id] {
                root.sink.report(p.location?.line, "positions", "duplicate position id '\(p.id)' (first defined at line \(first))")
            } else {
                seen[p.id] = p.location?.line ?? 0
            }
        }
        let ids = positions.map(\.id)
        var pairs: [PairTrade] = []
        if let items = m["pairs"]?.sequence() { pairs = items.compactMap { pair($0, positionIDs: ids, file: file) } }
        var hedges: [HedgePackage] = []
        if let items = m["hedges"]?.sequence() { hedges = items.compactMap { hedge($0, file: file) } }
        let claims = m["claims"].flatMap(statedClaims) ?? StatedClaims()
        var constraints: [Constraint] = []
        if let items = m["constraints"]?.sequence() { constraints = items.compactMap { constraint($0, file: file) } }
        var limits: [Limit] = []
        if let items = m["limits"]?.sequence() { limits = items.compactMap { limit($0, positions: positions, file: file) } }
        for (kind, list) in [("pair", pairs.map(\.id)), ("hedge", hedges.map(\.id)), ("constraint", constraints.map(\.id)),
                             ("limit", limits.map(\.id))] {
            var s = Set<String>()
            for id in list where !s.insert(id).inserted { root.sink.report(nil, "\(kind)s", "duplicate \(kind) id '\(id)'") }
        }
        guard let name, let base, let nav, let valuation else { return nil }
        return Book(name: name, baseCurrency: base, nav: nav, valuationDate: valuation, positions: positions, pairs: pairs,
                    hedges: hedges, claims: claims, constraints: constraints, limits: limits, file: file)
    }

    static func currency(_ n: YNode) -> Currency? {
        guard let s = n.string() else { return nil }
        let c = Currency(s)
        guard c.isWellFormed else { n.error("expected a three-letter ISO currency code, got '\(s)'"); return nil }
        return c
    }

    static func position(_ n: YNode, file: String) -> Position? {
        guard let m = n.mapping(allowed: positionKeys, required: ["id", "kind", "side", "currency", "country", "layer"]) else {
            return nil
        }
        let id = m["id"]?.nonEmptyString()
        let kind = m["kind"]?.enumValue(InstrumentKind.self)
        let side = m["side"]?.enumValue(Side.self)
        let ccy = m["currency"].flatMap(currency)
        let country = m["country"]?.nonEmptyString()
        let layer = m["layer"]?.nonEmptyString()
        let exchange = m["exchange"]?.nonEmptyString() ?? ""
        let tags = m["tags"]?.stringList() ?? []
        let note = m["note"]?.string()
        var terms: OptionTerms?
        if let o = m["option"] { terms = option(o) }
        if kind == .option && m["option"] == nil { n.error("an option position needs an 'option:' block (underlying, right, strike, expiry)") }
        if kind != nil && kind != .option && m["option"] != nil { m["option"]?.error("only positions of kind 'option' take option terms") }

        // Size: exactly one of the size keys.
        let sizeKeys = ["percentOfNAV", "quantity", "premiumBudgetPercentOfNAV", "contracts"].filter { m[$0] != nil }
        var size: PositionSize?
        if sizeKeys.count != 1 {
            n.error(sizeKeys.isEmpty
                ? "missing size: expected one of percentOfNAV, quantity (equity/ETF) or premiumBudgetPercentOfNAV, contracts (options)"
                : "expected exactly one size key, got \(sizeKeys.joined(separator: ", "))")
        } else {
            let key = sizeKeys[0]
            let isOptionKey = key == "premiumBudgetPercentOfNAV" || key == "contracts"
            if let kind, (kind == .option) != isOptionKey {
                m[key]?.error(kind == .option ? "option positions are sized by premiumBudgetPercentOfNAV or contracts"
                                              : "\(kind.rawValue) positions are sized by percentOfNAV or quantity")
            } else if let v = m[key]?.positiveDouble(key.hasSuffix("PercentOfNAV") || key == "percentOfNAV" ? "size in % of NAV" : "quantity",
                                                     max: key.hasSuffix("PercentOfNAV") || key == "percentOfNAV" ? 1_000 : 1e12) {
                size = (key == "percentOfNAV" || key == "premiumBudgetPercentOfNAV") ? .percentOfNAV(v) : .quantity(v)
            }
        }
        guard let id, let kind, let side, let ccy, let country, let layer, let size else { return nil }
        if kind == .option && terms == nil { return nil }
        return Position(id: id, instrument: m["instrument"]?.nonEmptyString() ?? id, kind: kind, side: side, size: size,
                        exchange: exchange, currency: ccy, country: country, layer: layer, tags: tags, option: terms,
                        note: note, location: SourceLocation(file: file, line: n.line ?? 0))
    }

    static func option(_ n: YNode) -> OptionTerms? {
        guard let m = n.mapping(allowed: optionKeys, required: ["underlying", "right", "expiry"]) else { return nil }
        let u = m["underlying"]?.nonEmptyString()
        let right = m["right"]?.enumValue(OptionRight.self)
        let expiry = m["expiry"]?.date()
        var strike: Double?
        if let s = m["strike"], !s.isNull { strike = s.positiveDouble("strike", max: 1e12) }
        let moneyness = m["strikeMoneyness"]?.positiveDouble("strike moneyness", max: 100)
        let exercise = m["exercise"]?.enumValue(ExerciseStyle.self) ?? .american
        let multiplier = m["multiplier"]?.positiveDouble("multiplier", max: 1e6) ?? 100
        guard let u, let right, let expiry else { return nil }
        return OptionTerms(underlying: u, right: right, strike: strike, strikeMoneyness: moneyness, expiry: expiry,
                           exercise: exercise, multiplier: multiplier)
    }

    static func pair(_ n: YNode, positionIDs: [String], file: String) -> PairTrade? {
        guard let m = n.mapping(allowed: pairKeys, required: ["id", "long", "short"]) else { return nil }
        let id = m["id"]?.nonEmptyString()
        func legs(_ key: String) -> [PairLeg] {
            guard let node = m[key], let list = node.stringList() else { return [] }
            if list.isEmpty { node.error("expected at least one position id") }
            for p in list where !positionIDs.contains(p) {
                let hint = suggestion(for: p, among: positionIDs).map { " (did you mean '\($0)'?)" } ?? ""
                node.error("pair leg '\(p)' is not a position of the book\(hint)")
            }
            return list.map(PairLeg.init(position:))
        }
        let longLegs = legs("long"), shortLegs = legs("short")
        var yields: [String: Double] = [:]
        if let entries = m["dividendYields"]?.entries() {
            for (k, v) in entries { if let d = v.double(in: 0...1, what: "a dividend yield (fraction per year)") { yields[k] = d } }
        }
        guard let id else { return nil }
        return PairTrade(
            id: id, name: m["name"]?.string() ?? id, longLegs: longLegs, shortLegs: shortLegs,
            spreadTarget: m["spreadTarget"]?.double(in: -1...10, what: "a spread target (fraction)"),
            horizonMonths: m["horizonMonths"]?.doubleList() ?? [],
            borrowCost: m["borrowCost"]?.double(in: 0...1, what: "a borrow cost (fraction per year)"),
            dividendYields: yields,
            financingCost: m["financingCost"]?.double(in: 0...1, what: "a financing cost (fraction per year)"),
            venue: m["venue"]?.string(), note: m["note"]?.string(), location: SourceLocation(file: file, line: n.line ?? 0))
    }

    static func hedge(_ n: YNode, file: String) -> HedgePackage? {
        guard let m = n.mapping(allowed: hedgeKeys, required: ["id", "legs"]) else { return nil }
        let id = m["id"]?.nonEmptyString()
        var legs: [HedgeLeg] = []
        if let items = m["legs"]?.sequence() {
            if items.isEmpty { m["legs"]?.error("expected at least one leg") }
            legs = items.compactMap(hedgeLeg)
        }
        var claims: [HedgeClaim] = []
        if let items = m["claims"]?.sequence() { claims = items.compactMap(hedgeClaim) }
        guard let id else { return nil }
        return HedgePackage(
            id: id, name: m["name"]?.string() ?? id, scenario: m["scenario"]?.string(),
            probability: m["probability"]?.double(in: 0...1, what: "a probability"), legs: legs, claims: claims,
            held: m["held"]?.bool() ?? false, note: m["note"]?.string(), location: SourceLocation(file: file, line: n.line ?? 0))
    }

    static func hedgeLeg(_ n: YNode) -> HedgeLeg? {
        guard let m = n.mapping(allowed: legKeys, required: ["id", "underlying", "type", "side"]) else { return nil }
        let id = m["id"]?.nonEmptyString()
        let u = m["underlying"]?.nonEmptyString()
        let side = m["side"]?.enumValue(Side.self)
        let type = m["type"]?.string()
        var instrument: HedgeLeg.Instrument?
        switch type?.lowercased() {
        case "stock", "forward":
            if let u { instrument = .stock(underlying: u) }
        case "call", "put":
            let right: OptionRight = type?.lowercased() == "call" ? .call : .put
            var strike: Double?, moneyness: Double?
            if let s = m["strike"] {
                if s.string()?.lowercased() == "atm" { moneyness = 1 } else { strike = s.positiveDouble("strike", max: 1e12) }
            } else {
                n.error("missing required key 'strike' (a price, or 'atm')")
            }
            let expiry = m["expiry"]?.date()
            if m["expiry"] == nil { n.error("missing required key 'expiry' for an option leg") }
            if let u, let expiry, strike != nil || moneyness != nil {
                instrument = .option(OptionTerms(underlying: u, right: right, strike: strike, strikeMoneyness: moneyness,
                                                 expiry: expiry, exercise: m["exercise"]?.enumValue(ExerciseStyle.self) ?? .american,
                                                 multiplier: m["multiplier"]?.positiveDouble("multiplier", max: 1e6) ?? 100))
            }
        case nil: break
        default:
            let t = type ?? ""
            let hint = suggestion(for: t, among: ["call", "put", "stock", "forward"]).map { " (did you mean '\($0)'?)" } ?? ""
            m["type"]?.error("unknown leg type '\(t)'\(hint); expected call, put, stock or forward")
        }
        guard let id, let side, let instrument else { return nil }
        return HedgeLeg(id: id, instrument: instrument, side: side,
                        notionalPercentOfNAV: m["notionalPercentOfNAV"]?.positiveDouble("notional in % of NAV", max: 1_000),
                        quantity: m["quantity"]?.positiveDouble("quantity", max: 1e12), exchange: m["exchange"]?.string(),
                        country: m["country"]?.string())
    }

    static func hedgeClaim(_ n: YNode) -> HedgeClaim? {
        guard let m = n.mapping(allowed: claimKeys) else { return nil }
        if let c = m["costOfNotional"] {
            guard let r = c.doubleList(), r.count == 1 || r.count == 2 else { c.error("expected a fraction or [min, max]"); return nil }
            return .costOfNotional(min: r[0], max: r.count == 2 ? r[1] : r[0])
        }
        if let z = m["zeroCost"] {
            guard let t = z.nonNegativeDouble("tolerance") else { return nil }
            return .zeroCost(toleranceOfNotional: t)
        }
        if let p = m["payoffMultiple"] {
            guard let r = p.doubleList(), r.count == 1 || r.count == 2 else { p.error("expected a multiple or [min, max]"); return nil }
            var moves: [String: Double] = [:]
            if let entries = m["moves"]?.entries() {
                for (k, v) in entries { if let d = v.double(in: -1...10, what: "a relative move") { moves[k] = d } }
            }
            return .payoffMultiple(min: r[0], max: r.count == 2 ? r[1] : .infinity, moves: moves)
        }
        n.error("expected one of costOfNotional, zeroCost, payoffMultiple")
        return nil
    }

    static func statedClaims(_ n: YNode) -> StatedClaims? {
        guard let m = n.mapping(allowed: statedKeys) else { return nil }
        func pct(_ k: String) -> Double? { m[k]?.double(in: -1000...1000, what: "a percentage of NAV") }
        return StatedClaims(longPercent: pct("long"), shortPercent: pct("short"), grossPercent: pct("gross"),
                            netPercent: pct("net"), reservePercent: pct("reserve"),
                            tolerance: m["tolerance"]?.nonNegativeDouble("tolerance") ?? 1.0)
    }

    static func filter(_ n: YNode) -> PositionFilter? {
        guard let m = n.mapping(allowed: filterKeys) else { return nil }
        if m.isEmpty { n.error("expected at least one of: \(filterKeys.joined(separator: ", "))") }
        return PositionFilter(instruments: m["instrument"]?.stringList() ?? [], exchanges: m["exchange"]?.stringList() ?? [],
                              countries: m["country"]?.stringList() ?? [], layers: m["layer"]?.stringList() ?? [],
                              tags: m["tag"]?.stringList() ?? [])
    }

    static func constraint(_ n: YNode, file: String) -> Constraint? {
        guard let m = n.mapping(allowed: constraintKeys, required: ["id"]) else { return nil }
        let ruleKeys = ["noShort", "maxGross", "netRange", "minReserve", "maxPosition", "definedRisk"].filter { m[$0] != nil }
        guard ruleKeys.count == 1 else {
            n.error("expected exactly one rule: noShort, maxGross, netRange, minReserve, maxPosition or definedRisk")
            return nil
        }
        let key = ruleKeys[0]
        let v = m[key]!
        var rule: ConstraintRule?
        switch key {
        case "noShort": rule = filter(v).map(ConstraintRule.noShort)
        case "definedRisk": rule = filter(v).map(ConstraintRule.definedRisk)
        case "maxGross": rule = v.nonNegativeDouble("percentage").map(ConstraintRule.maxGross)
        case "minReserve": rule = v.nonNegativeDouble("percentage").map(ConstraintRule.minReserve)
        case "maxPosition": rule = v.nonNegativeDouble("percentage").map(ConstraintRule.maxPosition)
        case "netRange":
            if let r = v.doubleList(), r.count == 2, r[0] <= r[1] { rule = .netRange(min: r[0], max: r[1]) } else { v.error("expected [min, max] in % NAV") }
        default: break
        }
        guard let id = m["id"]?.nonEmptyString(), let rule else { return nil }
        return Constraint(id: id, description: m["description"]?.string() ?? id, rule: rule,
                          location: SourceLocation(file: file, line: n.line ?? 0))
    }

    static let limitKeys = ["id", "measure", "min", "max", "warnAt", "view", "group", "confidence", "caseSet", "description"]
    static let limitMeasures = ["gross", "net", "betaAdjustedNet", "singleName", "layer", "country", "currency", "var", "es",
                                "worstScenario", "optionPremium"]

    /// One limit: `{id, measure, min?, max?, warnAt?}` plus the measure's own key (view, group, confidence, caseSet).
    /// Units: % of NAV (VaR, ES and scenario losses as positive losses); `confidence` a fraction; `warnAt` in (0, 1].
    static func limit(_ n: YNode, positions: [Position], file: String) -> Limit? {
        guard let m = n.mapping(allowed: limitKeys, required: ["id", "measure"]) else { return nil }
        let id = m["id"]?.nonEmptyString()
        guard let measureNode = m["measure"], let name = measureNode.string() else { return nil }
        guard limitMeasures.contains(name) else {
            let hint = suggestion(for: name, among: limitMeasures).map { " (did you mean '\($0)'?)" } ?? ""
            measureNode.error("unknown limit measure '\(name)'\(hint); expected one of: \(limitMeasures.joined(separator: ", "))")
            return nil
        }
        let lo = m["min"]?.double(in: -1_000...1_000, what: "a bound in % of NAV")
        let hi = m["max"]?.double(in: -1_000...1_000, what: "a bound in % of NAV")
        let warn = m["warnAt"]?.double(in: 0.01...1, what: "a warning fraction of the bound") ?? 0.8
        var measure: LimitMeasure?
        let ranged = ["net", "betaAdjustedNet"].contains(name)
        switch name {
        case "gross": measure = .gross
        case "net": measure = .net
        case "betaAdjustedNet": measure = .betaAdjustedNet
        case "singleName":
            let v = m["view"].flatMap { $0.enumValue(ExposureView.self) } ?? .premium
            measure = .singleName(view: v)
        case "layer", "country", "currency":
            let g: Grouping = name == "layer" ? .layer : name == "country" ? .country : .currency
            let group = m["group"]?.nonEmptyString()
            if let group, let gn = m["group"] {
                let known = Set(positions.map { g == .layer ? $0.layer : g == .country ? $0.country : $0.currency.code })
                if !known.contains(group) {
                    let hint = suggestion(for: group, among: known.sorted()).map { " (did you mean '\($0)'?)" } ?? ""
                    gn.error("no position has \(name) '\(group)'\(hint); the book's \(name)s: \(known.sorted().joined(separator: ", "))")
                }
            }
            measure = .group(g, group: group)
        case "var", "es":
            guard let c = m["confidence"]?.double(in: 0.5...0.9999, what: "a confidence level") else {
                if m["confidence"] == nil { n.error("a \(name) limit needs 'confidence' (e.g. 0.99)") }
                return nil
            }
            measure = name == "var" ? .valueAtRisk(confidence: c) : .expectedShortfall(confidence: c)
        case "worstScenario": measure = .worstScenario(caseSet: m["caseSet"]?.nonEmptyString())
        case "optionPremium": measure = .optionPremium
        default: break
        }
        for key in ["view", "group", "confidence", "caseSet"] where m[key] != nil {
            let owner = ["view": ["singleName"], "group": ["layer", "country", "currency"], "confidence": ["var", "es"],
                         "caseSet": ["worstScenario"]][key]!
            if !owner.contains(name) { m[key]?.error("'\(key)' applies to \(owner.joined(separator: "/")) limits, not to '\(name)'") }
        }
        if lo == nil && hi == nil && m["min"] == nil && m["max"] == nil { n.error("a limit needs 'max' (or 'min' and 'max' for a range)") }
        if lo != nil && !ranged { m["min"]?.error("'min' applies to net and betaAdjustedNet ranges only; '\(name)' has a maximum") }
        if let lo, let hi, lo > hi { m["min"]?.error("min \(JSONNumber(lo)) is above max \(JSONNumber(hi))") }
        guard let id, let measure, lo != nil || hi != nil else { return nil }
        return Limit(id: id, measure: measure, min: lo, max: hi, warnAt: warn, location: SourceLocation(file: file, line: n.line ?? 0))
    }
}
