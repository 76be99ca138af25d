import Foundation
import Testing

/// `hedgebook hedge` as a user runs it: bad input is one sentence and exit 1; the answer is the same bytes on every
/// run; the exported LP is refused over an existing file without --force.
@Suite struct HedgeCLITests {
    let base = ["hedge", "--no-history", "--paths", "300", "--frontier", "1", "2"]

    @Test func badInputExitsWithASentence() throws {
        let zero = try runCLI(base + ["--budget", "0"])
        #expect(zero.status == 1)
        #expect(zero.stderr.contains("error: premium budget 0.0% of NAV: expected a budget above 0"))
        let quote = try runCLI(base + ["--budget", "1", "--underlyings", "SPY", "QQQ"])
        #expect(quote.status == 1)
        #expect(quote.stderr.contains("error: candidate underlying 'QQQ' has no quote in the market snapshot"))
        let infeasible = try runCLI(base + ["--max-cvar", "0.01", "--max-notional", "0.01"])
        #expect(infeasible.status == 1)
        #expect(infeasible.stderr.contains("error: infeasible: constraint cvar-limit (CVaR ≤ 0.01% of NAV) cannot hold within the per-candidate caps"))
        let two = try runCLI(base + ["--budget", "1", "--max-cvar", "2"])
        #expect(two.status != 0 && two.stderr.contains("give exactly one of --budget, --max-cvar, --max-loss"))
    }

    @Test func sameBytesEveryRunAndExportRefusesToOverwrite() throws {
        let a = try runCLI(base + ["--budget", "2", "--replace", "MU-P-2027-01", "--format", "json"])
        let b = try runCLI(base + ["--budget", "2", "--replace", "MU-P-2027-01", "--format", "json"])
        #expect(a.status == 0 && a.stdout == b.stdout && a.stdout.contains("\"formulation\""))
        let mps = FileManager.default.temporaryDirectory.appendingPathComponent("hb-hedge-\(UUID().uuidString).mps").path
        try "keep me\n".write(toFile: mps, atomically: true, encoding: .utf8)
        let refused = try runCLI(base + ["--budget", "2", "--export-lp", mps])
        #expect(refused.status != 0 && refused.stderr.contains("the file exists; give --force to replace it"))
        #expect(try String(contentsOfFile: mps, encoding: .utf8) == "keep me\n")
        let forced = try runCLI(base + ["--budget", "2", "--export-lp", mps, "--force", "--format", "csv"])
        #expect(forced.status == 0)
        #expect(try String(contentsOfFile: mps, encoding: .utf8).hasPrefix("NAME HEDGE\nROWS\n N obj\n"))
        try? FileManager.default.removeItem(atPath: mps)
    }
}
