// Fuzz target `book`: a book YAML file → BookFile (the loader's parse(text:file:) entry), then, for a book the
// loader accepts, resolution against the thesis snapshot and the exposure report, whose figures must be finite.
@testable import FileFormats
import Portfolio

/// Books with more lines than this are parsed but not resolved (a CRR tree per American leg would exceed the 5 s
/// per-input budget of an unoptimised, instrumented build; the loader itself is still exercised).
let maxResolvedPositions = 40

@_silgen_name("hedgebook_fuzz_book")
public func fuzzBook(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let text = utf8Text(data, size) else { return 0 }
    guard let book = try? BookFile.parse(text: text, file: "fuzz/book.yaml") else { return 0 }
    guard book.positions.count <= maxResolvedPositions,
          let rb = try? ResolvedBook(book: book, market: Thesis.shared.market, policy: fuzzPolicy) else { return 0 }
    let report = ExposureCalculator.report(rb)
    requireFinite(report.positions.flatMap { [$0.notional, $0.deltaNotional] }, "exposure of an accepted book")
    _ = report.breakdown(by: .layer)
    _ = report.pairBreakdown()
    return 0
}
