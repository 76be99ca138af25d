import Application
import ArgumentParser
import FileFormats
import Reports

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine `hedgebook worker` results exactly: Monte Carlo VaR/ES from merged tails, stress rows ordered.",
        discussion: """
        Reads result lines from the files given (or standard input). Monte Carlo: the shards of a run must tile its \
        chunks; VaR/ES (positive losses, fractions of NAV; NumPy 'linear' quantile) equal the single-process run's to \
        the last bit. Stress: rows by book and scenario index, each scenario exactly once. What-if results by job id. \
        Exit status 1 when a job failed (the document lists it under "failed") or the shards cannot be merged.
        """)

    @Argument(help: "Result files (JSON lines); none or '-' = standard input.") var results: [String] = []
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runReportingErrors(quiet: global.quiet) {
            var all: [JobResult] = []
            for name in results.isEmpty ? ["-"] : results {
                let stream = name == "-" ? LineStream() : try LineStream(path: name)
                while let line = try stream.next() {
                    if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
                    do { all.append(try JobResult(line: line, number: stream.lineNumber)) } catch {
                        throw MergeError("\(stream.name): \(error)")
                    }
                }
            }
            let merged = try JobMerge.merge(all)
            try emitJSON(JobOutput.merged(merged), options: global)
            if !merged.failed.isEmpty {
                throw MergeError("\(merged.failed.count) job\(merged.failed.count == 1 ? "" : "s") failed (\(merged.failed.map(\.id).joined(separator: ", "))); their runs are not merged")
            }
        }
    }
}
