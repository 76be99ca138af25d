/// An ISO 4217 currency code such as `USD`, `HKD`, `CNY`, `KRW`.
public struct Currency: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let code: String
    public init(_ code: String) { self.code = code.uppercased() }
    public var description: String { code }
    public static func < (a: Currency, b: Currency) -> Bool { a.code < b.code }
    public static let usd = Currency("USD")

    /// True for three ASCII letters.
    public var isWellFormed: Bool { code.count == 3 && code.allSatisfy { $0.isASCII && $0.isLetter } }

    public init(from decoder: Decoder) throws { self.init(try decoder.singleValueContainer().decode(String.self)) }
    public func encode(to encoder: Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(code) }
}

/// An amount of money in one currency. Adding amounts in different currencies is a programming error
/// (convert first with an FX rate).
public struct Money: Hashable, Sendable, CustomStringConvertible {
    public let amount: Double
    public let currency: Currency
    public init(_ amount: Double, _ currency: Currency) {
        self.amount = amount
        self.currency = currency
    }
    public var description: String { "\(amount) \(currency)" }

    public static func + (a: Money, b: Money) -> Money {
        precondition(a.currency == b.currency, "cannot add amounts in \(a.currency) and \(b.currency)")
        return Money(a.amount + b.amount, a.currency)
    }
    public static func - (a: Money, b: Money) -> Money {
        precondition(a.currency == b.currency, "cannot subtract amounts in \(a.currency) and \(b.currency)")
        return Money(a.amount - b.amount, a.currency)
    }
    public static func * (s: Double, m: Money) -> Money { Money(s * m.amount, m.currency) }
    public static prefix func - (m: Money) -> Money { Money(-m.amount, m.currency) }
}

/// Conventions used in every output. Each report repeats the ones it relies on.
public enum Conventions {
    public static let tradingDaysPerYear = 252.0
    public static let dayCount = "ACT/365F"
    public static let signNote = "P&L positive = gain; VaR/ES reported as positive losses"
}
