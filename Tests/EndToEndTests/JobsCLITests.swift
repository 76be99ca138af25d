import Application
import FileFormats
import Foundation
import Risk
import Testing

/// `hedgebook jobs | worker | merge` (issue 20): shards merged equal one process byte for byte, and equal the ordinary
/// commands (`risk`, `stress`) to the last bit; changed inputs and bad lines are refused as result lines.
@Suite(.serialized) struct JobsCLITests {
    /// Runs `hedgebook` with `input` on standard input (written from another thread, so large outputs cannot block).
    func run(_ args: [String], stdin input: String) throws -> CLIResult {
        guard let exe = hedgebookExecutable() else { throw CLIError("hedgebook executable not found; run `swift build --build-tests`") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: repoRoot)
        var env = ProcessInfo.processInfo.environment
        env["OPENBLAS_NUM_THREADS"] = "1"
        p.environment = env
        let inp = Pipe(), out = Pipe(), err = Pipe()
        p.standardInput = inp
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = Data(input.utf8)
        let writer = Thread {
            try? inp.fileHandleForWriting.write(contentsOf: data)
            try? inp.fileHandleForWriting.close()
        }
        writer.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLIResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// plan → worker → merge; returns the merged document.
    func pipeline(_ plan: [String], workerArgs: [String] = []) throws -> (jobs: String, results: String, merged: String) {
        let jobs = try runCLI(["jobs"] + plan + ["--quiet"])
        #expect(jobs.status == 0, "\(jobs.stderr)")
        let results = try run(["worker"] + workerArgs, stdin: jobs.stdout)
        #expect(results.status == 0, "\(results.stderr)")
        #expect(!results.stdout.contains("\"status\":\"error\""), "\(results.stdout.prefix(2000))")
        let merged = try run(["merge", "--quiet"], stdin: results.stdout)
        #expect(merged.status == 0, "\(merged.stderr)")
        return (jobs.stdout, results.stdout, merged.stdout)
    }

    func measures(_ merged: String) throws -> [Double] {
        let doc = try JSONFields(try JSONNode.parse(merged), context: "merged")
        let runs = try doc.objects("monteCarlo")
        return try runs[0].objects("measures").flatMap { [try $0.number("var"), try $0.number("es")] }
    }

    /// 8 Monte Carlo shards (13 chunks of 16,384 paths split 1-2 chunks each, one worker thread) merged = the whole
    /// run as one job (2 threads) merged, byte for byte; and VaR/ES equal `Session.risk`'s Monte Carlo (the `risk`
    /// command's numbers) bit for bit.
    @Test(.enabled(if: hasSharedData, "needs ../shared/data (the workspace's history root)"))
    func monteCarloEightShardsEqualOneProcessByteForByte() throws {
        let eight = try pipeline(["monte-carlo", "--shards", "8", "--paths", "200000"])
        let one = try pipeline(["monte-carlo", "--shards", "1", "--paths", "200000"], workerArgs: ["--workers", "2"])
        #expect(eight.jobs.split(separator: "\n").count == 8)
        #expect(one.jobs.split(separator: "\n").count == 1)
        #expect(!eight.merged.isEmpty && eight.merged == one.merged)

        let session = try Session(workspace: repoRoot + "/hedgebook.yaml")
        var o = try session.riskOptions()
        o.paths = 200_000
        let direct = try session.risk(o).monteCarlo
        #expect(try measures(eight.merged) == direct.flatMap { [$0.valueAtRisk, $0.expectedShortfall] })
    }

    /// Stress of the bundled book against every scenario in 8 shards = one shard, byte for byte, and every row equals
    /// the `stress` command's total for that scenario (same bits).
    @Test(.enabled(if: hasSharedData, "needs ../shared/data (the workspace's history root)"))
    func stressEightShardsEqualOneProcessAndTheStressCommand() throws {
        let eight = try pipeline(["stress", "--shards", "8"])
        let one = try pipeline(["stress", "--shards", "1"])
        #expect(!eight.merged.isEmpty && eight.merged == one.merged)

        let report = try Session(workspace: repoRoot + "/hedgebook.yaml").stress().report
        let doc = try JSONFields(try JSONNode.parse(eight.merged), context: "merged")
        let rows = try doc.objects("stress")[0].objects("books")[0].objects("rows")
        let expected = report.outcomes.dropFirst()
        #expect(rows.count == expected.count)
        for (r, e) in zip(rows, expected) {
            #expect(try r.string("scenario") == e.scenario.id)
            #expect(try r.number("pnl") == e.total)
        }
    }

    /// A what-if job's result is the `whatif --format json` document (the workspace named by the same absolute path).
    @Test(.enabled(if: hasSharedData, "needs ../shared/data (the workspace's history root)"))
    func whatIfJobIsTheWhatIfDocument() throws {
        let p = try pipeline(["what-if", "--trade", "NVDA +2%"])
        let direct = try runCLI(["whatif", "--workspace", JobPaths.normalized(repoRoot + "/hedgebook.yaml"), "--trade", "NVDA +2%", "--format", "json", "--quiet"])
        #expect(direct.status == 0)
        let merged = try JSONFields(try JSONNode.parse(p.merged), context: "merged")
        let fromJob = try merged.objects("whatIf")[0].object("result")
        let fromCommand = try JSONFields(try JSONNode.parse(direct.stdout), context: "whatif")
        #expect(fromJob.fields.map(\.0) == fromCommand.fields.map(\.0))
        // The result line holds the command's document (same keys, same numbers).
        let line = try parseJSON(String(p.results.split(separator: "\n")[0])) as? NSDictionary
        let command = try parseJSON(direct.stdout) as? NSDictionary
        #expect(line?["result"] as? NSDictionary == command)
    }

    /// A changed input, an unknown kind and a line that is not JSON each give an error result with the job's id (or
    /// its line); the worker still exits 0 and writes nothing else on stdout.
    @Test func refusedAndUnreadableJobsAreResultLines() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hb-jobs-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "version: 1\n".write(toFile: dir + "/ws.yaml", atomically: true, encoding: .utf8)
        let lines = [
            #"{"id":"a","run":"r","kind":"stress","workspace":"\#(dir)/ws.yaml","inputs":[{"path":"\#(dir)/ws.yaml","sha256":"\#(String(repeating: "0", count: 64))"}],"scenarios":[0,1]}"#,
            #"{"id":"b","run":"r","kind":"replay","workspace":"x","inputs":[]}"#,
            "{not json",
        ]
        let r = try run(["worker"], stdin: lines.joined(separator: "\n") + "\n")
        #expect(r.status == 0)
        let out = r.stdout.split(separator: "\n").map(String.init)
        #expect(out.count == 3)
        #expect(out[0].hasPrefix(#"{"id":"a","run":"r","kind":"stress","status":"error","error":"input \#(dir)/ws.yaml: SHA-256 is "#))
        #expect(out[0].contains("the job is refused"))
        #expect(out[1].contains(#""id":"b""#) && out[1].contains("'replay' is not a job kind"))
        #expect(out[2].hasPrefix(#"{"id":"line 3","run":"","kind":"unknown","status":"error","error":"job line 3, column 2: expected a quoted key"}"#))
        // Merge refuses to merge a run with a failed shard and says which.
        let m = try run(["merge"], stdin: r.stdout)
        #expect(m.status == 1 && m.stderr.contains("3 jobs failed (a, b, line 3)"))
    }

