import Basics
import Foundation
import Yams

/// One problem in an input file: where it is (file, line, key path) and what was expected.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var keyPath: String
    public var message: String

    public init(file: String, line: Int?, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        let loc = line.map { "\(file):\($0)" } ?? file
        return keyPath.isEmpty ? "\(loc): \(message)" : "\(loc): \(keyPath): \(message)"
    }
}

/// Every problem found in one or more files (all of them, not just the first).
public struct InputErrors: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String {
        let n = diagnostics.count
        return diagnostics.map(\.description).joined(separator: "\n") + (n > 1 ? "\n(\(n) problems)" : "")
    }
}

/// Collects diagnostics while reading one file.
final class DiagnosticSink {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []
    init(file: String) { self.file = file }
    func report(_ line: Int?, _ path: String, _ message: String) {
        diagnostics.append(Diagnostic(file: file, line: line, keyPath: path, message: message))
    }
}

/// A YAML node with its key path and line, and typed accessors that report problems instead of throwing,
/// so that one pass over a file finds every problem.
struct YNode {
    let node: Node
    let path: String
    let sink: DiagnosticSink

    var line: Int? { node.mark?.line }

    func child(_ key: String, _ node: Node) -> YNode {
        YNode(node: node, path: path.isEmpty ? key : "\(path).\(key)", sink: sink)
    }

    func error(_ message: String) { sink.report(line, path, message) }

    var isNull: Bool {
        if case .scalar(let s) = node, s.style == .plain, ["", "~", "null", "Null", "NULL"].contains(s.string) { return true }
        return false
    }

    /// The mapping's entries, checking for unknown keys (with a "did you mean") and duplicate keys.
    func mapping(allowed: [String], required: [String] = []) -> [String: YNode]? {
        guard case .mapping(let m) = node else {
            error("expected a mapping with keys \(allowed.joined(separator: ", ")), got \(kindName)")
            return nil
        }
        var out: [String: YNode] = [:]
        for (k, v) in m {
            guard let key = k.string else {
                sink.report(k.mark?.line, path, "expected a text key")
                continue
            }
            let c = child(key, v)
            if out[key] != nil {
                sink.report(k.mark?.line, c.path, "duplicate key '\(key)'")
                continue
            }
            if !allowed.contains(key) {
                let hint = suggestion(for: key, among: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                sink.report(k.mark?.line, c.path, "unknown key '\(key)'\(hint); expected one of: \(allowed.joined(separator: ", "))")
                continue
            }
            out[key] = c
        }
        for r in required where out[r] == nil {
            sink.report(line, path.isEmpty ? r : "\(path).\(r)", "missing required key '\(r)'")
        }
        return out
    }

    /// Mapping entries in file order, for free-form keyed maps (e.g. instrument id → quote).
    func entries() -> [(String, YNode)]? {
        guard case .mapping(let m) = node else {
            error("expected a mapping, got \(kindName)")
            return nil
        }
        var seen = Set<String>()
        var out: [(String, YNode)] = []
        for (k, v) in m {
            guard let key = k.string else { sink.report(k.mark?.line, path, "expected a text key"); continue }
            if !seen.insert(key).inserted {
                sink.report(k.mark?.line, child(key, v).path, "duplicate key '\(key)'")
                continue
            }
            out.append((key, child(key, v)))
        }
        return out
    }

    func sequence() -> [YNode]? {
        guard case .sequence(let s) = node else {
            error("expected a list, got \(kindName)")
            return nil
        }
        return s.enumerated().map { YNode(node: $0.element, path: "\(path)[\($0.offset)]", sink: sink) }
    }

    func string() -> String? {
        guard case .scalar(let s) = node, !isNull else {
            error("expected text, got \(kindName)")
            return nil
        }
        return s.string
    }

    func nonEmptyString() -> String? {
        guard let s = string() else { return nil }
        if s.trimmingCharacters(in: .whitespaces).isEmpty {
            error("expected non-empty text")
            return nil
        }
        return s
    }

    func double() -> Double? {
        guard case .scalar(let s) = node, !isNull, let v = Double(s.string.replacingOccurrences(of: "_", with: "")), v.isFinite else {
            error("expected a number, got \(describe)")
            return nil
        }
        return v
    }

    func double(in range: ClosedRange<Double>, what: String) -> Double? {
        guard let v = double() else { return nil }
        guard range.contains(v) else {
            error("expected \(what) in [\(JSONNumber(range.lowerBound)), \(JSONNumber(range.upperBound))], got \(JSONNumber(v))")
            return nil
        }
        return v
    }

    func positiveDouble(_ what: String) -> Double? {
        guard let v = double() else { return nil }
        guard v > 0 else { error("expected a positive \(what), got \(JSONNumber(v))"); return nil }
        return v
    }

    /// A number in (0, max]: sizes and amounts have a documented domain, checked where they enter.
    func positiveDouble(_ what: String, max: Double) -> Double? {
        guard let v = positiveDouble(what) else { return nil }
        guard v <= max else { error("expected a positive \(what) of at most \(NumberFormat.shortest(max)), got \(JSONNumber(v))"); return nil }
        return v
    }

    func nonNegativeDouble(_ what: String) -> Double? {
        guard let v = double() else { return nil }
        guard v >= 0 else { error("expected a non-negative \(what), got \(JSONNumber(v))"); return nil }
        return v
    }

    func int() -> Int? {
        guard case .scalar(let s) = node, !isNull, let v = Int(s.string) else {
            error("expected an integer, got \(describe)")
            return nil
        }
        return v
    }

    func bool() -> Bool? {
        guard case .scalar(let s) = node else { error("expected true or false, got \(kindName)"); return nil }
        switch s.string.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: error("expected true or false, got '\(s.string)'"); return nil
        }
    }

