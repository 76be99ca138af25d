import Basics
import ArgumentParser
import FileFormats
import Foundation
import LinearAlgebra
import MarketData
import Reports
import Risk

struct NearestCorrelationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nearest-correlation",
        abstract: "Nearest correlation matrix (Higham 2002, alternating projections with Dykstra's correction).",
        discussion: """
        Input: a CSV square matrix, optionally with a header row of names and a first column of names. \
        Output: the nearest (Frobenius norm) symmetric positive semidefinite matrix with unit diagonal, the distance \
        ‖A − X‖_F, and the eigenvalues before and after (those that changed are listed).
        """)

    @Option(name: .long, help: "CSV file with a symmetric matrix.") var input: String
    @Option(name: .long, parsing: .unconditional, help: "Convergence tolerance on relative Frobenius changes.") var tolerance: Double = 1e-12
    @Option(name: .long, parsing: .unconditional, help: "Maximum iterations.") var maxIterations: Int = 10_000
    @Option(name: .long, help: "Floor for the eigenvalues of the result (0 = PSD; > 0 for a Cholesky-able result).")
    var minEigenvalue: Double = 0
    @Option(name: .long, help: "table | json | csv") var format: OutputFormat = .table
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard tolerance.isFinite, tolerance > 0, tolerance < 1 else { throw ValidationError("--tolerance must be in (0, 1), got \(tolerance)") }
        guard (1...1_000_000).contains(maxIterations) else { throw ValidationError("--max-iterations must be in 1…1,000,000, got \(maxIterations)") }
        guard minEigenvalue.isFinite, minEigenvalue >= 0, minEigenvalue < 1 else { throw ValidationError("--min-eigenvalue must be in [0, 1), got \(minEigenvalue)") }
    }

    func run() throws {
        try runReportingErrors(quiet: global.quiet) {
            let (names, a) = try MatrixCSVFile.read(path: input)
            let res = try NearestCorrelation.compute(a, tolerance: tolerance, maxIterations: maxIterations,
                                                     minEigenvalue: minEigenvalue)
            if !res.converged { Console.warning("did not converge in \(res.iterations) iterations; result is the last iterate") }
            let text: String
            switch format {
            case .json:
                text = JSONValue.object([
                    ("assets", .strings(names)),
                    ("matrix", .array(res.matrix.rowArrays.map { .numbers($0) })),
                    ("frobeniusDistance", .number(res.frobeniusDistance)),
                    ("iterations", .number(Double(res.iterations))),
                    ("converged", .bool(res.converged)),
                    ("inputEigenvalues", .numbers(res.inputEigenvalues)),
                    ("outputEigenvalues", .numbers(res.outputEigenvalues)),
                    ("changedEigenvalues", .array(res.changedEigenvalues.map {
                        .object([("index", .number(Double($0.index))), ("before", .number($0.before)), ("after", .number($0.after))])
                    })),
                    ("method", "Higham (2002) alternating projections with Dykstra's correction, W = I; eigenvalues by LAPACK dsyevd"),
                ]).serialized()
            case .csv:
                text = CSV.render(headers: [""] + names,
                                  rows: res.matrix.rowArrays.enumerated().map { [names[$0.offset]] + $0.element.map(CSV.number) })
            case .table:
                var t = TextTable(title: "Nearest correlation matrix (Higham 2002)", headers: [""] + names)
                for (i, row) in res.matrix.rowArrays.enumerated() { t.add([names[i]] + row.map { fmt($0, 6) }) }
                var e = TextTable(title: "Eigenvalues (ascending)", headers: ["#", "input", "output", "changed"])
                for k in 0..<res.inputEigenvalues.count {
                    let ch = res.changedEigenvalues.contains { $0.index == k }
                    e.add(["\(k + 1)", fmt(res.inputEigenvalues[k], 8), fmt(res.outputEigenvalues[k], 8), ch ? "yes" : ""])
                }
                text = t.render() + "\nFrobenius distance ‖A − X‖_F = \(fmt(res.frobeniusDistance, 10)) after \(res.iterations) iterations\n\n" + e.render()
            }
            try emit(text, options: global)
        }
    }
}
