import Basics
import Foundation
import Scenarios

/// Loads scenario YAML files: one scenario at the top level, or a `scenarios:` list sharing `caseSet` and
/// `horizonDays` (format in `scenarios/README.md`).
public enum ScenarioFile {
    static let topKeys = ["version", "caseSet", "horizonDays", "scenarios", "description", "source"] + scenarioKeys
    static let scenarioKeys = ["id", "description", "probability", "caseSet", "horizonDays", "propagation", "spot", "vol", "fx", "source"]
    static let shockKeys = ["instrument", "layer", "country", "currency", "exchange", "tag", "all", "factor", "relative", "absolute"]
    public static let groupAttributes = ["layer", "country", "currency", "exchange", "tag"]

    public static func load(path: String) throws -> [Scenario] {
        try parse(text: try readText(path: path), file: path)
    }

    /// ``load(path:)`` on the file's text (`file` names it in diagnostics).
    static func parse(text: String, file path: String) throws -> [Scenario] {
        let sink = DiagnosticSink(file: path)
        let root = try readYAML(text: text, file: path, sink: sink, expected: .scenario)
        let scenarios = parse(root, file: path)
        if !sink.diagnostics.isEmpty { throw InputErrors(sink.diagnostics) }
        return scenarios
    }

    /// Loads every `*.yaml`/`*.yml` file under the given files or folders (recursively, sorted by path).
    /// All problems in all files are reported together.
    public static func loadAll(paths: [String]) throws -> [Scenario] {
        var all: [Scenario] = []
        var problems: [Diagnostic] = []
        let files = try yamlFiles(under: paths)
        if files.isEmpty {
            throw InputErrors([Diagnostic(file: paths.joined(separator: ", "), line: nil, keyPath: "",
                                          message: "no scenario files (*.yaml) found; expected at least one")])
        }
        for file in files {
            do { all += try load(path: file) } catch let e as InputErrors { problems += e.diagnostics }
        }
        var seen: [String: String] = [:]
        for s in all {
            if let f = seen[s.id] {
                problems.append(Diagnostic(file: s.file ?? "?", line: nil, keyPath: "id", message: "duplicate scenario id '\(s.id)' (also in \(f))"))
            } else {
                seen[s.id] = s.file ?? "?"
            }
        }
        problems += checkCaseSets(all)
        if !problems.isEmpty { throw InputErrors(problems) }
        return all
    }

    /// Probabilities within each case set must sum to 1 (±1e-9).
    public static func checkCaseSets(_ scenarios: [Scenario]) -> [Diagnostic] {
        var sets: [String: [Scenario]] = [:]
        for s in scenarios { if let c = s.caseSet { sets[c, default: []].append(s) } }
        var out: [Diagnostic] = []
        for (name, members) in sets.sorted(by: { $0.key < $1.key }) {
            let missing = members.filter { $0.probability == nil }.map(\.id)
            if !missing.isEmpty {
                out.append(Diagnostic(file: members[0].file ?? "?", line: nil, keyPath: "caseSet \(name)",
                                      message: "scenarios \(missing.joined(separator: ", ")) have no probability; every member of a case set needs one"))
                continue
            }
            let total = members.reduce(0) { $0 + ($1.probability ?? 0) }
            if abs(total - 1) > 1e-9 {
                out.append(Diagnostic(file: members[0].file ?? "?", line: nil, keyPath: "caseSet \(name)",
                                      message: "probabilities sum to \((total * 1e9).rounded() / 1e9), expected 1 (members: \(members.map(\.id).joined(separator: ", ")))"))
            }
        }
        return out
    }

    /// The scenario files under the given paths (sorted), for input lists; unreadable paths are skipped.
    public static func files(paths: [String]) -> [String] { (try? yamlFiles(under: paths)) ?? [] }

