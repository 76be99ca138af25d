import Foundation
import Testing

/// The repository root (two levels above this file's folder).
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
let thesisBook = repoRoot + "/fixtures/books/ai-infra-thesis.yaml"
let thesisMarket = repoRoot + "/fixtures/market/snapshot-2026-08-03.yaml"
let goldenDir = repoRoot + "/Tests/EndToEndTests/Golden"
/// `../shared/data` next to the repository (the workspace's history root; CI has it).
let sharedDataRoot = URL(fileURLWithPath: repoRoot).deletingLastPathComponent().appendingPathComponent("shared/data").path
/// Tests that read real price history are enabled when its main folder is present, and reported as skipped otherwise.
let hasSharedData = FileManager.default.fileExists(atPath: sharedDataRoot + "/adjclose_to_2026")

/// Result of one `hedgebook` process.
struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// The `hedgebook` executable built next to the test bundle (`swift build --build-tests` builds it).
func hedgebookExecutable() -> String? {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<3 {
        let candidate = dir.appendingPathComponent("hedgebook").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    return nil
}

/// Runs `hedgebook` with arguments from the repository root; stdout and stderr captured.
func runCLI(_ args: [String], environment: [String: String] = ["OPENBLAS_NUM_THREADS": "1"]) throws -> CLIResult {
    guard let exe = hedgebookExecutable() else {
        throw CLIError("hedgebook executable not found next to \(CommandLine.arguments[0]); run `swift build --build-tests`")
    }
    return try runProcess(exe, args, environment: environment)
}

/// Runs `executable` with `args` from the repository root, the test's environment plus `environment`; stdout and
/// stderr captured.
func runProcess(_ executable: String, _ args: [String], environment: [String: String] = ["OPENBLAS_NUM_THREADS": "1"]) throws -> CLIResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = args
    p.currentDirectoryURL = URL(fileURLWithPath: repoRoot)
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    p.environment = env
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    // Read both pipes before waiting, so a large output cannot dead-lock the child.
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return CLIResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Compares `actual` with the golden file; with `HEDGEBOOK_RECORD=1` in the environment, (re)writes the golden file.
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let path = goldenDir + "/" + name
    if ProcessInfo.processInfo.environment["HEDGEBOOK_RECORD"] == "1" {
        try actual.write(toFile: path, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
        Issue.record("missing golden file \(path); run the tests with HEDGEBOOK_RECORD=1 to create it", sourceLocation: sourceLocation)
        return
    }
    #expect(actual == expected, "output differs from \(name); rerun with HEDGEBOOK_RECORD=1 after checking the change", sourceLocation: sourceLocation)
}

/// Parses JSON text into Foundation objects.
func parseJSON(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8))
}
