import Application
import ArgumentParser
import FileFormats
import Pricing
import Reports

/// `hedgebook price --input FILE.json [--format json|table]`: batch pricing of vanilla options for pipelines.
struct PriceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "price",
        abstract: "Price vanilla options (or back out implied volatility) from a JSON array of cases.",
        discussion: """
        Each case: id, kind (call|put), exercise (european|american), spot, strike, timeToExpiry (years, ACT/365F), \
        rate and dividendYield (continuous, fractions per year), and either volatility (fraction) or price. \
        Optional steps for American trees (default \(BinomialTree.defaultSteps), CRR). European: Black-Scholes-Merton. \
        Output: the same array in the same order; each case has id and price, delta, gamma, vega, theta, rho, \
        dividendRho (vega/rho per 1.00, theta per year), or impliedVolatility when a price was given, or error. \
        A bad case gets an error sentence and never stops the others; exit code 1 only when the file cannot be read.
        """)

    @Option(name: .long, help: "JSON file: an array of option cases.") var input: String
    @Option(name: .long, help: "json | table") var format: PriceFormat = .json
    @OptionGroup var global: GlobalOptions

    enum PriceFormat: String, ExpressibleByArgument, CaseIterable { case json, table }

    func run() throws {
        try runReportingErrors(quiet: global.quiet) {
            let rows = BatchPricing.run(try PriceCasesFile.load(path: input))
            let failed = rows.filter { $0.error != nil }.count
            if failed > 0 && !global.quiet { Console.warning("\(failed) of \(rows.count) cases could not be priced (see their error fields)") }
            switch format {
            case .json: try emitStream(options: global) { w in try PriceOutput.writeJSON(rows, to: w); w.byte(0x0A) }
            case .table: try emit(PriceOutput.table(rows), options: global)
            }
        }
    }
}

