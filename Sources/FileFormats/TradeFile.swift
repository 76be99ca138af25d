import Basics
import Instruments

/// Reads trades: one-line trade texts (`--trade "NVDA +2%"`) and YAML trade lists (`version: 1`, `trades: [text, …]`).
///
/// Grammar (case-insensitive keywords; sizes signed, + buys, − sells):
/// - `TICKER ±X%` — stock/ETF by % of NAV of market value; `TICKER ±N shares`
/// - `close ID_OR_TICKER`
/// - `TICKER put|call STRIKE YYYY-MM-DD ±N contracts` or `… ±X% premium` (a premium budget in % of NAV)
/// - `hold HEDGE`, `roll HEDGE`
public enum TradeFile {
    public struct TradeError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Parses one trade text; `source` names where it came from (`--trade 2`, `trades.yaml:7`).
    public static func parse(_ text: String, source: String) throws(TradeError) -> Trade {
        let w = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        func fail(_ why: String) -> TradeError {
            TradeError(description: "\(source): '\(text)': \(why); expected 'TICKER ±X%', 'TICKER ±N shares', 'close ID', "
                       + "'TICKER put|call STRIKE YYYY-MM-DD ±N contracts' (or '±X% premium'), 'hold HEDGE' or 'roll HEDGE'")
        }
        func signed(_ s: String, what: String, max: Double) throws(TradeError) -> Double {
            guard let v = Double(s), v.isFinite, v != 0, abs(v) <= max else {
                throw fail("\(what) must be a non-zero number of at most \(NumberFormat.shortest(max)) in size, got '\(s)'")
            }
            return v
        }
        guard let first = w.first else { throw fail("empty trade") }
        switch first.lowercased() {
        case "close" where w.count == 2: return .close(w[1])
        case "hold" where w.count == 2: return .hold(hedge: w[1])
        case "roll" where w.count == 2: return .roll(hedge: w[1])
        default: break
        }
        if w.count == 2, w[1].hasSuffix("%") {
            return .stockPercent(instrument: first, percentOfNAV: try signed(String(w[1].dropLast()), what: "the size in % of NAV", max: 1_000))
        }
        if w.count == 3, w[2].lowercased() == "shares" {
            return .stockShares(instrument: first, shares: try signed(w[1], what: "the number of shares", max: 1e12))
        }
        if w.count == 6, let right = OptionRight(rawValue: w[1].lowercased()) {
            guard let k = Double(w[2]), k.isFinite, k > 0, k <= 1e12 else { throw fail("the strike must be a positive number, got '\(w[2])'") }
            guard let e = LocalDate(iso: w[3]) else { throw fail("the expiry must be a date YYYY-MM-DD, got '\(w[3])'") }
            switch w[5].lowercased() {
            case "contracts", "contract":
                return .option(underlying: first, right: right, strike: k, expiry: e, size: .contracts(try signed(w[4], what: "the number of contracts", max: 1e9)))
            case "premium":
                guard w[4].hasSuffix("%") else { throw fail("a premium budget is a % of NAV, e.g. '+1% premium'") }
                let p = try signed(String(w[4].dropLast()), what: "the premium budget in % of NAV", max: 100)
                guard p > 0 else { throw fail("a premium budget buys options: it must be positive") }
                return .option(underlying: first, right: right, strike: k, expiry: e, size: .premiumPercentOfNAV(p))
            default: throw fail("the size must end in 'contracts' or '% premium'")
            }
        }
        throw fail("not a trade")
    }

    /// A YAML trade list: `version: 1` and `trades:` a list of trade texts. Every problem is reported with its line.
    public static func load(path: String) throws -> [Trade] {
        let sink = DiagnosticSink(file: path)
        let root = try readYAML(text: try readText(path: path), file: path, sink: sink)
        var out: [Trade] = []
        if let m = root.mapping(allowed: ["version", "trades"], required: ["trades"]), let items = m["trades"]?.sequence() {
            if items.isEmpty { m["trades"]?.error("expected at least one trade") }
            for n in items {
                guard let text = n.nonEmptyString() else { continue }
                do { out.append(try parse(text, source: "\(path):\(n.line.map(String.init) ?? "?")")) } catch let e as TradeError { n.error(e.description) } catch { n.error("\(error)") }
            }
        }
        if !sink.diagnostics.isEmpty { throw InputErrors(sink.diagnostics) }
        return out
    }
}
