import Basics
import LinearAlgebra
import MarketData

/// The weekly factor returns of the model's window (T weeks × K factors), after orthogonalisation.
public struct FactorReturns: Sendable {
    public var definitions: [FactorDefinition]
    /// The Friday ending each week, ascending.
    public var weeks: [LocalDate]
    /// T × K, column k = factor k.
    public var values: Matrix
    /// Per factor: the OLS coefficients on the factors it is orthogonalised to (name → β), intercept excluded.
    public var orthogonalisation: [[(factor: String, beta: Double)]]
    /// The history file of each factor's ticker.
    public var files: [String]

    public var names: [String] { definitions.map(\.name) }

    public init(definitions: [FactorDefinition], weeks: [LocalDate], values: Matrix,
                orthogonalisation: [[(factor: String, beta: Double)]]? = nil, files: [String]? = nil) {
        self.definitions = definitions; self.weeks = weeks; self.values = values
        self.orthogonalisation = orthogonalisation ?? definitions.map { _ in [] }
        self.files = files ?? definitions.map { _ in "" }
    }

    /// Builds the factors over the last `windowWeeks` weeks common to every factor's series, ending at or before the
    /// week of `asOf` (incomplete weeks excluded, see ``WeeklyReturns``).
    /// - Throws: ``RiskError/missing(_:)`` for a ticker without history, ``RiskError/tooFewObservations(observations:assets:needed:)``
    ///   when fewer than K + 10 common weeks exist, and rank problems of the orthogonalisation.
    public static func build(_ defs: [FactorDefinition], history: any PriceHistorySource, asOf: LocalDate,
                             windowWeeks: Int) throws(RiskError) -> FactorReturns {
        var raw: [[LocalDate: Double]] = []
        var files: [String] = []
        for d in defs {
            let s: PriceSeries?
            do { s = try history.series(d.ticker, field: .adjustedClose) } catch { throw .data(error) }
            guard let s else { throw .missing("factor \(d.name): no price history for \(d.ticker) in \(history.summary)") }
            raw.append(WeeklyReturns.returns(s, transform: d.transform))
            files.append(s.file)
        }
        guard !defs.isEmpty else { throw .invalidParameter("a factor model needs at least one factor") }
        let lastWeek = WeeklyReturns.weekEnd(asOf) == asOf ? asOf : WeeklyReturns.weekEnd(asOf).adding(days: -7)
        var common = Set(raw[0].keys)
        for r in raw.dropFirst() { common.formIntersection(r.keys) }
        let weeks = Array(common.filter { $0 <= lastWeek }.sorted().suffix(windowWeeks))
        let k = defs.count, t = weeks.count
        guard t >= k + 10 else {
            throw .tooFewObservations(observations: t, assets: k, needed: "the factor model needs at least K + 10 common weeks")
        }
        var values = Matrix(rows: t, cols: k)
        var orth: [[(factor: String, beta: Double)]] = []
        for (j, d) in defs.enumerated() {
            for (i, w) in weeks.enumerated() { values[i, j] = raw[j][w]! }
            var coefs: [(factor: String, beta: Double)] = []
            if !d.orthogonalTo.isEmpty {
                var idx: [Int] = []
                for n in d.orthogonalTo {
                    guard let m = defs.firstIndex(where: { $0.name == n }), m < j else {
                        throw .invalidParameter("factor \(d.name): orthogonalTo '\(n)' is not a factor listed before it")
                    }
                    idx.append(m)
                }
                var x = Matrix(rows: t, cols: idx.count + 1, repeating: 1)
                for (c, m) in idx.enumerated() { for i in 0..<t { x[i, c + 1] = values[i, m] } }
                let y = Matrix(rows: t, cols: 1, columnMajor: values.column(j))
                let sol: LeastSquaresSolution
                do { sol = try LAPACK.leastSquares(x, y) } catch { throw .linearAlgebra(error) }
                for (c, m) in idx.enumerated() {
                    let b = sol.coefficients[c + 1, 0]
                    for i in 0..<t { values[i, j] -= b * values[i, m] }
                    coefs.append((defs[m].name, b))
                }
            }
            orth.append(coefs)
        }
        return FactorReturns(definitions: defs, weeks: weeks, values: values, orthogonalisation: orth, files: files)
    }
}
