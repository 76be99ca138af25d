import Basics
import MarketData

/// Loads a market snapshot YAML file (format in `Documentation/file-formats.md`).
public enum MarketFile {
    static let topKeys = ["version", "asOf", "baseCurrency", "rates", "fx", "instruments"]
    static let quoteKeys = ["spot", "currency", "volatility", "dividendYield", "borrowRate", "beta", "source", "assumed", "asOf"]

    public static func load(path: String) throws -> MarketSnapshot {
        try parse(text: try readText(path: path), file: path)
    }

    /// ``load(path:)`` on the file's text (`file` names it in diagnostics).
    static func parse(text: String, file path: String) throws -> MarketSnapshot {
        try parseDocument(text: text, file: path, kind: .market, what: "market snapshot") { parse($0, file: path) }
    }

    static func parse(_ root: YNode, file: String) -> MarketSnapshot? {
        guard let m = root.mapping(allowed: topKeys, required: ["asOf", "baseCurrency", "instruments"]) else { return nil }
        let asOf = m["asOf"]?.date()
        let base = m["baseCurrency"].flatMap(BookFile.currency)
        var rates: [Currency: Double] = [:]
        if let e = m["rates"]?.entries() {
            for (k, v) in e { if let r = v.double(in: -0.2...1, what: "a rate (fraction per year)") { rates[Currency(k)] = r } }
        }
        var fx: [Currency: Double] = [:]
        if let e = m["fx"]?.entries() {
            for (k, v) in e {
                let c = Currency(k)
                if !c.isWellFormed { v.error("expected a three-letter currency code as key, got '\(k)'") }
                if let r = v.positiveDouble("FX rate (base currency per unit)", max: 1e6) { fx[c] = r }
            }
        }
        var quotes: [String: InstrumentQuote] = [:]
        if let e = m["instruments"]?.entries() {
            if e.isEmpty { m["instruments"]?.error("expected at least one instrument") }
            for (id, v) in e {
                guard let q = v.mapping(allowed: quoteKeys, required: ["spot", "currency", "volatility"]) else { continue }
                let spot = q["spot"]?.positiveDouble("spot price", max: 1e12)
                let ccy = q["currency"].flatMap(BookFile.currency)
                let vol = q["volatility"]?.double(in: 0...5, what: "an annualised volatility (fraction, 0.45 = 45%)")
                let dy = q["dividendYield"]?.double(in: -0.5...1, what: "a dividend yield (fraction per year)") ?? 0
                let br = q["borrowRate"]?.double(in: 0...2, what: "a borrow rate (fraction per year)") ?? 0
                let beta = q["beta"]?.double()
                let quoteDate = q["asOf"]?.date()
                if let quoteDate, let asOf, quoteDate > asOf {
                    q["asOf"]?.error("the quote's date \(quoteDate) is after the snapshot's asOf \(asOf)")
                }
                if let spot, let ccy, let vol {
                    quotes[id] = InstrumentQuote(id: id, spot: spot, currency: ccy, volatility: vol, dividendYield: dy,
                                                 borrowRate: br, beta: beta, assumed: q["assumed"]?.bool() ?? false,
                                                 source: q["source"]?.string(), asOf: quoteDate)
                }
            }
        }
        guard let asOf, let base else { return nil }
        return MarketSnapshot(asOf: asOf, baseCurrency: base, quotes: quotes, fx: fx, rates: rates, file: file)
    }
}
