#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a ``CSVReader`` splits and cleans rows.
public struct CSVOptions: Sendable, Equatable {
    /// The field separator: an ASCII byte other than `"`, `\r`, `\n`, space, tab, a letter, a digit, `.`, `+`, `-`.
    public var delimiter: UInt8
    /// Trim spaces and tabs around unquoted fields and around the quotes of quoted ones (never inside quotes).
    public var trimsWhitespace: Bool
    /// Skip lines that are empty or hold only spaces and tabs (otherwise such a line is a row of one empty field).
    public var skipsBlankLines: Bool
    /// Skip lines whose first byte other than a space or tab is this one (`#` for the price and weights files).
    public var commentPrefix: UInt8?

    public init(delimiter: UInt8 = UInt8(ascii: ","), trimsWhitespace: Bool = true, skipsBlankLines: Bool = true,
                commentPrefix: UInt8? = nil) {
        // Not a byte a number can contain either: number parsing relies on the byte after a field not continuing it.
        precondition(delimiter < 0x80 && ![0x22, 0x0A, 0x0D, 0x20, 0x09, 0x2B, 0x2D, 0x2E].contains(delimiter)
                     && !(0x30...0x39).contains(delimiter) && !(0x41...0x5A).contains(delimiter)
                     && !(0x61...0x7A).contains(delimiter), "CSVOptions: bad delimiter")
        self.delimiter = delimiter
        self.trimsWhitespace = trimsWhitespace
        self.skipsBlankLines = skipsBlankLines
        self.commentPrefix = commentPrefix
    }

    /// RFC 4180 with trimming and blank lines skipped.
    public static let standard = CSVOptions()
    /// ``standard`` plus `#` comment lines: the layout of Hedgebook's price, weights, schedule and matrix files.
    public static let commented = CSVOptions(commentPrefix: UInt8(ascii: "#"))
}

/// A byte-level CSV reader over a whole file read into memory at once.
///
/// Handles a UTF-8 byte order mark, `\n`, `\r\n` (and lone `\r`) line ends, RFC 4180 quoted fields (`""` inside quotes
/// is one `"`; commas and line breaks inside quotes are data), a last line with or without a line end, and empty
/// fields. The file must be UTF-8. Every row knows its 1-based line (and every field its own line, for fields after a
/// quoted line break); fields are 1-based columns in errors.
///
/// ```swift
/// var reader = try CSVReader(path: "prices.csv", options: .commented)
/// while let row = try reader.next() {
///     let date = row.string(at: 0)
///     let close = try row.number(at: 1, name: "Close")   // parsed from the bytes, no String made
/// }
/// ```
///
/// Fields are decoded on demand from the row: ``CSVRow/string(at:)``, ``CSVRow/double(at:)`` (the exact result of
/// `Double(String)`, through a fast path without a String for plain decimals) and ``CSVRow/number(at:name:)``.
public struct CSVReader {
    public let path: String
    public let options: CSVOptions
    let bytes: FileBytes
    /// Offset of the next unread byte.
    var position: Int
    /// 1-based line of `position`.
    var line = 1
    var storage = CSVRowStorage()

    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let quote: UInt8 = 0x22
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09

    /// Reads the whole file. Throws ``CSVError`` (`fileNotFound`, `unreadable`, `notUTF8`).
    public init(path: String, options: CSVOptions = .standard) throws(CSVError) {
        try self.init(bytes: FileBytes.read(path: path), path: path, options: options)
    }

    /// A reader over a copy of `data`, named `path` in errors.
    public init(data: some Collection<UInt8>, path: String = "<data>", options: CSVOptions = .standard) throws(CSVError) {
        try self.init(bytes: FileBytes(copying: data), path: path, options: options)
    }

    /// A reader over `text`, named `path` in errors.
    public init(text: String, path: String = "<text>", options: CSVOptions = .standard) throws(CSVError) {
        try self.init(data: Array(text.utf8), path: path, options: options)
    }

    init(bytes: FileBytes, path: String, options: CSVOptions) throws(CSVError) {
        self.bytes = bytes
        self.path = path
        self.options = options
        let b = bytes.base
        position = bytes.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0
        if let bad = bytes.firstInvalidUTF8(from: position) {
            throw CSVError(.notUTF8, path: path, line: Self.lineBreaks(b, from: 0, to: bad) + 1,
                           message: "byte 0x\(String(b[bad], radix: 16, uppercase: true)) is not UTF-8 (expected UTF-8 text)")
        }
    }

    /// Size of the file in bytes.
    public var byteCount: Int { bytes.count }

    /// The rows left when lines end in `\n` or `\r\n` and there are no blank, comment or multi-line rows (the lines
    /// left); for sizing buffers, not a count.
    public var remainingRowEstimate: Int {
        var rows = 0
        var p = UnsafeRawPointer(bytes.base + position)
        let end = UnsafeRawPointer(bytes.base + bytes.count)
        while p < end, let hit = memchr(p, Int32(Self.lf), end - p) {
            rows += 1
            p = UnsafeRawPointer(hit) + 1
        }
        return p < end ? rows + 1 : rows
    }

