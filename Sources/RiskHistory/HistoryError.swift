/// A problem with a risk-history database, naming the file and what was expected.
public struct HistoryError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
