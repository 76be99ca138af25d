import Basics
import Foundation
import MarketData

/// Writes a built market snapshot as the YAML `MarketFile` reads (format in `Documentation/file-formats.md`), with the
/// provenance of every number in comments. Deterministic: the same snapshot gives the same bytes. Numbers are written
/// as `tools/make_market_snapshot.py` writes them (fixed decimals, correctly rounded, trailing zeros removed), so the
/// two can be compared line for line.
public enum MarketSnapshotWriter {
    /// What the header says about how the file was made.
    public struct Header: Sendable {
        /// The book whose instruments are quoted (file name).
        public var book: String
        /// The data root as the workspace names it (`../shared/data`).
        public var dataRoot: String
        /// The command line that rebuilds the file.
        public var command: String
        public init(book: String, dataRoot: String, command: String) {
            self.book = book; self.dataRoot = dataRoot; self.command = command
        }
    }

    public static func render(_ b: BuiltSnapshot, header h: Header) -> String {
        let s = b.snapshot, m = b.method
        let base = s.baseCurrency
        var out: [String] = []
        func w(_ line: String) { out.append(line) }
        w("version: 1")
        w("# Market snapshot for the instruments of \(h.book) (positions, hedge underlyings, benchmarks), built by")
        w("# `\(h.command)` from the price histories in \(h.dataRoot) (files cited per instrument; the data are not")
        w("# copied here). tools/make_market_snapshot.py rebuilds the same numbers independently (Tests/ApplicationTests/SnapshotTests.swift).")
        w("# Spots are closes in the trading currency on the as-of date, or on the last date the data hold; each quote's asOf")
        let older = Dictionary(grouping: b.quotes.filter { !$0.quote.assumed && ($0.quote.asOf ?? s.asOf) < s.asOf },
                               by: { $0.quote.asOf ?? s.asOf })
        if older.isEmpty {
            w("# is the date of its close (every observed close here is on the as-of date).")
        } else {
            let list = older.keys.sorted().map { d in "\(older[d]!.map(\.quote.id).joined(separator: ", ")) \(d)" }.joined(separator: "; ")
            w("# is the date of its close (older than the as-of date: \(list)).")
        }
        w("# volatility = \(m.volatilityWindow)-day realised std of daily log returns x sqrt(252) ending at the spot date.")
        w("# beta = OLS vs \(m.index) (daily for \(indexCurrency(b)) listings; weekly (\(m.weeklyStep)-trading-day) for listings in other currencies, which close asynchronously).")
        w("# dividendYield = trailing-\(m.dividendWindowDays == 365 ? "12-month" : "\(m.dividendWindowDays)-day") dividends to the end of the dividend data (at most the as-of date) / spot (continuous), or assumed (commented).")
        w("# borrowRate = annual stock-borrow fee for shorts; all assumptions (workspace marketAssumptions.borrow), commented per line.")
        w("# assumed: true marks values taken from the workspace's marketAssumptions, each with its reason.")
        w("asOf: \(s.asOf)")
        w("baseCurrency: \(base)")

        w("# Flat continuously-compounded risk-free rates (fraction per year).")
        for r in b.rates {
            if let o = r.observed {
                w("# \(r.currency): \(r.label) \(String(format: "%.3f", o.quoted))% on \(o.date) (\(o.file));")
                w("#      P = 1 - d*91/360, r = -ln(P)/(91/365).")
            }
        }
        if b.rates.contains(where: { $0.observed == nil }) {
            w("# " + b.rates.filter { $0.observed == nil }.map(\.currency.code).joined(separator: ", ") + ": no rate series in the data, assumed (workspace marketAssumptions.rates).")
        }
        if !b.rates.isEmpty {
            w("rates:")
            for r in b.rates { w("  \(r.currency): \(PythonFormat.fixed(r.value, 4))   # \(oneLine(r.note))") }
        }
        let assumedFX = b.fx.filter(\.assumed)
        var fxLine = "# FX: value of one unit of the currency in \(base)."
        if !assumedFX.isEmpty {
            fxLine += " No FX file (<CCY>\(base).csv, Date,Close) in the data for \(assumedFX.map(\.currency.code).joined(separator: ", ")), so \(assumedFX.count == 1 ? "it is" : "they are") assumed."
        }
        w(fxLine)
        if !b.fx.isEmpty {
            w("fx:")
            for f in b.fx {
                let v = f.assumed ? PythonFormat.repr(f.value) : PythonFormat.fixed(f.value, 8)
                w("  \(f.currency): \(v)   # \(oneLine(f.note))")
            }
        }
        w("instruments:")
        for (id, reason) in b.omitted { w("  # \(id): not quoted: \(oneLine(reason))") }
        for bq in b.quotes {
            let q = bq.quote
            w("  # \(q.id): borrow \(PythonFormat.fixed(q.borrowRate * 100, 2))% (\(oneLine(bq.borrowNote)))")
            w("  #   dividendYield: \(oneLine(bq.dividendNote))")
            w("  \(q.id):")
            w("    spot: \(PythonFormat.fixed(q.spot, 4))")
            w("    asOf: \(q.asOf ?? s.asOf)")
            w("    currency: \(q.currency)")
            w("    volatility: \(PythonFormat.fixed(q.volatility, 4))")
            w("    dividendYield: \(PythonFormat.fixed(q.dividendYield, 4))")
            w("    borrowRate: \(PythonFormat.fixed(q.borrowRate, 4))")
            if let beta = q.beta { w("    beta: \(PythonFormat.fixed(beta, 2))") }
            w("    source: \(quoted(q.source ?? ""))")
            w("    assumed: \(q.assumed)")
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func indexCurrency(_ b: BuiltSnapshot) -> String {
        b.snapshot.quotes[b.method.index]?.currency.code ?? "USD"
    }

    static func oneLine(_ s: String) -> String { s.replacingOccurrences(of: "\n", with: " ") }

    /// A YAML double-quoted scalar.
    static func quoted(_ s: String) -> String {
        "\"" + oneLine(s).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A problem writing the snapshot file.
    public struct WriteError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Writes `text` to `path` atomically (a temporary sibling, then linked or renamed into place). An existing file is
    /// never replaced unless `force` (the project rule: a user's file is not overwritten without being asked).
    public static func write(_ text: String, to path: String, force: Bool) throws(WriteError) {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent()
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            if isDir.boolValue { throw WriteError(description: "\(path) is a folder; give a file name for the snapshot") }
            if !force { throw WriteError(description: "\(path) exists; not overwritten (give --force to replace it, or another --out)") }
        }
        do { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) } catch {
            throw WriteError(description: "cannot create \(dir.path): \(error.localizedDescription)")
        }
        let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        do { try Data(text.utf8).write(to: tmp) } catch {
            throw WriteError(description: "cannot write \(tmp.path): \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: tmp) }
        if force {
            if rename(tmp.path, url.path) != 0 { throw WriteError(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
        } else if link(tmp.path, url.path) != 0 {
            // link(2) fails when the target exists: a file created since the check above is not replaced either.
            let e = errno
            throw WriteError(description: e == EEXIST ? "\(path) exists; not overwritten (give --force to replace it, or another --out)"
                                                       : "cannot write \(path): \(String(cString: strerror(e)))")
        }
    }
}