    /// The next row, or nil at the end of the file. Throws ``CSVError`` for an unclosed quote or text after a closing
    /// quote.
    public mutating func next() throws(CSVError) -> CSVRow? {
        let b = bytes.base
        let n = bytes.count
        // Blank and comment lines.
        while position < n {
            var p = position
            while b[p] == Self.space || b[p] == Self.tab { p += 1 }
            let c = b[p]
            if options.skipsBlankLines, c == Self.lf || c == Self.cr {
                position = endLine(at: p)
                continue
            }
            if let comment = options.commentPrefix, c == comment {
                while b[p] != Self.lf && b[p] != Self.cr { p += 1 }
                position = endLine(at: p)
                continue
            }
            break
        }
        guard position < n else { return nil }
        // Reuse the field buffer unless a row still holds it.
        if !isKnownUniquelyReferenced(&storage) { storage = CSVRowStorage(capacity: storage.count) }
        let fields = storage
        fields.removeAll()
        let rowStart = position
        let rowLine = line
        let delimiter = options.delimiter
        let trims = options.trimsWhitespace
        // Eight copies of the delimiter, `\n` and `\r`, to find the first of them in eight bytes at once.
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let dMask = UInt64(delimiter) &* ones
        let lfMask = UInt64(Self.lf) &* ones
        let crMask = UInt64(Self.cr) &* ones
        var p = position
        while true {
            if trims { while b[p] == Self.space || b[p] == Self.tab { p += 1 } }
            if b[p] == Self.quote {
                let fieldLine = line
                p += 1
                let start = p
                var escaped = false
                while true {
                    while p < n && b[p] != Self.quote {
                        if b[p] == Self.lf || (b[p] == Self.cr && b[p + 1] != Self.lf) { line += 1 }
                        p += 1
                    }
                    guard p < n else {
                        throw CSVError(.unclosedQuote, path: path, line: fieldLine, column: fields.count + 1,
                                       message: "the quoted field opened here is never closed (expected a closing \")")
                    }
                    if p + 1 < n && b[p + 1] == Self.quote {
                        escaped = true
                        p += 2
                        continue
                    }
                    break
                }
                let end = p
                p += 1
                if trims { while b[p] == Self.space || b[p] == Self.tab { p += 1 } }
                fields.append(CSVRowStorage.Field(start: start, end: end, quoted: true, escaped: escaped))
                let c = b[p]
                if c == delimiter { p += 1; continue }
                if c == Self.lf || c == Self.cr { break }
                throw CSVError(.textAfterQuote, path: path, line: line, column: fields.count,
                               message: "unexpected '\(Self.character(b, at: p))' after the closing quote (expected a comma or the end of the line)")
            } else {
                let start = p
                // The first delimiter, `\n` or `\r` (the sentinel `\n` at `n` ends the scan; the padding after it makes
                // the eight-byte loads safe).
                while true {
                    let w = UnsafeRawPointer(b + p).loadUnaligned(as: UInt64.self).littleEndian
                    let xd = w ^ dMask, xl = w ^ lfMask, xc = w ^ crMask
                    let hit = ((xd &- ones) & ~xd | (xl &- ones) & ~xl | (xc &- ones) & ~xc) & highs
                    if hit != 0 {
                        p += hit.trailingZeroBitCount >> 3
                        break
                    }
                    p += 8
                }
                var end = p
                if trims { while end > start && (b[end - 1] == Self.space || b[end - 1] == Self.tab) { end -= 1 } }
                fields.append(CSVRowStorage.Field(start: start, end: end, quoted: false, escaped: false))
                if b[p] == delimiter { p += 1; continue }
                break
            }
        }
        position = p < n ? endLine(at: p) : n
        return CSVRow(path: path, line: rowLine, start: rowStart, storage: fields, bytes: bytes)
    }

    /// Every remaining row.
    public mutating func readAll() throws(CSVError) -> [CSVRow] {
        var rows: [CSVRow] = []
        while let r = try next() { rows.append(r) }
        return rows
    }

    /// Past the line end at `p` (`\n`, `\r\n` or `\r`), counting the line.
    @inline(__always)
    mutating func endLine(at p: Int) -> Int {
        line += 1
        let b = bytes.base
        return b[p] == Self.cr && p + 1 < bytes.count && b[p + 1] == Self.lf ? p + 2 : p + 1
    }

    /// Line breaks (`\n`, `\r\n`, lone `\r`) in `b[from..<to]`.
    static func lineBreaks(_ b: UnsafeMutablePointer<UInt8>, from: Int, to: Int) -> Int {
        var k = 0
        var i = from
        while i < to {
            if b[i] == lf || (b[i] == cr && b[i + 1] != lf) { k += 1 }
            i += 1
        }
        return k
    }

    /// The character starting at `p`, for messages.
    static func character(_ b: UnsafeMutablePointer<UInt8>, at p: Int) -> String {
        var e = p + 1
        while e < p + 4 && b[e] & 0xC0 == 0x80 { e += 1 }
        return String(decoding: UnsafeBufferPointer(start: b + p, count: e - p), as: UTF8.self)
    }
}
