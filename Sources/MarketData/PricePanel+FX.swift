import Basics

extension PricePanel {
    /// Prices converted to `base` currency: each ticker whose currency differs is multiplied by `fx[currency]` on the
    /// same date (units of base per one unit of that currency). FX series are aligned to the panel by date with
    /// forward fill from the last FX fixing on or before the date; a date before the first fixing throws.
    public func converted(to base: Currency, fx: [Currency: PriceSeries]) throws(PriceDataError) -> PricePanel {
        var out = self
        for j in 0..<assetCount where currencies[j] != base {
            guard let s = fx[currencies[j]] else {
                throw .tickerAbsent(ticker: "FX \(currencies[j].code)\(base.code)", source: "FX series",
                                    available: fx.keys.map(\.code).sorted())
            }
            var k = 0
            var lastV: Double? = nil
            for i in 0..<observationCount {
                while k < s.dates.count && s.dates[k] <= dates[i] { if let v = s.values[k] { lastV = v }; k += 1 }
                guard let rate = lastV else {
                    throw .noFXFixing(file: s.file, currency: currencies[j].code, date: dates[i])
                }
                out.prices[i, j] *= rate
            }
            out.currencies[j] = base
        }
        return out
    }
}
