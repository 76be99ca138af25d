/// The one number formatter of every output (tables, HTML, Markdown, notes, messages, JSON, CSV).
/// Locale-free and deterministic; non-finite values never print as numbers.

/// Fixed-decimal formatting without locale; non-finite values print as "n/a". Ties round away from zero (on the
/// binary value: 1.005 is 1.00499… and prints "1.00"). Magnitudes of 1e15 and beyond (and any value whose fixed
/// decimals would need more than 9e15 units of the last place, beyond exact 64-bit integers) print in the shortest
/// round-trip form instead.
public func fmt(_ v: Double, _ decimals: Int = 2) -> String {
    guard v.isFinite else { return "n/a" }
    let decimals = max(0, min(decimals, 12))
    var scale = 1.0
    var unit: Int64 = 1
    for _ in 0..<decimals { scale *= 10; unit *= 10 }
    guard abs(v) < 1e15, abs(v) * scale < 9e15 else { return NumberFormat.shortest(v) }
    // The value in units of the last decimal place, rounded once; integer and fraction digits come from exact
    // integer arithmetic (peeling digits off the binary fraction drifted by one in the last place for large values).
    let units = Int64((abs(v) * scale).rounded())
    let neg = v < 0 && units != 0
    var s = String(units / unit)
    if decimals > 0 {
        let frac = String(units % unit)
        s += "." + String(repeating: "0", count: decimals - frac.count) + frac
    }
    return (neg ? "-" : "") + s
}

/// Like `fmt` with a thousands separator, for money amounts.
public func fmtMoney(_ v: Double, _ decimals: Int = 0) -> String {
    let s = fmt(v, decimals)
    guard s != "n/a", !s.contains("e") else { return s }
    let neg = s.hasPrefix("-")
    let body = neg ? String(s.dropFirst()) : s
    let parts = body.split(separator: ".", maxSplits: 1)
    var intPart = String(parts[0])
    var grouped = ""
    while intPart.count > 3 {
        grouped = "," + intPart.suffix(3) + grouped
        intPart = String(intPart.dropLast(3))
    }
    grouped = intPart + grouped
    return (neg ? "-" : "") + grouped + (parts.count > 1 ? "." + parts[1] : "")
}

public enum NumberFormat {
    /// Shortest round-trip decimal (machine outputs: JSON, CSV); integers without a fraction; non-finite → "null".
    /// Integers up to 2⁵³ print as digits ("5000000000000000", where Swift's description would add ".0"); beyond, in
    /// Swift's exponent form ("1e+19").
    public static func shortest(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == 0 { return "0" }
        if d == d.rounded(), abs(d) <= 0x1p53 { return String(Int64(d)) }
        return "\(d)"
    }

    /// Up to `maxDecimals` decimals with trailing zeros (and a trailing point) removed: "85", "84.5", "0.8", for
    /// numbers inside sentences.
    public static func compact(_ v: Double, _ maxDecimals: Int = 2) -> String {
        var s = fmt(v, maxDecimals)
        guard s.contains("."), !s.contains("e") else { return s }
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }

    /// A percentage for sentences: `fmt(x, decimals) + "%"`.
    public static func percent(_ x: Double, _ decimals: Int = 2) -> String { fmt(x, decimals) + "%" }
}

/// The runtime's shortest round-trip formatter, the entry point `Double.description` is built on (exported by
/// libswiftCore; since Swift 6.2 a Swift implementation behind the same symbol). Writes at most 32 bytes into a buffer
/// pre-filled with "0", no terminator; returns the length. `NumberFormatTests` checks it against `description` on
/// random bit patterns and edge cases.
@_silgen_name("swift_float64ToString")
internal func _swiftFloat64ToString(_ buffer: UnsafeMutablePointer<UInt8>, _ bufferLength: UInt, _ value: Double,
                                    _ debug: Bool) -> UInt64

extension NumberFormat {
    /// The most bytes ``writeShortest(_:to:)`` writes ("-1.2345678901234567e-308" is 24).
    public static let shortestMaxBytes = 32

    /// ``shortest(_:)`` written as UTF-8 into `p` (at least ``shortestMaxBytes`` writable bytes), without making a
    /// String: the same bytes, by the same rules (non-finite → `null`, 0 and −0 → `0`, integers up to 2⁵³ as digits,
    /// everything else as `Double.description` writes it). Returns the number of bytes written.
    @inlinable
    public static func writeShortest(_ d: Double, to p: UnsafeMutablePointer<UInt8>) -> Int {
        guard d.isFinite else {
            p[0] = 0x6E; p[1] = 0x75; p[2] = 0x6C; p[3] = 0x6C  // null
            return 4
        }
        if d == 0 { p[0] = 0x30; return 1 }
        if d == d.rounded(), abs(d) <= 0x1p53 { return writeInteger(Int64(d), to: p) }
        return writeDescription(d, to: p)
    }

    @usableFromInline
    static func writeDescription(_ d: Double, to p: UnsafeMutablePointer<UInt8>) -> Int {
        // Swift 6.2's formatter expects its 32-byte buffer filled with "0" (as `description` fills it) and may leave
        // some of those zeros in the text it returns.
        p.update(repeating: 0x30, count: shortestMaxBytes)
        return Int(truncatingIfNeeded: _swiftFloat64ToString(p, UInt(shortestMaxBytes), d, false))
    }

    /// Decimal digits of `v` (with a leading `-` when negative) into `p` (at most 20 bytes); returns the length.
    @inlinable
    public static func writeInteger(_ v: Int64, to p: UnsafeMutablePointer<UInt8>) -> Int {
        var m = v.magnitude
        var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch, filled from the end
        return withUnsafeMutableBytes(of: &tmp) { raw -> Int in
            let s = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var i = 24
            repeat {
                i -= 1
                s[i] = UInt8(truncatingIfNeeded: m % 10) &+ 0x30
                m /= 10
            } while m != 0
            var n = 0
            if v < 0 { p[0] = 0x2D; n = 1 }
            let len = 24 - i
            (p + n).update(from: s + i, count: len)
            return n + len
        }
    }
}
