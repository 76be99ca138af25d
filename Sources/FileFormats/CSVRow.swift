/// One row of a ``CSVReader``: its fields as byte ranges of the file, decoded on demand. Field indices are 0-based
/// here; errors name them as 1-based columns.
// Sendable: the pointers reach a field buffer the reader does not touch while a row holds it, and immutable bytes.
public struct CSVRow: @unchecked Sendable {
    /// The file, for errors.
    public let path: String
    /// 1-based line on which the row starts.
    public let line: Int
    /// Number of fields.
    public let count: Int
    let start: Int
    /// Keep the field buffer and the file bytes alive; the accessors read through the pointers below.
    let storage: CSVRowStorage
    let bytes: FileBytes
    @usableFromInline let fields: UnsafeMutablePointer<CSVRowStorage.Field>
    @usableFromInline let base: UnsafeMutablePointer<UInt8>

    init(path: String, line: Int, start: Int, storage: CSVRowStorage, bytes: FileBytes) {
        self.path = path
        self.line = line
        self.start = start
        self.storage = storage
        self.bytes = bytes
        count = storage.count
        fields = storage.fields
        base = bytes.base
    }

    @inlinable @inline(__always)
    func field(_ i: Int) -> CSVRowStorage.Field {
        precondition(i >= 0 && i < count, "CSVRow: field index out of range")
        return fields[i]
    }

    /// 1-based line on which field `i` starts (later than ``line`` after a line break inside an earlier quoted field).
    public func line(at i: Int) -> Int {
        line + CSVReader.lineBreaks(base, from: start, to: field(i).start)
    }

    /// True when field `i` is empty (`,,` or `""`).
    @inlinable @inline(__always)
    public func isEmpty(at i: Int) -> Bool {
        let f = field(i)
        return f.start == f.end
    }

    /// True when field `i` was quoted.
    public func isQuoted(at i: Int) -> Bool { field(i).quoted }

    /// Field `i` as text (trimmed and unquoted per the reader's options; `""` inside quotes becomes `"`).
    public func string(at i: Int) -> String {
        let f = field(i)
        let p = base + f.start
        guard f.escaped else { return String(decoding: UnsafeBufferPointer(start: p, count: f.end - f.start), as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(f.end - f.start)
        var k = 0
        while k < f.end - f.start {
            out.append(p[k])
            k += p[k] == CSVReader.quote ? 2 : 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Every field as text.
    public var strings: [String] { (0..<count).map(string(at:)) }

    /// Field `i` as a number: exactly `Double(string(at: i))` (so nil for an empty or non-numeric field; `nan`, `inf`
    /// and hexadecimal are numbers as they are for `Double(String)`), read straight from the bytes for plain decimals.
    @inlinable @inline(__always)
    public func double(at i: Int) -> Double? {
        if let v = plainDouble(at: i) { return v }
        return Double(string(at: i))
    }

    /// Field `i` when it is a plain decimal the fast path reads exactly (`-12.5`, `3`, `1.5e-3`, at most 19
    /// significant digits forming an integer ≤ 2^53, and a small exponent); nil otherwise, which does not mean it is
    /// not a number: use ``double(at:)`` or the text then.
    @inlinable @inline(__always)
    public func plainDouble(at i: Int) -> Double? {
        let f = field(i)
        // Inside quotes or trimmed, the byte after a field is never part of a number (DecimalParsing's precondition).
        guard !f.escaped else { return nil }
        return DecimalParsing.parseFast(base + f.start, f.end - f.start)
    }

    /// Field `i` as a finite number; throws a ``CSVError`` naming the line, column and `name`.
    public func number(at i: Int, name: String? = nil) throws(CSVError) -> Double {
        guard let v = double(at: i), v.isFinite else {
            let text = string(at: i)
            throw error(at: i, name: name, .notANumber,
                        text.isEmpty ? "empty (expected a number)" : "'\(text)' is not a number (expected a decimal such as 101.25 or 1e-4)")
        }
        return v
    }

    /// Throws unless the row has `expected` fields.
    public func requireCount(_ expected: Int) throws(CSVError) {
        guard count == expected else {
            throw CSVError(.fieldCount, path: path, line: line, message: "expected \(expected) comma-separated fields, found \(count)")
        }
    }

    /// An error about field `i` (line and 1-based column filled in).
    public func error(at i: Int, name: String? = nil, _ kind: CSVError.Kind = .invalidValue, _ message: String) -> CSVError {
        CSVError(kind, path: path, line: line(at: i), column: i + 1, columnName: name, message: message)
    }

    /// An error about the whole row.
    public func error(_ kind: CSVError.Kind = .invalidValue, _ message: String) -> CSVError {
        CSVError(kind, path: path, line: line, message: message)
    }
}
