import Basics
import Foundation
import MarketData

/// Loads implied-vol surface files (format in `Documentation/file-formats.md`, "Implied-vol surface"): one underlying
/// per file, a grid of expiries (dates or tenors in years) × moneyness K/S or strikes. Every problem is reported with
/// file:line:key — a hole in the grid (a missing or empty cell, a short row), a vol outside (0, 5], a duplicate or
/// unsorted expiry or strike, and calendar arbitrage (total variance σ²T decreasing in T at a grid strike: an error).
public enum VolSurfaceFile {
    static let topKeys = ["version", "underlying", "asOf", "source", "moneyness", "strikes", "expiries"]
    static let rowKeys = ["expiry", "tenor", "vols"]

    public static func load(path: String) throws -> VolSurface {
        try parse(text: try readText(path: path), file: path)
    }

    /// ``load(path:)`` on the file's text (`file` names it in diagnostics and in the surface's source).
    static func parse(text: String, file path: String) throws -> VolSurface {
        let sink = DiagnosticSink(file: path)
        let root = try readYAML(text: text, file: path, sink: sink, expected: .volSurface)
        let surface = build(root, file: path)
        if !sink.diagnostics.isEmpty { throw InputErrors(sink.diagnostics) }
        guard let surface else { throw InputErrors([Diagnostic(file: path, line: nil, keyPath: "", message: "invalid vol surface")]) }
        return surface
    }

    static func build(_ root: YNode, file: String) -> VolSurface? {
        guard let m = root.mapping(allowed: topKeys, required: ["underlying", "asOf", "expiries"]) else { return nil }
        let underlying = m["underlying"]?.nonEmptyString()
        let asOf = m["asOf"]?.date()
        _ = m["source"]?.string()
        let axis: VolSurface.StrikeAxis
        let axisNode: YNode
        switch (m["moneyness"], m["strikes"]) {
        case (let n?, nil): (axis, axisNode) = (.moneyness, n)
        case (nil, let n?): (axis, axisNode) = (.strike, n)
        case (_?, let n?):
            n.error("give either `moneyness` (K/S) or `strikes`, not both")
            return nil
        case (nil, nil):
            root.error("missing the strike axis: expected `moneyness: [K/S, …]` or `strikes: [K, …]`")
            return nil
        }
        let strikeNodes = axisNode.sequence() ?? []
        if strikeNodes.isEmpty, case .sequence = axisNode.node { axisNode.error("expected at least one \(axis == .moneyness ? "moneyness" : "strike")") }
        let strikes = strikeNodes.compactMap { $0.positiveDouble(axis == .moneyness ? "moneyness K/S" : "strike", max: 1e12) }
        guard strikes.count == strikeNodes.count, !strikes.isEmpty else { return nil }
        if let bad = increasing(strikes, strikeNodes, what: axis == .moneyness ? "moneyness" : "strike") { bad.0.error(bad.1); return nil }

        guard let rowNodes = m["expiries"]?.sequence() else { return nil }
        if rowNodes.isEmpty { m["expiries"]?.error("expected at least one expiry row"); return nil }
        var expiries: [Double] = []
        var vols: [[Double]] = []
        var complete = true
        for r in rowNodes {
            guard let row = r.mapping(allowed: rowKeys, required: ["vols"]) else { complete = false; continue }
            var t: Double?
            switch (row["expiry"], row["tenor"]) {
            case (let d?, nil):
                if let date = d.date(), let asOf {
                    t = asOf.yearFraction(to: date)
                    if !(t! > 0) { d.error("expiry \(date) is not after the surface's asOf \(asOf)"); t = nil }
                }
            case (nil, let y?): t = y.positiveDouble("tenor in years", max: 100)
            case (_?, let y?): y.error("give either `expiry` (a date) or `tenor` (years), not both")
            case (nil, nil): r.error("missing `expiry` (a date) or `tenor` (years)")
            }
            let cells = row["vols"]?.sequence() ?? []
            var v: [Double] = []
            for (j, c) in cells.enumerated() {
                if c.isNull {
                    let at = j < strikes.count ? " at \(axis == .moneyness ? "moneyness" : "strike") \(NumberFormat.shortest(strikes[j]))" : ""
                    c.error("a hole in the grid: no vol\(at); every expiry needs a vol at every grid point")
                } else if let x = c.double() {
                    if x > 0 && x <= 5 { v.append(x) } else { c.error("expected an annualised implied vol in (0, 5] (fraction, 0.45 = 45%), got \(JSONNumber(x))") }
                }
            }
            if row["vols"] != nil, case .sequence = row["vols"]!.node, cells.count != strikes.count {
                row["vols"]!.error("\(cells.count) vols for \(strikes.count) \(axis == .moneyness ? "moneyness points" : "strikes"): a hole in the grid (every expiry needs one vol per grid point, in the order of `\(axis == .moneyness ? "moneyness" : "strikes")`)")
                complete = false
            }
            if let t, v.count == strikes.count, cells.count == strikes.count {
                expiries.append(t)
                vols.append(v)
            } else {
                complete = false
            }
        }
        guard complete, let underlying, asOf != nil else { return nil }
        if let bad = increasing(expiries, rowNodes, what: "expiry") { bad.0.error(bad.1); return nil }
        do {
            return try VolSurface(underlying: underlying, axis: axis, strikes: strikes, expiries: expiries, vols: vols, source: file)
        } catch {
            if case let .calendarArbitrage(i, j, p, w) = error {
                let cell = rowNodes[i].mapping(allowed: rowKeys)?["vols"]?.sequence()?[j]
                (cell ?? rowNodes[i]).error("calendar arbitrage: total variance σ²T = \(fmt(w, 6)) at this expiry is below \(fmt(p, 6)) at the previous one (\(axis == .moneyness ? "moneyness" : "strike") \(NumberFormat.shortest(strikes[j]))); total variance must not decrease with time — check the vols of both rows")
            } else {
                root.error(error.description)
            }
            return nil
        }
    }

