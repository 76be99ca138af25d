import Basics
import Application
import ArgumentParser
import FileFormats
import MarketData
import Reports

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate books, market snapshots, scenario and vol-surface files, and cross-check them.",
        discussion: """
        Folders are searched for *.yaml files. Every problem is reported (file:line: key path: what was expected), \
        not just the first. Exit code 1 when anything is wrong; warnings (stale hedges, date mismatches) do not fail.
        """)

    @Argument(help: "Files or folders to check (default: the workspace's book, market snapshot and scenarios).") var paths: [String] = []
    @Option(name: .long, help: "Workspace file (default: ./hedgebook.yaml when present).") var workspace: String?
    @Option(name: .long, help: "table | json") var format: OutputFormat = .table
    @Flag(name: .customLong("allow-stale"), help: "Quotes older than the workspace's policies.marketData.refuseQuoteAgeDays are warnings, not errors.")
    var allowStale = false
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if format == .csv { throw ValidationError("--format csv is not supported by check; use table or json") }
    }

    func run() throws {
        var paths = self.paths
        if paths.isEmpty {
            do {
                let w = try Session.locateWorkspace(workspace)
                paths = [w.book, w.market].compactMap { $0 } + w.scenarios + w.volSurfaceFiles.map(\.path)
                    + [w.volSurfaceFolder].compactMap { $0 }
            } catch {
                Console.error(String(describing: error))
                throw ExitCode(1)
            }
            if paths.isEmpty {
                Console.error("nothing to check: give files or folders, or run where a workspace (hedgebook.yaml) names them")
                throw ExitCode(1)
            }
        }
        // Quote-age limits from the workspace when there is one (else the defaults: STALE above 5 trading days).
        let freshness = (try? Session.locateWorkspace(workspace))?.policies.freshness ?? FreshnessPolicy()
        let r = CrossCheck.run(paths: paths, freshness: freshness, allowStale: allowStale)
        if r.filesChecked.isEmpty {
            Console.error("no Hedgebook files (*.yaml) found in \(paths.joined(separator: ", ")); nothing was checked")
            throw ExitCode(1)
        }
        if format == .json {
            let v: JSONValue = .object([
                ("ok", .bool(r.errors.isEmpty)),
                ("files", .strings(r.filesChecked)),
                ("books", .number(Double(r.books.count))), ("markets", .number(Double(r.markets.count))),
                ("scenarios", .number(Double(r.scenarios.count))), ("volSurfaces", .number(Double(r.volSurfaces.count))),
                ("errors", .strings(r.errors.map(\.description))),
                ("warnings", .strings(r.warnings.map(\.description))),
            ])
            try emitJSON(v, options: global)
        } else {
            for e in r.errors { Console.error(e.description) }
            for w in r.warnings { Console.warning(w.description) }
            WarningLog.shared.flush(quiet: global.quiet)
            if !global.quiet {
                var text = "checked \(r.filesChecked.count) files: \(r.books.count) books, \(r.markets.count) market snapshots, \(r.scenarios.count) scenarios\(r.volSurfaces.isEmpty ? "" : ", \(r.volSurfaces.count) vol surfaces"); \(r.errors.count) errors, \(r.warnings.count) warnings"
                // On the workspace: each limit's utilisation (VaR from the workspace's history when present).
                if self.paths.isEmpty, r.errors.isEmpty, let session = try? Session(workspace: workspace, overrides: InputOverrides(allowStale: true)) {
                    let limits = session.limitStatus()
                    if !limits.isEmpty { text += "\n\n" + LimitsOutput.table(limits) }
                }
                try emit(text, options: global)
            }
        }
        if !r.errors.isEmpty { throw ExitCode(1) }
    }
}
