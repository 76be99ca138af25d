import Application
import ArgumentParser
import Basics
import FileFormats
import Foundation

/// `hedgebook snapshot`: builds the market snapshot of the workspace's book from its price history as of a date.
struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Build the market snapshot YAML from the workspace's price history as of a date.",
        discussion: """
        Quotes the book's instruments (positions, hedge underlyings, benchmarks, the market index): spot = last Close on \
        or before the date (its date is the quote's asOf), realised volatility and beta to the index (daily; weekly for \
        listings in other currencies), trailing dividend yield from dividend files, the risk-free rate from a rate series \
        (IRX), FX from FX files; borrow rates and whatever the data cannot give from the workspace's marketAssumptions \
        (assumed: true). Prints the YAML, or writes --out (never replacing an existing file without --force).
        """)

    @Argument(help: "Book YAML file (default: the workspace's book).") var book: String?
    @Option(name: .long, help: "Workspace file (default: ./hedgebook.yaml when present).") var workspace: String?
    @Option(name: .long, parsing: .upToNextOption, help: "Price history (default: the workspace's): a data root such as ../shared/data, or folders of <TICKER>.csv.")
    var data: [String] = []
    @Option(name: .customLong("as-of"), help: "Snapshot date YYYY-MM-DD (default: the book's valuation date).") var asOf: String?
    @Option(name: .long, help: "Write the snapshot to this file (default: print it).") var out: String?
    @Flag(name: .long, help: "Replace --out when it exists.") var force = false
    @Flag(name: .long, help: "Print nothing but the result and errors.") var quiet = false
    @Flag(name: .long, help: "Print the files read on stderr.") var verbose = false

    func run() throws {
        try runReportingErrors(quiet: quiet) {
            var date: LocalDate?
            if let s = asOf {
                guard let d = LocalDate(iso: s) else { throw ValidationError("--as-of: '\(s)' is not a date YYYY-MM-DD") }
                date = d
            }
            let r = try MarketSnapshotJob.run(workspace: workspace,
                                              overrides: InputOverrides(book: book, history: data.isEmpty ? nil : data), asOf: date)
            if verbose { for f in r.filesRead { Console.info("read \(f)") } }
            for w in r.warnings { Console.warning(w) }
            if let out {
                try MarketSnapshotWriter.write(r.text, to: out, force: force)
                if !quiet { Console.info("wrote \(out) (\(r.built.quotes.count) instruments as of \(r.built.snapshot.asOf))") }
            } else {
                do { try FileHandle.standardOutput.write(contentsOf: Data(r.text.utf8)) } catch {
                    throw CleanWriteError(description: "cannot write the snapshot to standard output: \(error.localizedDescription)")
                }
            }
        }
    }
}
