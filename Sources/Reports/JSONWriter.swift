import Basics
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the bytes of an output go: standard output, a file being written atomically, or nowhere (in memory).
public protocol ByteSink: AnyObject {
    /// Writes all of `bytes` or throws an error whose description is a sentence.
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

/// The one JSON writer of every output: bytes appended to a growing buffer (numbers formatted in place by
/// `NumberFormat.writeShortest`, strings escaped byte by byte), handed to a ``ByteSink`` in chunks when one is given
/// (``flushIfFull()`` at the writer's natural boundaries, ``finish()`` at the end), else kept in memory (``text``).
///
/// ``value(_:indent:pretty:)`` writes a ``JSONValue`` tree exactly as ``JSONValue/serialized(pretty:)`` always has
/// (2-space indentation, arrays of scalars on one line); the large outputs (`price`, the risk matrices, the backtest
/// series) write the same layout directly, without building a tree.
public final class JSONWriter {
    // Unchecked exclusivity: the writer is used from one thread, and every access is a plain load or store.
    @exclusivity(unchecked) private var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var capacity: Int
    /// Bytes written and not yet handed to the sink.
    @exclusivity(unchecked) public private(set) var count = 0
    private let sink: ByteSink?
    private let chunk: Int

    /// In memory: everything stays in the buffer (read it with ``bytes`` or ``text``).
    public init(capacity: Int = 1 << 12) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
        sink = nil
        chunk = .max
    }

    /// Streaming: the buffer is handed to `sink` whenever ``flushIfFull()`` finds `chunk` bytes or more, and at
    /// ``finish()``.
    public init(sink: ByteSink, chunk: Int = 1 << 20) {
        self.chunk = max(chunk, 64)
        capacity = self.chunk + (self.chunk >> 2)
        base = .allocate(capacity: capacity)
        self.sink = sink
    }

    deinit { base.deallocate() }

