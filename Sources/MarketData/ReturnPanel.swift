import LinearAlgebra
import Basics

public enum ReturnKind: String, Sendable, CaseIterable {
    /// r_t = P_t / P_{t−1} − 1.
    case simple
    /// r_t = ln(P_t / P_{t−1}).
    case log
}

/// Daily returns: T × N, column-major (asset j contiguous); `dates[t]` is the end date of return t.
public struct ReturnPanel: Sendable, Equatable {
    public var dates: [LocalDate]
    public var tickers: [String]
    public var values: Matrix
    public var kind: ReturnKind
    public init(dates: [LocalDate], tickers: [String], values: Matrix, kind: ReturnKind) {
        precondition(values.rows == dates.count && values.cols == tickers.count, "ReturnPanel: shape mismatch")
        self.dates = dates
        self.tickers = tickers
        self.values = values
        self.kind = kind
    }
    public var observationCount: Int { dates.count }
    public var assetCount: Int { tickers.count }

    /// The columns for `subset` tickers, in that order.
    public func selecting(_ subset: [String]) throws(PriceDataError) -> ReturnPanel {
        var idx: [Int] = []
        for t in subset {
            guard let i = tickers.firstIndex(of: t) else { throw .tickerAbsent(ticker: t, source: "return panel", available: tickers) }
            idx.append(i)
        }
        var s: [Double] = []
        s.reserveCapacity(idx.count * values.rows)
        for i in idx { s.append(contentsOf: values.storage[(i * values.rows)..<((i + 1) * values.rows)]) }
        return ReturnPanel(dates: dates, tickers: subset, values: Matrix(rows: values.rows, cols: idx.count, columnMajor: s), kind: kind)
    }
}
