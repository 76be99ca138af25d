import ArgumentParser
import Foundation
import Application
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

/// Warnings collected during a command and shown once, deduplicated, at the end (not with `--quiet`).
final class WarningLog: @unchecked Sendable {
    static let shared = WarningLog()
    private let lock = NSLock()
    private var items: [String] = []

    func add(_ message: String) {
        lock.lock()
        if !items.contains(message) { items.append(message) }
        lock.unlock()
    }

    /// Prints every collected warning to stderr once and clears the log.
    func flush(quiet: Bool) {
        lock.lock()
        let all = items
        items = []
        lock.unlock()
        guard !quiet else { return }
        for w in all { Console.stderr("warning: " + w + "\n") }
    }
}

/// Where messages go: results to stdout (or `--output`), diagnostics to stderr.
enum Console {
    static func error(_ message: String) { stderr("error: " + message + "\n") }
    /// Writes to stderr, ignoring failures (nothing else can be told).
    static func stderr(_ text: String) { try? FileHandle.standardError.write(contentsOf: Data(text.utf8)) }
    /// Collects a warning; `runReportingErrors` shows all of them once, after the result.
    static func warning(_ message: String) {
        WarningLog.shared.add(message)
    }
    static func info(_ message: String) { stderr(message + "\n") }
}

/// Emits a command's result: to stdout, or atomically to `--output` (a newline is added when missing).
func emit(_ text: String, options: GlobalOptions) throws {
    try emitStream(options: options) { w in
        w.rawText(text)
        if !text.hasSuffix("\n") { w.byte(0x0A) }
    }
}

/// Emits a JSON value followed by a newline (the same bytes as `emit(value.serialized(), …)`, without the String).
func emitJSON(_ value: JSONValue, options: GlobalOptions) throws {
    try emitStream(options: options) { w in
        w.value(value)
        w.byte(0x0A)
    }
}

/// Emits a result written by `body` into a streaming ``JSONWriter``: stdout, or atomically `--output`, in chunks of
/// 1 MiB, so a large output is never held whole. A failed write is a sentence (a closed pipe, a full disk); with
/// `--output` the previous file stays intact.
func emitStream(options: GlobalOptions, _ body: (JSONWriter) throws -> Void) throws {
    if let path = options.output {
        try AtomicFile.stream(to: path) { sink in
            let w = JSONWriter(sink: sink)
            try body(w)
            try w.finish()
        }
        if !options.quiet { Console.info("wrote \(path)") }
    } else {
        do {
            let w = JSONWriter(sink: FileDescriptorSink())
            try body(w)
            try w.finish()
        } catch let e as OutputWriteError {
            throw CleanWriteError(description: e.description)
        }
    }
}

/// Standard output could not be written (a closed pipe, a full disk).
struct CleanWriteError: Error, CustomStringConvertible { let description: String }

/// Runs a command body, turning any thrown error into a clear message on stderr and exit code 1
/// (ArgumentParser's own validation errors keep their exit codes).
func runReportingErrors(quiet: Bool = false, _ body: () throws -> Void) throws {
    defer { WarningLog.shared.flush(quiet: quiet) }
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

/// The inputs every book command takes: a workspace (default `./hedgebook.yaml` when present) and overrides.
struct WorkspaceOptions: ParsableArguments {
    @Argument(help: "Book YAML file (default: the workspace's book).") var book: String?
    @Option(name: .long, help: "Workspace file (default: ./hedgebook.yaml when present).") var workspace: String?
    @Option(name: .long, help: "Market snapshot YAML file (default: the workspace's).") var market: String?
    @Flag(name: .customLong("no-history"), help: "Ignore the workspace's price history for this run (sections that need it are skipped or use their stated fallbacks).")
    var noHistory = false
    @Flag(name: .customLong("allow-stale"), help: "Run even when quotes are older than the workspace's policies.marketData.refuseQuoteAgeDays (they are still warned about).")
    var allowStale = false

    /// Opens the session: the workspace with this run's overrides; says on stderr which inputs were used (--verbose).
    func session(scenarios: [String]? = nil, history: [String]? = nil, verbose: Bool = false) throws -> Session {
        if noHistory && history != nil { throw ValidationError("--no-history cannot be combined with a price history path") }
        let s = try Session(workspace: workspace,
                            overrides: InputOverrides(book: book, market: market, scenarios: scenarios, history: noHistory ? [] : history,
                                                      allowStale: allowStale))
        if verbose {
            for line in s.inputSummary { Console.info("input " + line) }
            for a in s.quoteAges {
                Console.info("quote \(a.id): close \(a.asOf)\(a.stated ? "" : " (snapshot date)"), \(a.tradingDays) trading days old\(a.stale ? " STALE" : "")\(a.assumed ? " (assumed)" : "")")
            }
        }
        for n in s.notes { Console.warning(n) }
        return s
    }
}

extension ExposureGrouping: ExpressibleByArgument {}
extension StressBy: ExpressibleByArgument {}
