// Fuzz target `price`: the `hedgebook price` JSON input → PriceCasesFile.parse(data:source:), then every case it
// accepts valued as `price` values it (VanillaPricer: validation, Black–Scholes–Merton, CRR tree, implied volatility);
// a NaN in an accepted case's result is a finding (the pricers document "never NaN for finite inputs").
import FileFormats
import Foundation
import Pricing

/// American cases are valued on at most this many tree steps (a 100,000-step tree, and an implied volatility that
/// solves on it, is seconds per case even when optimised; the bound keeps each input within the 5 s budget while
/// every code path of the tree is still run).
let maxFuzzSteps = 200
/// Cases valued per input (the parser still reads them all).
let maxFuzzCases = 8

@_silgen_name("hedgebook_fuzz_price")
public func fuzzPrice(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let entries = try? PriceCasesFile.parse(data: bytes(data, size), source: "fuzz/cases.json") else { return 0 }
    var workspace = BinomialWorkspace(steps: maxFuzzSteps)
    for e in entries.prefix(maxFuzzCases) {
        guard case .success(var c) = e.parsed else { continue }
        c.steps = min(c.steps, maxFuzzSteps)
        if let r = try? VanillaPricer.value(c, workspace: &workspace) {
            let g = r.greeks
            requireNotNaN([g.price, g.delta, g.gamma, g.vega, g.theta, g.rho, g.dividendRho] + (r.impliedVolatility.map { [$0] } ?? []),
                          "result for an accepted price case \(c)")
        }
    }
    return 0
}
