/// A problem reading a CSV file: where (file, 1-based line, 1-based column = field index, and the column's name when
/// known) and a sentence saying what was found and what was expected.
///
/// `description` reads `prices.csv:14: column 3 (NVDA): 'abc' is not a number (expected …)`; the line is left out
/// when the problem is not on a line (a missing file), the column when it is not in one field.
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case fileNotFound
        /// The file exists but could not be read (a directory, no permission, an I/O error).
        case unreadable
        /// A byte sequence that is not UTF-8.
        case notUTF8
        /// A quoted field without its closing quote.
        case unclosedQuote
        /// Something other than a comma or the end of the line after a closing quote.
        case textAfterQuote
        /// A row with the wrong number of fields.
        case fieldCount
        /// A field that should be a number and is not.
        case notANumber
        /// No rows where some were expected.
        case empty
        /// Any other field whose content is not what the format expects.
        case invalidValue
    }

    public var kind: Kind
    public var path: String
    /// 1-based line; 0 when the problem is not on a line.
    public var line: Int
    /// 1-based field index; 0 when the problem is not in one field.
    public var column: Int
    public var columnName: String?
    /// What was found and what was expected, as a sentence fragment without the location.
    public var message: String

    public init(_ kind: Kind, path: String, line: Int = 0, column: Int = 0, columnName: String? = nil, message: String) {
        self.kind = kind
        self.path = path
        self.line = line
        self.column = column
        self.columnName = columnName
        self.message = message
    }

    /// The location prefix and the message: `file:line: column c (name): message`.
    public var description: String {
        var s = path
        if line > 0 { s += ":\(line)" }
        s += ": "
        if column > 0 {
            s += "column \(column)"
            if let n = columnName, !n.isEmpty { s += " (\(n))" }
            s += ": "
        }
        return s + message
    }
}