    func date() -> LocalDate? {
        guard case .scalar(let s) = node, let d = LocalDate(iso: s.string) else {
            error("expected a date YYYY-MM-DD, got \(describe)")
            return nil
        }
        return d
    }

    func enumValue<E: RawRepresentable & CaseIterable>(_ type: E.Type) -> E? where E.RawValue == String {
        guard let s = string() else { return nil }
        if let e = E(rawValue: s.lowercased()) { return e }
        let options = E.allCases.map(\.rawValue)
        let hint = suggestion(for: s, among: options).map { " (did you mean '\($0)'?)" } ?? ""
        error("unknown value '\(s)'\(hint); expected one of: \(options.joined(separator: ", "))")
        return nil
    }

    func stringList() -> [String]? {
        if case .scalar = node, let s = string() { return [s] }
        guard let items = sequence() else { return nil }
        return items.compactMap { $0.string() }
    }

    func doubleList() -> [Double]? {
        if case .scalar = node, let v = double() { return [v] }
        guard let items = sequence() else { return nil }
        let v = items.compactMap { $0.double() }
        return v.count == items.count ? v : nil
    }

    var kindName: String {
        switch node {
        case .scalar(let s): return isNull ? "nothing (null)" : "the value '\(s.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    var describe: String { kindName }
}

/// Formats a number for messages.
func JSONNumber(_ v: Double) -> String { NumberFormat.shortest(v) }

/// The closest candidate by edit distance (case-insensitive), if close enough to be a likely typo.
func suggestion(for word: String, among candidates: [String]) -> String? {
    let w = Array(word.lowercased())
    var best: (String, Int)?
    for c in candidates {
        let d = editDistance(w, Array(c.lowercased()))
        if best == nil || d < best!.1 { best = (c, d) }
    }
    guard let (c, d) = best else { return nil }
    if d <= max(2, w.count / 3) { return c }
    // An abbreviation of exactly one candidate ("vol" for "volatility").
    let prefixed = candidates.filter { $0.lowercased().hasPrefix(word.lowercased()) }
    return w.count >= 2 && prefixed.count == 1 ? prefixed[0] : nil
}

func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    var cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        cur[0] = i
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    return prev[b.count]
}

/// Reads a file as UTF-8 text: the one file-reading step of the YAML loaders. Throws `InputErrors` for a missing or
/// unreadable file.
func readText(path: String) throws -> String {
    guard FileManager.default.fileExists(atPath: path) else {
        throw InputErrors([Diagnostic(file: path, line: nil, keyPath: "", message: "file not found")])
    }
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
        throw InputErrors([Diagnostic(file: path, line: nil, keyPath: "", message: "cannot read the file as UTF-8 text")])
    }
    return text
}

