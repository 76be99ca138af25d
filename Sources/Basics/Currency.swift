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
