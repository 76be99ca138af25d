import Foundation
import Testing

/// Under an address-space limit (`ulimit -v`) too small for OpenBLAS's 128 MiB per-thread work buffer, OpenBLAS retries
/// the refused allocation forever (issue 12: 100% CPU, no exit). The command must stop at once with a sentence.
@Suite struct AddressSpaceCLITests {
    /// Runs `hedgebook ARGS` under `ulimit -v KiB` through /bin/sh, killed after `seconds` if it has not exited.
    static func runLimited(kib: Int, _ args: [String], seconds: Int = 60) throws -> CLIResult {
        guard let exe = hedgebookExecutable() else { throw CLIError("hedgebook executable not found") }
        let quoted = ([exe] + args).map { "'" + $0 + "'" }.joined(separator: " ")
        return try runCLIShell("ulimit -v \(kib); exec timeout -s KILL \(seconds) \(quoted)")
    }

    @Test func aLimitTooSmallForOpenBLASIsAnErrorNotAHang() throws {
        for args in [["check"], ["risk", "--prices", "Tests/RiskTests/Golden/synthetic_panel.csv",
                                 "--weights", "Tests/RiskTests/Golden/synthetic_weights.csv", "--paths", "1000"]] {
            let r = try Self.runLimited(kib: 300_000, args)
            #expect(r.status == 1, "\(args): exit \(r.status) (137 = killed after hanging); stderr: \(r.stderr)")
            #expect(r.stderr.contains("address-space limit (ulimit -v 300000 KiB)"), "\(r.stderr)")
            #expect(r.stderr.contains("OpenBLAS"), "\(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
    }

    @Test func aSufficientLimitRunsNormally() throws {
        let r = try Self.runLimited(kib: 4_000_000, ["risk", "--prices", "Tests/RiskTests/Golden/synthetic_panel.csv",
                                                     "--weights", "Tests/RiskTests/Golden/synthetic_weights.csv",
                                                     "--paths", "1000", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"var\""), "\(r.stdout.prefix(300))")
    }
}

/// Runs a /bin/sh command line from the repository root with OPENBLAS_NUM_THREADS=1; stdout and stderr captured.
func runCLIShell(_ command: String) throws -> CLIResult { try runProcess("/bin/sh", ["-c", command]) }
