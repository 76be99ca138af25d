import Basics
import MarketData

extension PricePanelFile {
    /// Reads one per-ticker file: a `Date` column and the price `column` (default `Adj Close`, falling back to `Close`
    /// when the file has no `Adj Close`; any case), as in Yahoo `Date,Open,High,Low,Close,Adj Close,Volume`,
    /// `Date,Close` and BaoStock `date,code,…,close,…` files. Currency inferred from the ticker unless given.
    public static func loadSeries(file: String, ticker: String, column: String = "Adj Close",
                                  currency: Currency? = nil) throws(PriceDataError) -> PriceSeries {
        var reader = try PriceCSV.open(file)
        guard let header = try PriceCSV.next(&reader) else { throw .empty(file: file) }
        var pending = try PriceCSV.next(&reader)
        guard pending != nil else { throw .empty(file: file) }
        let names = header.strings
        let cols = try PriceFileRules.seriesColumns(header: names, column: column, ticker: ticker, file: file)
        var dates: [LocalDate] = []
        var values: [Double?] = []
        var lines: [Int] = []
        func add(_ row: CSVRow) throws(PriceDataError) {
            guard row.count == names.count else {
                throw .raggedRow(file: file, line: row.line, expected: names.count, found: row.count)
            }
            let d = try PriceCSV.date(row, cols.date)
            try PriceFileRules.checkOrder(d, after: dates.last, file: file, line: row.line)
            dates.append(d)
            lines.append(row.line)
            let v = try PriceCSV.price(row, cols.price, column: cols.name)
            values.append(v.isNaN ? nil : v)
        }
        while pending != nil {
            try add(pending!)
            pending = nil
            pending = try PriceCSV.next(&reader)
        }
        return PriceSeries(ticker: ticker, dates: dates, values: values, file: file, lines: lines,
                           currency: currency ?? PriceAlignment.inferCurrency(ticker))
    }
}
