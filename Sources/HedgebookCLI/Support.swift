import ArgumentParser
import Foundation
import Reports

/// Output formats shared by every command.
public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case table, json, csv
}

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .long, help: "Print nothing but results and errors.")
    var quiet = false

    @Flag(name: .long, help: "Print progress details on stderr.")
    var verbose = false

    @Option(name: .long, help: "Write the result to this file (atomically) instead of stdout.")
    var output: String?
}

/// Where messages go: results to stdout (or `--output`), diagnostics to stderr.
enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
    }
    static func warning(_ message: String) {
        FileHandle.standardError.write(Data(("warning: " + message + "\n").utf8))
    }
    static func info(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

/// Emits a command's result: to stdout, or atomically to `--output`.
func emit(_ text: String, options: GlobalOptions) throws {
    var t = text
    if !t.hasSuffix("\n") { t += "\n" }
    if let path = options.output {
        try AtomicFile.write(t, to: path)
        if !options.quiet { Console.info("wrote \(path)") }
    } else {
        FileHandle.standardOutput.write(Data(t.utf8))
    }
}

/// Runs a command body, turning any thrown error into a clear message on stderr and exit code 1
/// (ArgumentParser's own validation errors keep their exit codes).
func runReportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as ExitCode {
        throw e
    } catch let e as CleanExit {
        throw e
    } catch let e as ValidationError {
        throw e
    } catch {
        Console.error(String(describing: error))
        throw ExitCode(1)
    }
}
