// Fuzz target `scenario`: a scenario YAML file → ScenarioFile (parse(text:file:)) and the case-set check.
@testable import FileFormats

@_silgen_name("hedgebook_fuzz_scenario")
public func fuzzScenario(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let text = utf8Text(data, size) else { return 0 }
    guard let scenarios = try? ScenarioFile.parse(text: text, file: "fuzz/scenario.yaml") else { return 0 }
    _ = ScenarioFile.checkCaseSets(scenarios)
    return 0
}
