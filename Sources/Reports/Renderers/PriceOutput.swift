import Application
import Basics
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

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

    /// The same bytes as `json(rows).serialized()`, written row by row into `w` (flushed between blocks when `w`
    /// streams), without building a tree of the whole output. Large outputs are formatted block by block, each block
    /// cut into `workers` contiguous parts formatted concurrently into their own buffers and appended in order, so the
    /// bytes do not depend on `workers` (nil: the machine's online cores, at most 8).
    public static func writeJSON(_ rows: [BatchPricing.Row], to w: JSONWriter, workers: Int? = nil) throws {
        if rows.isEmpty { w.raw("[]"); return }
        w.byte(0x5B)
        let n = rows.count
        let nw = max(1, min(workers ?? maxWorkers, n / 4_096))
        if nw == 1 {
            for i in 0..<n {
                writeRow(rows[i], last: i + 1 == n, to: w)
                try w.flushIfFull()
            }
        } else {
            let parts = (0..<nw).map { _ in JSONWriter(capacity: 1 << 20) }
            let block = 8_192 * nw
            var lo = 0
            while lo < n {
                let from = lo, hi = min(n, lo + block)
                let per = (hi - from + nw - 1) / nw
                let box = Parts(writers: parts)
                rows.withUnsafeBufferPointer { rp in
                    let rp = RowsPointer(base: rp.baseAddress!)
                    DispatchQueue.concurrentPerform(iterations: nw) { k in
                        let pw = box.writers[k]
                        pw.reset()
                        let a = from + k * per, e = min(hi, a + per)
                        if a < e { for i in a..<e { writeRow(rp.base[i], last: i + 1 == n, to: pw) } }
                    }
                }
                for pw in parts {
                    w.append(pw)
                    try w.flushIfFull()
                }
                lo = hi
            }
        }
        w.raw("\n]")
    }

    static let maxWorkers = min(8, max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
    struct RowsPointer: @unchecked Sendable { let base: UnsafePointer<BatchPricing.Row> }
    struct Parts: @unchecked Sendable { let writers: [JSONWriter] }

    /// One row: `\n  {…}` and its comma, as the tree writer lays it out at nesting level 1.
    static func writeRow(_ row: BatchPricing.Row, last: Bool, to w: JSONWriter) {
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
        w.raw(last ? "\n  }" : "\n  },")
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
