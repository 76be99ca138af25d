import Foundation
import Testing

/// The project virtualenv with pyspark (`make spark-deps`; kept outside the clone so fresh clones reuse it).
let sparkVenv = ProcessInfo.processInfo.environment["HEDGEBOOK_SPARK_VENV"]
    ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/hedgebook/venv-spark").path

/// pyspark installed in the virtualenv, and a `java` on PATH.
let sparkAvailable: Bool = {
    let lib = sparkVenv + "/lib"
    let hasPyspark = ((try? FileManager.default.contentsOfDirectory(atPath: lib)) ?? []).contains {
        FileManager.default.fileExists(atPath: "\(lib)/\($0)/site-packages/pyspark")
    }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    let hasJava = path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/java") }
    return hasPyspark && hasJava
}()

/// Spark local mode (issue 20): `tools/spark/test_spark.sh` runs a synthetic 30-asset + 10-option Monte Carlo in 4
/// shards through `RDD.pipe` on local[2] and requires the merged document to equal the single-process one byte for byte
/// and `hedgebook risk`'s VaR/ES bit for bit.
@Suite struct SparkTests {
    @Test(.enabled(if: sparkAvailable, "needs pyspark in \(sparkVenv) (make spark-deps) and Java 17 on PATH"))
    func sparkLocalModeEqualsTheSingleProcessRun() throws {
        guard let exe = hedgebookExecutable() else { throw CLIError("hedgebook executable not found; run `swift build --build-tests`") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: repoRoot + "/tools/spark/test_spark.sh")
        p.arguments = [exe]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(text)")
        #expect(text.contains("PASSED"), "\(text)")
    }
}