/// Parses the text of a YAML file (read by ``readText(path:)``; `file` names it in diagnostics), checking `version: 1`
/// and, when `expected` is given, that the file is that kind of Hedgebook file (one clear error instead of a list of
/// unknown keys). Throws `InputErrors` for bad YAML. The loaders' `parse(text:file:)` entries (and the fuzz targets)
/// start here.
func readYAML(text: String, file path: String, sink: DiagnosticSink, expected: HedgebookFileKind? = nil) throws -> YNode {
    if let line = excessiveNesting(text, limit: 64) ?? yamlNestingBeyond(text, limit: 64) {
        throw InputErrors([Diagnostic(file: path, line: line, keyPath: "",
                                      message: "nesting deeper than 64 levels; Hedgebook files are at most a few levels deep")])
    }
    let node: Node?
    do {
        node = try Yams.compose(yaml: text)
    } catch let e as YamlError {
        throw InputErrors([yamlDiagnostic(e, file: path)])
    } catch {
        throw InputErrors([Diagnostic(file: path, line: nil, keyPath: "", message: "malformed YAML: \(error)")])
    }
    // A file without aliases has fewer nodes than bytes; aliases may add up to 20,000 (a small file sharing a few lists).
    let nodeLimit = max(20_000, text.utf8.count)
    if let node, expandedNodeCount(node, limit: nodeLimit) > nodeLimit {
        throw InputErrors([Diagnostic(file: path, line: nil, keyPath: "",
                                      message: "the file expands to more than \(nodeLimit) YAML nodes through anchors and aliases (&name, *name); Hedgebook files are at most a few thousand")])
    }
    if let expected {
        if let kind = HedgebookFileKind.sniff(text: text), kind != expected {
            let hint: [HedgebookFileKind: String] = [.book: "a book has 'positions:'", .market: "a market snapshot has 'instruments:'",
                                                     .scenario: "a scenario file has 'id:' or 'scenarios:'",
                                                     .volSurface: "a vol surface has 'expiries:'"]
            throw InputErrors([Diagnostic(file: path, line: nil, keyPath: "",
                                          message: "this looks like a \(kind.rawValue) file, but a \(expected.rawValue) file was expected (\(hint[expected]!))")])
        }
    }
    guard let root = node else {
        throw InputErrors([Diagnostic(file: path, line: nil, keyPath: "", message: "the file is empty; expected a mapping starting with 'version: 1'")])
    }
    let y = YNode(node: root, path: "", sink: sink)
    guard case .mapping(let m) = root else {
        throw InputErrors([Diagnostic(file: path, line: root.mark?.line, keyPath: "", message: "expected a mapping at the top level, got \(y.kindName)")])
    }
    if let v = m["version"] {
        if v.int != 1 {
            throw InputErrors([Diagnostic(file: path, line: v.mark?.line, keyPath: "version", message: "unsupported version '\(v.string ?? "?")'; expected 1")])
        }
    } else {
        throw InputErrors([Diagnostic(file: path, line: 1, keyPath: "version", message: "missing 'version: 1' (every Hedgebook file starts with it)")])
    }
    return y
}

private func yamlDiagnostic(_ e: YamlError, file: String) -> Diagnostic {
    switch e {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
         .composer(let context, let problem, let mark, _):
        let ctx = context.map { " \($0.text)" } ?? ""
        return Diagnostic(file: file, line: mark.line, keyPath: "", message: "malformed YAML: \(problem)\(ctx) (column \(mark.column))")
    default:
        return Diagnostic(file: file, line: nil, keyPath: "", message: "malformed YAML: \(e)")
    }
}

/// The number of nodes of a document with every alias expanded, counted up to `limit` + 1 and no further. Aliases let a
/// short file stand for a huge tree (8,000 aliases of a scenario that holds 8,000 aliased shocks: 64 million shocks in
/// 64 KB), which the readers would walk node by node; checked before reading, like the nesting depth.
func expandedNodeCount(_ root: Node, limit: Int) -> Int {
    var count = 0
    var stack = [root]
    while let n = stack.popLast() {
        count += 1
        if count > limit { return count }
        switch n {
        case .scalar: break
        case .mapping(let m): for (k, v) in m { stack.append(k); stack.append(v) }
        case .sequence(let s): stack.append(contentsOf: s)
        }
    }
    return count
}

/// The first line where flow brackets (`[`, `{`) or block indentation nest deeper than `limit` levels, or nil. Checked
/// before parsing, so that a hostile file (thousands of nested brackets) gets an error instead of exhausting the stack.
func excessiveNesting(_ text: String, limit: Int) -> Int? {
    var depth = 0, line = 1
    var quote: UInt8? = nil
    var atLineStart = true, indent = 0
    for b in text.utf8 {
        if b == 0x0A { line += 1; atLineStart = true; indent = 0; continue }
        if atLineStart {
            if b == 0x20 || b == 0x2D { indent += 1; if indent / 2 > limit * 2 { return line }; continue }
            atLineStart = false
        }
        if let q = quote { if b == q { quote = nil }; continue }
        switch b {
        case 0x22, 0x27: quote = b
        case 0x5B, 0x7B: depth += 1; if depth > limit { return line }
        case 0x5D, 0x7D: depth = max(0, depth - 1)
        case 0x23: break
        default: break
        }
    }
    return nil
}

/// Reads one YAML document of a kind and builds its value, reporting every diagnostic at once (the common body of the
/// book and snapshot loaders); `what` names the value in the fallback error.
func parseDocument<T>(text: String, file path: String, kind: HedgebookFileKind, what: String, _ build: (YNode) -> T?) throws -> T {
    let sink = DiagnosticSink(file: path)
    let root = try readYAML(text: text, file: path, sink: sink, expected: kind)
    let value = build(root)
    if !sink.diagnostics.isEmpty { throw InputErrors(sink.diagnostics) }
    guard let value else { throw InputErrors([Diagnostic(file: path, line: nil, keyPath: "", message: "invalid \(what)")]) }
    return value
}
