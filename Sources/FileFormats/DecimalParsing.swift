/// Decimal text to `Double` straight from bytes, bit-identical to Swift's `Double(String)`.
///
/// The fast path (Clinger 1990) covers plain decimals `[+-]digits[.digits][(e|E)[+-]digits]` (also `5.` and `.5`)
/// whose significant digits form an integer m ≤ 2^53 and whose decimal exponent e satisfies |e| ≤ 22: m and 10^|e|
/// are then exact doubles, and one correctly rounded multiplication or division gives the correctly rounded value,
/// the same as `Double(String)`'s. Exponents up to 22 + 15 are used when m · 10^(e−22) is still an exact integer.
/// Everything else (more digits, larger exponents, `nan`, `inf`, hexadecimal, anything malformed) returns nil from
/// ``parseFast(_:_:)``; ``CSVRow/double(at:)`` then falls back to `Double(String)` on the text.
@usableFromInline
enum DecimalParsing {
    /// 10^0 … 10^22, all exact in binary64.
    @usableFromInline static let powers: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
        1e21, 1e22,
    ]

    /// The value of `p[0..<n]` when it is a plain decimal within the fast path; nil otherwise (not necessarily
    /// invalid: ask `Double(String)`).
    ///
    /// Preconditions, as for every field of a ``CSVReader``: the sixteen bytes after `p[n - 1]` are readable (the
    /// eight- and sixteen-byte loads may run past the field; ``FileBytes`` pads the file), and `p[n]` cannot continue
    /// a number (not a digit, `.`, `e`, `E`, `+` or `-`: it is a delimiter, a line end, a space, a quote or the
    /// sentinel), so the scanning loops stop on it instead of checking the length.
    @inlinable @inline(__always)
    static func parseFast(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        guard n > 0 else { return nil }
        var q = p
        var k = n
        let negative = p[0] == 0x2D
        if negative || p[0] == 0x2B {
            q += 1
            k -= 1
        }
        if k >= 1 && k <= 8 {
            if let v = parseShort(q, k) { return negative ? -v : v }
        } else if k >= 9 && k <= 16, let v = parseMedium(q, k) {
            return negative ? -v : v
        }
        return parseScalar(p, n)
    }

    /// `digits[.digits]` in 1…8 bytes (at most 7 fraction digits), without a branch per byte: the eight bytes are
    /// checked and converted at once (the digit-pair multiplications of Lemire's fast_float). Nil for anything else.
    @inlinable @inline(__always)
    static func parseShort(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let fieldMask: UInt64 = n == 8 ? ~0 : (1 &<< UInt64(8 * n)) &- 1
        let w = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self).littleEndian & fieldMask
        // Bytes equal to '.', exactly (no false positives), within the field.
        let x = w ^ (0x2E &* ones)
        let dots = ~(((x & low7) &+ low7) | x | low7) & fieldMask
        var digits = w
        var digitMask = fieldMask
        var fractionDigits = 0
        if dots != 0 {
            guard dots & (dots &- 1) == 0, n >= 2 else { return nil }
            let dot = dots.trailingZeroBitCount >> 3
            let below: UInt64 = (1 &<< UInt64(8 * dot)) &- 1
            let above = fieldMask & ~(below | (0xFF &<< UInt64(8 * dot)))
            // The integer digits move up one byte over the dot; byte 0 becomes a leading zero.
            digits = ((w & below) &<< 8) | (w & above)
            digitMask = fieldMask & ~0xFF
            fractionDigits = n - 1 - dot
        }
        // Every digit byte in '0'…'9': high nibble 3, and still 3 after adding 6.
        let threes = 0x3030_3030_3030_3030 & digitMask
        let high: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
        guard digits & high == threes, (digits &+ (0x0606_0606_0606_0606 & digitMask)) & high == threes else { return nil }
        // Digit values, right-aligned (leading zeros) so that byte 0 is the most significant of eight digits.
        var v = (digits ^ threes) &<< UInt64(8 * (8 - n))
        v = v &* 10 &+ (v >> 8)
        v = (((v & 0x0000_00FF_0000_00FF) &* 0x000F_4240_0000_0064)
            &+ (((v >> 16) & 0x0000_00FF_0000_00FF) &* 0x0000_2710_0000_0001)) >> 32
        let m = Double(UInt32(truncatingIfNeeded: v))
        return fractionDigits == 0 ? m : m / powers[fractionDigits]
    }

    /// `digits[.digits]` in 9…16 bytes, as ``parseShort(_:_:)`` over sixteen bytes: the digits (at most 16, at most
    /// 15 with a dot) form m = (first eight) · 10^8 + (last eight); nil when m > 2^53 or the text is anything else.
    @inlinable @inline(__always)
    static func parseMedium(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        @inline(__always) func wide(_ x: UInt64) -> UInt128 { UInt128(x) << 64 | UInt128(x) }
        let fieldMask: UInt128 = n == 16 ? ~0 : (1 &<< UInt128(8 * n)) &- 1
        let raw = UnsafeRawPointer(p)
        let w = (UInt128(raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self).littleEndian) << 64
            | UInt128(raw.loadUnaligned(as: UInt64.self).littleEndian)) & fieldMask
        let low7 = wide(0x7F7F_7F7F_7F7F_7F7F)
        let x = w ^ wide(0x2E2E_2E2E_2E2E_2E2E)
        let dots = ~(((x & low7) &+ low7) | x | low7) & fieldMask
        var digits = w
        var digitMask = fieldMask
        var fractionDigits = 0
        if dots != 0 {
            guard dots & (dots &- 1) == 0 else { return nil }
            let dot = dots.trailingZeroBitCount >> 3
            let below: UInt128 = (1 &<< UInt128(8 * dot)) &- 1
            let above = fieldMask & ~(below | (0xFF &<< UInt128(8 * dot)))
            digits = ((w & below) &<< 8) | (w & above)
            digitMask = fieldMask & ~0xFF
            fractionDigits = n - 1 - dot
        }
        let threes = wide(0x3030_3030_3030_3030) & digitMask
        let high = wide(0xF0F0_F0F0_F0F0_F0F0)
        guard digits & high == threes, (digits &+ (wide(0x0606_0606_0606_0606) & digitMask)) & high == threes else { return nil }
        let v = (digits ^ threes) &<< UInt128(8 * (16 - n))
        @inline(__always) func eight(_ x: UInt64) -> UInt64 {
            var v = x &* 10 &+ (x >> 8)
            v = (((v & 0x0000_00FF_0000_00FF) &* 0x000F_4240_0000_0064)
                &+ (((v >> 16) & 0x0000_00FF_0000_00FF) &* 0x0000_2710_0000_0001)) >> 32
            return v & 0xFFFF_FFFF
        }
        let m = eight(UInt64(truncatingIfNeeded: v)) &* 100_000_000 &+ eight(UInt64(truncatingIfNeeded: v >> 64))
        guard m <= 1 << 53 else { return nil }
        return fractionDigits == 0 ? Double(m) : Double(m) / powers[fractionDigits]
    }

    /// The byte-by-byte fast path: signs, exponents, up to 19 digits.
    @inlinable @inline(__always)
    static func parseScalar(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        guard n > 0 else { return nil }
        var i = 0
        let negative = p[0] == 0x2D
        if negative || p[0] == 0x2B { i = 1 }
        var m: UInt64 = 0
        let integerStart = i
        while true {
            let d = p[i] &- 0x30
            if d > 9 { break }
            m = m &* 10 &+ UInt64(d)
            i += 1
        }
        var digits = i - integerStart
        var exponent = 0
        if p[i] == 0x2E {
            i += 1
            let fractionStart = i
            while true {
                let d = p[i] &- 0x30
                if d > 9 { break }
                m = m &* 10 &+ UInt64(d)
                i += 1
            }
            exponent = fractionStart - i
            digits += i - fractionStart
        }
        // Up to 19 digits cannot wrap m (< 10^19 < 2^64); longer texts (or leading zeros beyond that) take the slow path.
        guard digits > 0, digits <= 19 else { return nil }
        if p[i] | 0x20 == 0x65 {
            i += 1
            var expNegative = false
            if p[i] == 0x2D || p[i] == 0x2B { expNegative = p[i] == 0x2D; i += 1 }
            let expStart = i
            var e = 0
            while true {
                let d = p[i] &- 0x30
                if d > 9 { break }
                e = e &* 10 &+ Int(d)
                i += 1
                if i - expStart > 6 { return nil }
            }
            guard i > expStart else { return nil }
            exponent += expNegative ? -e : e
        }
        guard i == n else { return nil }
        if m == 0 { return negative ? -0.0 : 0.0 }
        guard m <= 1 << 53 else { return nil }
        var v: Double
        if exponent == 0 {
            v = Double(m)
        } else if exponent < 0 {
            guard exponent >= -22 else { return nil }
            v = Double(m) / powers[-exponent]
        } else if exponent <= 22 {
            v = Double(m) * powers[exponent]
        } else {
            // m · 10^(e−22) exact when it stays ≤ 2^53, then one rounding by 10^22.
            let extra = exponent - 22
            guard extra <= 15 else { return nil }
            var mm = m
            for _ in 0..<extra {
                mm = mm &* 10
                if mm > 1 << 53 { return nil }
            }
            v = Double(mm) * powers[22]
        }
        if negative { v = -v }
        return v
    }

}
