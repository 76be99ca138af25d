import Basics

extension PriceAlignment {
    /// Currency from a Yahoo-style suffix; USD when there is none.
    public static func inferCurrency(_ ticker: String) -> Currency {
        let t = ticker.uppercased()
        if t.hasSuffix(".HK") { return Currency("HKD") }
        if t.hasSuffix(".KS") || t.hasSuffix(".KQ") { return Currency("KRW") }
        if t.hasSuffix(".SZ") || t.hasSuffix(".SS") || t.hasSuffix(".SH") { return Currency("CNY") }
        if t.hasSuffix(".T") { return Currency("JPY") }
        if t.hasSuffix(".TW") { return Currency("TWD") }
        if t.hasSuffix(".AS") { return Currency("EUR") }
        return .usd
    }
}
