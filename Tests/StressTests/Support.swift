import Basics
import FileFormats
import Foundation
import Pricing
import Instruments
import MarketData
import Portfolio
import Scenarios
@testable import Stress

let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
let thesisBookPath = repoRoot + "/fixtures/books/ai-infra-thesis.yaml"
let thesisMarketPath = repoRoot + "/fixtures/market/snapshot-2026-08-03.yaml"

func thesisEngine(policy: OptionValuationPolicy = .standard) throws -> StressEngine {
    let rb = try ResolvedBook(book: try BookFile.load(path: thesisBookPath), market: try MarketFile.load(path: thesisMarketPath),
                              policy: policy)
    return try StressEngine(book: rb)
}

/// Reference numbers written by tools/stress_reference.py (numpy/scipy).
func reference() throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: repoRoot + "/Tests/EndToEndTests/Golden/stress/reference.json"))
    return try JSONSerialization.jsonObject(with: data) as! [String: Any]
}

/// A small synthetic book: two stocks in USD and HKD, one put, one call, for engine-level tests.
func smallEngine() throws -> StressEngine {
    let d = LocalDate(year: 2026, month: 1, day: 2)!
    let market = MarketSnapshot(
        asOf: d, baseCurrency: .usd,
        quotes: [
            "AAA": InstrumentQuote(id: "AAA", spot: 100, currency: .usd, volatility: 0.3, dividendYield: 0.01, beta: 1.2),
            "BBB": InstrumentQuote(id: "BBB", spot: 50, currency: Currency("HKD"), volatility: 0.4, beta: 0.8),
            "IDX": InstrumentQuote(id: "IDX", spot: 400, currency: .usd, volatility: 0.15, beta: 1),
        ],
        fx: [Currency("HKD"): 0.128], rates: [.usd: 0.04, Currency("HKD"): 0.03])
    let positions = [
        Position(id: "AAA", instrument: "AAA", kind: .equity, side: .long, size: .quantity(1000), exchange: "NYSE",
                 currency: .usd, country: "US", layer: "chips", tags: ["t1"]),
        Position(id: "BBB", instrument: "BBB", kind: .equity, side: .short, size: .quantity(4000), exchange: "HKEX",
                 currency: Currency("HKD"), country: "CN", layer: "cloud", tags: ["t2"]),
        Position(id: "AAA-P", instrument: "AAA P", kind: .option, side: .long, size: .quantity(10), exchange: "NYSE",
                 currency: .usd, country: "US", layer: "chips", tags: ["hedge-like"],
                 option: OptionTerms(underlying: "AAA", right: .put, strike: 90, expiry: d.adding(days: 180))),
        Position(id: "BBB-C", instrument: "BBB C", kind: .option, side: .short, size: .quantity(20), exchange: "HKEX",
                 currency: Currency("HKD"), country: "CN", layer: "cloud",
                 option: OptionTerms(underlying: "BBB", right: .call, strike: 55, expiry: d.adding(days: 90))),
    ]
    let book = Book(name: "small", baseCurrency: .usd, nav: 1_000_000, valuationDate: d, positions: positions,
                    pairs: [PairTrade(id: "P1", name: "AAA vs BBB", longLegs: [PairLeg(position: "AAA")], shortLegs: [PairLeg(position: "BBB")])])
    // Engine mechanics are checked against Black–Scholes–Merton hand values: the `.european` scenario model.
    return try StressEngine(book: try ResolvedBook(book: book, market: market, policy: OptionValuationPolicy(americanInScenarios: .european)))
}

/// Deterministic pseudo-random numbers in [−1, 1) (SplitMix64), so tests need no global RNG state.
struct SplitMix {
    var state: UInt64
    mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 52) - 1
    }
}