    /// A gap or an overlap in the chunks of a run, or tails too short for the run, are errors that say so.
    @Test func missingAndDuplicatedShardsAreRefused() throws {
        let tail = (0..<5).map { "\(Double($0) - 10)" }.joined(separator: ",")
        func line(_ id: String, _ lo: Int, _ hi: Int, _ n: Int) -> String {
            #"{"id":"\#(id)","run":"r","kind":"monte-carlo","status":"ok","paths":40000,"seed":1,"confidences":[0.99],"horizonDays":1,"chunks":[\#(lo),\#(hi)],"inputs":[],"shardPaths":\#(n),"worst":[\#(tail)]}"#
        }
        let gap = try run(["merge"], stdin: line("a", 0, 1, 16_384) + "\n" + line("b", 2, 3, 7_232) + "\n")
        #expect(gap.status == 1 && gap.stderr.contains("run r: chunks 1..<2 are missing"))
        let overlap = try run(["merge"], stdin: [line("a", 0, 2, 32_768), line("b", 1, 3, 23_616)].joined(separator: "\n"))
        #expect(overlap.status == 1 && overlap.stderr.contains("run r: job b overlaps chunks 1..<2"))
        // Complete chunks, but tails cut for another run (5 values where 40,000 paths at 99% need the 401 worst).
        let short = try run(["merge"], stdin: [line("a", 0, 2, 32_768), line("b", 2, 3, 7_232)].joined(separator: "\n"))
        #expect(short.status == 1 && short.stderr.contains("need the 401 worst"), "\(short.stderr)")
    }
}
