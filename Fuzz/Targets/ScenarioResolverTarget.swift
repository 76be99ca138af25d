// Fuzz target `resolver`: a scenario YAML file → ScenarioFile, each scenario it accepts resolved on the thesis book's
// stress engine (Stress.ScenarioResolver: targets, precedence, beta and conditional-mean propagation, FX), and the
// resolved scenarios valued per position and in total. A non-finite P&L from an accepted scenario is a finding.
@testable import FileFormats
import Basics
import Stress

let resolver = ScenarioResolver(engine: Thesis.shared.engine)

@_silgen_name("hedgebook_fuzz_resolver")
public func fuzzResolver(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let text = utf8Text(data, size) else { return 0 }
    guard let scenarios = try? ScenarioFile.parse(text: text, file: "fuzz/scenario.yaml"), !scenarios.isEmpty else { return 0 }
    var resolved: [ResolvedScenario] = []
    for s in scenarios {
        if let r = try? resolver.resolve(s) { resolved.append(r) }
    }
    guard !resolved.isEmpty else { return 0 }
    let engine = resolver.engine
    let m = resolver.matrix(resolved)
    let perPosition = engine.evaluate(m, buckets: engine.perPosition)
    let total = engine.evaluate(m, buckets: engine.total)
    requireFinite(perPosition.storage + total.storage, "stress P&L for accepted scenarios \(resolved.map(\.scenario.id))")
    return 0
}