    static func yamlFiles(under paths: [String]) throws -> [String] {
        var files: [String] = []
        let fm = FileManager.default
        for p in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: p, isDirectory: &isDir) else {
                throw InputErrors([Diagnostic(file: p, line: nil, keyPath: "", message: "file or folder not found")])
            }
            if isDir.boolValue {
                let e = fm.enumerator(atPath: p)
                while let f = e?.nextObject() as? String {
                    if f.hasSuffix(".yaml") || f.hasSuffix(".yml") { files.append((p as NSString).appendingPathComponent(f)) }
                }
            } else {
                files.append(p)
            }
        }
        return files.sorted()
    }

    static func parse(_ root: YNode, file: String) -> [Scenario] {
        guard let m = root.mapping(allowed: topKeys) else { return [] }
        let caseSet = m["caseSet"]?.string()
        let horizon = m["horizonDays"].flatMap { h -> Int? in
            guard let v = h.int() else { return nil }
            if v < 0 { h.error("expected a non-negative number of calendar days"); return nil }
            return v
        } ?? 0
        if let list = m["scenarios"] {
            for k in scenarioKeys where m[k] != nil && !["caseSet", "horizonDays", "description", "source"].contains(k) {
                m[k]?.error("'\(k)' belongs inside each item of 'scenarios:' when the file holds a list")
            }
            guard let items = list.sequence() else { return [] }
            if items.isEmpty { list.error("expected at least one scenario") }
            return items.compactMap { item in
                guard let sm = item.mapping(allowed: scenarioKeys, required: ["id"]) else { return nil }
                return scenario(sm, node: item, caseSet: caseSet, horizon: horizon, file: file)
            }
        }
        guard m["id"] != nil else {
            root.error("expected either a 'scenarios:' list or a single scenario with an 'id'")
            return []
        }
        return scenario(m, node: root, caseSet: caseSet, horizon: horizon, file: file).map { [$0] } ?? []
    }

    static func scenario(_ m: [String: YNode], node: YNode, caseSet: String?, horizon: Int, file: String) -> Scenario? {
        let id = m["id"]?.nonEmptyString()
        let prob = m["probability"]?.double(in: 0...1, what: "a probability")
        var h = horizon
        if let hn = m["horizonDays"], let v = hn.int() {
            if v < 0 { hn.error("expected a non-negative number of calendar days") } else { h = v }
        }
        var propagation = Propagation.none
        if let p = m["propagation"] {
            if case .mapping = p.node {
                if let pm = p.mapping(allowed: ["beta"], required: ["beta"]), let b = pm["beta"]?.nonEmptyString() {
                    propagation = .beta(benchmark: b)
                }
            } else if let s = p.string() {
                switch s {
                case "none": propagation = .none
                case "conditional-mean": propagation = .conditionalMean
                case "factor": propagation = .factor
                default:
                    let hint = suggestion(for: s, among: ["none", "conditional-mean", "factor"]).map { " (did you mean '\($0)'?)" } ?? ""
                    p.error("unknown propagation '\(s)'\(hint); expected none, conditional-mean, factor or {beta: TICKER}")
                }
            }
        }
        let spot = m["spot"].map { shocks($0, isVol: false, factorPropagation: propagation == .factor) } ?? []
        let vol = m["vol"].map { shocks($0, isVol: true, factorPropagation: false) } ?? []
        var fx: [Currency: Double] = [:]
        if let e = m["fx"]?.entries() {
            for (k, v) in e {
                let c = Currency(k)
                if !c.isWellFormed { v.error("expected a three-letter currency code, got '\(k)'") }
                if let d = v.double(in: -0.99...10, what: "a relative FX change") { fx[c] = d }
            }
        }
        guard let id else { return nil }
        return Scenario(id: id, description: m["description"]?.string() ?? id, probability: prob,
                        caseSet: m["caseSet"]?.string() ?? caseSet, horizonDays: h, spotShocks: spot, volShocks: vol,
                        fxShocks: fx, propagation: propagation, source: m["source"]?.string(), file: file)
    }

    static func shocks(_ n: YNode, isVol: Bool, factorPropagation: Bool) -> [Shock] {
        guard let items = n.sequence() else { return [] }
        var out: [Shock] = []
        for item in items {
            guard let m = item.mapping(allowed: shockKeys) else { continue }
            let targets = ["instrument", "all", "factor"] + groupAttributes
            let given = targets.filter { m[$0] != nil }
            guard given.count == 1 else {
                item.error("expected exactly one target: instrument, all, factor, or a group (\(groupAttributes.joined(separator: ", ")))")
                continue
            }
            if given[0] == "factor" && isVol {
                m["factor"]?.error("factor shocks move spots only; expected an instrument, group or all target for a vol shock")
                continue
            }
            if given[0] == "factor" && !factorPropagation {
                m["factor"]?.error("a factor shock needs 'propagation: factor' in its scenario")
                continue
            }
            let modes = ["relative", "absolute"].filter { m[$0] != nil }
            guard modes.count == 1 else { item.error("expected exactly one of relative or absolute"); continue }
            let key = given[0]
            var target: ShockTarget?
            switch key {
            case "instrument": target = m[key]?.nonEmptyString().map(ShockTarget.instrument)
            case "factor": target = m[key]?.nonEmptyString().map(ShockTarget.factor)
            case "all":
                if m[key]?.bool() == true { target = .all } else { m[key]?.error("expected 'all: true'") }
            default: target = m[key]?.nonEmptyString().map { ShockTarget.group(attribute: key, value: $0) }
            }
            let mode: ShockMode = modes[0] == "relative" ? .relative : .absolute
            let range: ClosedRange<Double> = mode == .relative ? (isVol ? -1...10 : -1...20) : (isVol ? -2...5 : -1e9...1e9)
            let what = mode == .relative ? "a relative change (−0.3 = −30%; not below −1)" : (isVol ? "vol points as a fraction (0.05 = +5 points)" : "a price change")
            guard let value = m[modes[0]]?.double(in: range, what: what), let target else { continue }
            out.append(Shock(target: target, mode: mode, value: value, line: item.line))
        }
        return out
    }
}
