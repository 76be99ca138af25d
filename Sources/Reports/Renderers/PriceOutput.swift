import Application
import Basics

/// Renderers for `hedgebook price`.
public enum PriceOutput {
    /// JSON output: the input order; keys id, model, (impliedVolatility), price, delta, gamma, vega, theta, rho,
    /// dividendRho — or id, error.
    public static func json(_ rows: [BatchPricing.Row]) -> JSONValue {
        .array(rows.map { row in
            var pairs: [(String, JSONValue)] = [("id", .string(row.id))]
            if let r = row.result {
                pairs.append(("model", .string(r.model)))
                if let iv = r.impliedVolatility { pairs.append(("impliedVolatility", .number(iv))) }
                let g = r.greeks
                pairs += [("price", .number(g.price)), ("delta", .number(g.delta)), ("gamma", .number(g.gamma)),
                          ("vega", .number(g.vega)), ("theta", .number(g.theta)), ("rho", .number(g.rho)),
                          ("dividendRho", .number(g.dividendRho))]
            } else {
                pairs.append(("error", .string(row.error ?? "Unknown error.")))
            }
            return .object(pairs)
        })
    }

    /// The same bytes as `json(rows).serialized()`, written row by row into `w` (flushed between rows when `w`
    /// streams), without building a tree of the whole output.
    public static func writeJSON(_ rows: [BatchPricing.Row], to w: JSONWriter) throws {
        if rows.isEmpty { w.raw("[]"); return }
        w.byte(0x5B)
        for (i, row) in rows.enumerated() {
            w.raw("\n  {\n    \"id\": ")
            w.string(row.id)
            if let r = row.result {
                w.raw(",\n    \"model\": ")
                w.string(r.model)
                if let iv = r.impliedVolatility {
                    w.raw(",\n    \"impliedVolatility\": ")
                    w.number(iv)
                }
                let g = r.greeks
                w.raw(",\n    \"price\": "); w.number(g.price)
                w.raw(",\n    \"delta\": "); w.number(g.delta)
                w.raw(",\n    \"gamma\": "); w.number(g.gamma)
                w.raw(",\n    \"vega\": "); w.number(g.vega)
                w.raw(",\n    \"theta\": "); w.number(g.theta)
                w.raw(",\n    \"rho\": "); w.number(g.rho)
                w.raw(",\n    \"dividendRho\": "); w.number(g.dividendRho)
            } else {
                w.raw(",\n    \"error\": ")
                w.string(row.error ?? "Unknown error.")
            }
            w.raw(i + 1 < rows.count ? "\n  }," : "\n  }")
            try w.flushIfFull()
        }
        w.raw("\n]")
    }

    public static func table(_ rows: [BatchPricing.Row]) -> String {
        var t = TextTable(
            title: "Option prices (per unit of underlying; vega/rho per 1.00, theta per year; ACT/365F)",
            headers: ["id", "model", "impl.vol", "price", "delta", "gamma", "vega", "theta", "rho", "error"],
            alignments: [.left, .left, .right, .right, .right, .right, .right, .right, .right, .left])
        for r in rows {
            if let v = r.result {
                let g = v.greeks
                t.add([r.id ?? "-", v.model, v.impliedVolatility.map { fmt($0, 6) } ?? "", fmt(g.price, 6), fmt(g.delta, 6),
                       fmt(g.gamma, 6), fmt(g.vega, 6), fmt(g.theta, 6), fmt(g.rho, 6), ""])
            } else {
                t.add([r.id ?? "-", "", "", "", "", "", "", "", "", r.error ?? ""])
            }
        }
        return t.render()
    }
}
