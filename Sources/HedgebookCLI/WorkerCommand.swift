import Application
import ArgumentParser
import FileFormats
import Reports

struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run shard jobs: one JSON job per line on standard input, one JSON result per line on standard output.",
        discussion: """
        Jobs come from `hedgebook jobs` (kinds monte-carlo, stress, what-if; format in Documentation/file-formats.md, \
        "Jobs and results"). Every input a job names is checked against its SHA-256 first; a changed file refuses the job. \
        A job that cannot be read, is refused or fails gives a result line with its id and `"status":"error"`; nothing \
        but result lines is written to standard output. Exit status 0 unless standard input cannot be read.
        """)

    @Option(name: .long, help: "Threads for the Monte Carlo chunks of one job (results are identical for any count; 1 under Spark, one task per core).")
    var workers: Int = 1

    func validate() throws {
        if !(1...256).contains(workers) { throw ValidationError("--workers must be in 1…256, got \(workers)") }
    }

    func run() throws {
        let input = LineStream()
        let out = JSONWriter(sink: FileDescriptorSink())
        do {
            while let line = try input.next() {
                if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
                let result: JobResult
                do {
                    result = JobRunner.run(try Job(line: line, number: input.lineNumber), workers: workers)
                } catch {
                    result = JobResult(id: error.id ?? "line \(input.lineNumber)", run: "", kind: error.kind ?? "unknown",
                                       outcome: .failed(error.description))
                }
                JobOutput.result(result, into: out)
                out.byte(0x0A)
                try out.finish()
            }
        } catch let e as CSVError {
            Console.error("\(e.path): \(e.message)")
            throw ExitCode(2)
        } catch {
            Console.error(String(describing: error))
            throw ExitCode(1)
        }
    }
}
