import Foundation
import PropertyBased

/// Property tests: invariants checked over random inputs with x-sheep/swift-property-based. Each `propertyCheck` draws
/// fresh inputs on every run; a failure prints the input (shrunk) and a `.fixedSeed("…")` trait that replays it.
/// Counts are chosen so the whole bundle runs in a few seconds (debug build, one core); `HEDGEBOOK_PROPERTY_SCALE=N`
/// multiplies every count by N for a longer search (`HEDGEBOOK_PROPERTY_SCALE=100 swift test --filter PropertyTests`).

let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// `|a − b| ≤ tol × scale` (scale ≥ the magnitudes the rounding error grows with).
func close(_ a: Double, _ b: Double, rel tol: Double, scale: Double) -> Bool {
    abs(a - b) <= tol * scale
}

/// A log-uniform positive number in [10^lo, 10^hi] (spots, strikes and sizes span orders of magnitude).
func logUniform(_ lo: Double, _ hi: Double) -> Generator<Double, Shrink.Floating<Double>> {
    Gen.double(in: lo...hi).map { pow(10, $0) }
}

/// `n` inputs, times `HEDGEBOOK_PROPERTY_SCALE` when set.
func runs(_ n: Int) -> Int {
    n * max(1, Int(ProcessInfo.processInfo.environment["HEDGEBOOK_PROPERTY_SCALE"] ?? "") ?? 1)
}