    /// The first duplicate or out-of-order value of a grid axis, with its node and message.
    private static func increasing(_ a: [Double], _ nodes: [YNode], what: String) -> (YNode, String)? {
        for i in 1..<max(1, a.count) {
            if a[i] == a[i - 1] { return (nodes[i], "duplicate \(what) \(NumberFormat.shortest(a[i]))\(what == "expiry" ? " years" : ""); each appears once") }
            if a[i] < a[i - 1] {
                return (nodes[i], "\(what) \(NumberFormat.shortest(a[i]))\(what == "expiry" ? " years" : "") is before the previous \(NumberFormat.shortest(a[i - 1])); expected increasing order")
            }
        }
        return nil
    }

    /// The surfaces a workspace names: `files` (underlying → file) and every `*.yaml` file of `folder` (sorted by
    /// name). Each file's `underlying` must match its key, each underlying must appear once and be in `market`.
    /// - Throws: ``InputErrors`` with every problem of every file.
    public static func loadAll(files: [(underlying: String, path: String)], folder: String?, market: MarketSnapshot,
                               workspace: String) throws -> [String: VolSurface] {
        var paths = files.map { (Optional($0.underlying), $0.path) }
        if let folder {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
                throw InputErrors([Diagnostic(file: workspace, line: nil, keyPath: "volSurfaces",
                                              message: "folder \(folder) not found (expected a folder of <UNDERLYING>.yaml vol files)")])
            }
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
            paths += names.map { (nil, (folder as NSString).appendingPathComponent($0)) }
        }
        var out: [String: VolSurface] = [:]
        var problems: [Diagnostic] = []
        for (key, path) in paths {
            do {
                let s = try load(path: path)
                if let key, key != s.underlying {
                    problems.append(Diagnostic(file: path, line: nil, keyPath: "underlying",
                                               message: "the file is for '\(s.underlying)' but the workspace names it for '\(key)'"))
                } else if out[s.underlying] != nil {
                    problems.append(Diagnostic(file: path, line: nil, keyPath: "underlying",
                                               message: "a second surface for '\(s.underlying)' (the first is \(out[s.underlying]!.source))"))
                } else if market.quote(s.underlying) == nil {
                    problems.append(Diagnostic(file: path, line: nil, keyPath: "underlying",
                                               message: "'\(s.underlying)' has no quote in the market snapshot \(market.file ?? "")"))
                } else {
                    out[s.underlying] = s
                }
            } catch let e as InputErrors {
                problems += e.diagnostics
            }
        }
        if !problems.isEmpty { throw InputErrors(problems) }
        return out
    }
}
