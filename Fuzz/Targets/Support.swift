// Shared helpers of the fuzz targets (see Fuzz/README.md).
import FileFormats
import Foundation
import Instruments
import MarketData
import Portfolio
import Pricing
import Stress

/// The fuzz input as the bytes libFuzzer passes.
func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Data {
    guard let data, size > 0 else { return Data() }
    return Data(bytes: data, count: size)
}

/// The fuzz input decoded as the YAML loaders decode a file (`readText(path:)`: `String(data:encoding: .utf8)`), or nil
/// when it is not UTF-8 (the loaders reject such a file before parsing, so there is nothing further to exercise).
func utf8Text(_ data: UnsafePointer<UInt8>?, _ size: Int) -> String? {
    String(data: bytes(data, size), encoding: .utf8)
}

/// The repository root (this file is `Fuzz/Targets/Support.swift`): the fixtures the targets load once.
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// The valuation policy of the targets that resolve books: the production rules with a 100-step tree instead of 1,000.
/// Every code path of the tree runs the same; a 1,000-step tree with its Greeks takes about a second per American leg in
/// this unoptimised, instrumented build, so a book of a few such legs would exceed the per-input time budget as a
/// false hang (seen in a one-hour run).
let fuzzPolicy = OptionValuationPolicy(treeSteps: 100)

/// The bundled thesis book and market snapshot, loaded once per process.
struct Thesis: Sendable {
    let book: Book
    let market: MarketSnapshot
    let engine: StressEngine

    static let shared: Thesis = {
        do {
            let book = try BookFile.load(path: repoRoot + "/fixtures/books/ai-infra-thesis.yaml")
            let market = try MarketFile.load(path: repoRoot + "/fixtures/market/snapshot-2026-08-03.yaml")
            return Thesis(book: book, market: market, engine: try StressEngine(book: try ResolvedBook(book: book, market: market, policy: fuzzPolicy)))
        } catch {
            fatalError("fuzz set-up: cannot load the thesis fixtures under \(repoRoot): \(error)")
        }
    }()
}

/// A scratch file per process for the targets whose entry points take a path (the CSV readers).
final class ScratchFile: @unchecked Sendable {
    let path: String
    init(name: String) {
        let dir = NSTemporaryDirectory() + "hedgebook-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        path = dir + "/" + name
    }
    /// Replaces the file's contents with `d` (plain fopen/fwrite: no temporary sibling, no fsync) and returns its path.
    func write(_ d: Data) -> String {
        guard let f = fopen(path, "wb") else { fatalError("fuzz set-up: cannot write \(path)") }
        d.withUnsafeBytes { b in if b.count > 0 { _ = fwrite(b.baseAddress!, 1, b.count, f) } }
        fclose(f)
        return path
    }
}

/// Treats a non-finite number the engine produced from accepted input as a finding (a trap libFuzzer reports).
func requireFinite(_ values: [Double], _ what: @autoclosure () -> String) {
    if let bad = values.first(where: { !$0.isFinite }) {
        fatalError("non-finite \(what()): \(bad)")
    }
}

/// Treats a NaN as a finding (the pricers document "never NaN for finite inputs"; an infinite Greek at a degenerate
/// input is allowed by that contract).
func requireNotNaN(_ values: [Double], _ what: @autoclosure () -> String) {
    if values.contains(where: \.isNaN) { fatalError("NaN in \(what()): \(values)") }
}