    /// The bytes written so far (in-memory writers: the whole output).
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }
    /// The bytes written so far as text.
    public var text: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }

    // MARK: bytes

    @inline(__always)
    private func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    private func grow(_ needed: Int) {
        var c = capacity
        while c < needed { c *= 2 }
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        p.update(from: base, count: count)
        base.deallocate()
        base = p
        capacity = c
    }

    @inline(__always)
    public func byte(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    /// ASCII or UTF-8 text written as is (keys, punctuation, already-escaped text).
    @inline(__always)
    public func raw(_ s: StaticString) {
        let n = s.utf8CodeUnitCount
        reserve(n)
        (base + count).update(from: s.utf8Start, count: n)
        count += n
    }

    /// Text written as is (a table, a CSV: already in its final form).
    public func rawText(_ s: String) {
        var s = s
        s.withUTF8 { u in
            reserve(u.count)
            if let a = u.baseAddress { (base + count).update(from: a, count: u.count) }
            count += u.count
        }
    }

    /// A newline and `2 × level` spaces.
    @inline(__always)
    public func newline(indent level: Int) {
        reserve(1 + 2 * level)
        base[count] = 0x0A
        (base + count + 1).update(repeating: 0x20, count: 2 * level)
        count += 1 + 2 * level
    }

    /// `2 × level` spaces.
    @inline(__always)
    public func spaces(indent level: Int) {
        reserve(2 * level)
        (base + count).update(repeating: 0x20, count: 2 * level)
        count += 2 * level
    }

    /// Appends everything `other` holds (an in-memory writer).
    public func append(_ other: JSONWriter) {
        reserve(other.count)
        (base + count).update(from: other.base, count: other.count)
        count += other.count
    }

    /// Forgets everything written (an in-memory writer, reused).
    public func reset() { count = 0 }

    // MARK: values

    /// `NumberFormat.shortest(d)`, formatted in place.
    @inline(__always)
    public func number(_ d: Double) {
        reserve(NumberFormat.shortestMaxBytes)
        count += NumberFormat.writeShortest(d, to: base + count)
    }

    public func number(_ d: Double?) {
        if let d { number(d) } else { raw("null") }
    }

    /// `[a, b, c]` (pretty) or `[a,b,c]`: an array of numbers on one line, as ``JSONValue/numbers(_:)`` writes it.
    public func numbers<C: Collection>(_ v: C, pretty: Bool = true) where C.Element == Double {
        byte(0x5B)
        var first = true
        for x in v {
            if !first { if pretty { raw(", ") } else { byte(0x2C) } }
            first = false
            number(x)
        }
        byte(0x5D)
    }

    /// A quoted JSON string: `"` and `\` escaped, `\n`, `\r`, `\t` by name, other bytes below 0x20 as `\u00xx`,
    /// everything else (UTF-8) as is.
    public func string(_ s: String) {
        var s = s
        s.withUTF8 { u in
            reserve(u.count + 2)
            base[count] = 0x22
            count += 1
            var start = 0
            for i in 0..<u.count {
                let c = u[i]
                guard c < 0x20 || c == 0x22 || c == 0x5C else { continue }
                if i > start, let a = u.baseAddress {
                    reserve(i - start)
                    (base + count).update(from: a + start, count: i - start)
                    count += i - start
                }
                start = i + 1
                switch c {
                case 0x22: raw("\\\"")
                case 0x5C: raw("\\\\")
                case 0x0A: raw("\\n")
                case 0x0D: raw("\\r")
                case 0x09: raw("\\t")
                default:
                    let hex: StaticString = "0123456789abcdef"
                    raw("\\u00")
                    byte(hex.utf8Start[Int(c >> 4)])
                    byte(hex.utf8Start[Int(c & 15)])
                }
            }
            if u.count > start, let a = u.baseAddress {
                reserve(u.count - start + 1)
                (base + count).update(from: a + start, count: u.count - start)
                count += u.count - start
            }
            byte(0x22)
        }
    }

    public func string(_ s: String?) {
        if let s { string(s) } else { raw("null") }
    }

    /// An object key and its separator: `"key": ` (pretty) or `"key":`.
    @inline(__always)
    public func key(_ k: String, pretty: Bool = true) {
        string(k)
        if pretty { raw(": ") } else { byte(0x3A) }
    }

    /// A ``JSONValue`` at nesting level `indent`, laid out as ``JSONValue/serialized(pretty:)`` lays it out.
    public func value(_ v: JSONValue, indent: Int = 0, pretty: Bool = true) {
        switch v {
        case .null: raw("null")
        case .bool(let b): if b { raw("true") } else { raw("false") }
        case .number(let d): number(d)
        case .string(let s): string(s)
        case .array(let items):
            if items.isEmpty { raw("[]"); return }
            // Arrays of scalars stay on one line for readability.
            let scalar = items.allSatisfy { if case .array = $0 { return false }; if case .object = $0 { return false }; return true }
            if scalar || !pretty {
                byte(0x5B)
                for (i, x) in items.enumerated() {
                    if i > 0 { if pretty { raw(", ") } else { byte(0x2C) } }
                    value(x, indent: indent + 1, pretty: pretty)
                }
                byte(0x5D)
            } else {
                byte(0x5B)
                for (i, x) in items.enumerated() {
                    newline(indent: indent + 1)
                    value(x, indent: indent + 1, pretty: pretty)
                    if i + 1 < items.count { byte(0x2C) }
                }
                newline(indent: indent)
                byte(0x5D)
            }
        case .object(let pairs):
            if pairs.isEmpty { raw("{}"); return }
            byte(0x7B)
            for (i, (k, x)) in pairs.enumerated() {
                if pretty { newline(indent: indent + 1) }
                key(k, pretty: pretty)
                value(x, indent: indent + 1, pretty: pretty)
                if i + 1 < pairs.count { byte(0x2C) }
            }
            if pretty { newline(indent: indent) }
            byte(0x7D)
        }
    }

    // MARK: output

    /// Hands the buffer to the sink when it holds a chunk or more (no-op in memory).
    @inline(__always)
    public func flushIfFull() throws {
        if count >= chunk { try flush() }
    }

    /// Hands everything written so far to the sink (no-op in memory).
    public func finish() throws {
        if sink != nil && count > 0 { try flush() }
    }

    private func flush() throws {
        guard let sink else { return }
        let n = count
        count = 0
        try sink.write(UnsafeRawBufferPointer(start: base, count: n))
    }
}
