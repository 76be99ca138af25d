import Foundation
import HedgebookFuzz
import Testing

/// Replays the committed seed corpus (Fuzz/corpus/<target>) through every fuzz target, as libFuzzer does at the start
/// of a run: each input must be handled (return 0) without a crash, trap or hang. This keeps the targets compiling
/// with the code they exercise and turns every committed seed into a regression input.
@Suite struct FuzzCorpusTests {
    typealias Target = @Sendable (UnsafePointer<UInt8>?, Int) -> Int32

    static let targets: [(name: String, run: Target)] = [
        ("book", fuzzBook), ("market", fuzzMarket), ("scenario", fuzzScenario), ("workspace", fuzzWorkspace),
        ("csv", fuzzCSV), ("price", fuzzPrice), ("resolver", fuzzResolver), ("volsurface", fuzzVolSurface),
    ]

    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/corpus")

    @Test func everySeedRunsCleanlyThroughItsTarget() throws {
        for (name, run) in Self.targets {
            let folder = Self.corpus.appendingPathComponent(name)
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            #expect(!files.isEmpty, "no seeds for fuzz target \(name) in \(folder.path)")
            for file in files {
                let data = try Data(contentsOf: folder.appendingPathComponent(file))
                let status = data.withUnsafeBytes { raw in
                    run(raw.bindMemory(to: UInt8.self).baseAddress, raw.count)
                }
                #expect(status == 0, "fuzz target \(name) on seed \(file)")
            }
        }
    }

    @Test func theTargetListMatchesFuzzSh() throws {
        let script = try String(contentsOf: Self.corpus.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("tools/fuzz.sh"), encoding: .utf8)
        let line = try #require(script.split(separator: "\n").first { $0.hasPrefix("TARGETS=(") })
        let names = line.dropFirst("TARGETS=(".count).prefix { $0 != ")" }.split(separator: " ").map(String.init)
        #expect(names == Self.targets.map(\.name))
    }
}
