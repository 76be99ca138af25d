// Fuzz target `market`: a market snapshot YAML file → MarketFile (parse(text:file:)), then the thesis book resolved
// against the snapshot the loader accepted, and its exposure report, whose figures must be finite.
@testable import FileFormats
import Portfolio

@_silgen_name("hedgebook_fuzz_market")
public func fuzzMarket(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let text = utf8Text(data, size) else { return 0 }
    guard let market = try? MarketFile.parse(text: text, file: "fuzz/market.yaml") else { return 0 }
    guard let rb = try? ResolvedBook(book: Thesis.shared.book, market: market, policy: fuzzPolicy) else { return 0 }
    let report = ExposureCalculator.report(rb)
    requireFinite(report.positions.flatMap { [$0.notional, $0.deltaNotional] }, "exposure on an accepted snapshot")
    return 0
}
