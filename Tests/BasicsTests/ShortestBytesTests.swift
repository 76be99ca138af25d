import Basics
import Testing

/// `NumberFormat.writeShortest` (the byte formatter of every JSON writer) against `NumberFormat.shortest` (the String
/// formatter every output used before it): the same bytes for edge cases, random bit patterns, random decimals and
/// integers around 2⁵³.
@Suite struct ShortestBytesTests {
    func bytes(_ d: Double) -> String {
        var buf = [UInt8](repeating: 0xAA, count: NumberFormat.shortestMaxBytes)
        let n = buf.withUnsafeMutableBufferPointer { NumberFormat.writeShortest(d, to: $0.baseAddress!) }
        return String(decoding: buf[0..<n], as: UTF8.self)
    }

    @Test func edgeCases() {
        let values: [Double] = [
            0, -0.0, 1, -1, 0.5, -0.5, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 100, 1e15, 1e16, 1e17, 1e22, 1e23, 1e-4, 1e-5, 1e-7,
            123456789012345678, 0x1p53, -0x1p53, 0x1p53 + 2, 0x1p63, 0x1p64, 9.007199254740993e15, 4.35, 2.675,
            .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude,
            -.greatestFiniteMagnitude, .ulpOfOne, 1 + .ulpOfOne, 1 - .ulpOfOne / 2, 0.0074406896457297625,
            -36.850199778856116, 5e-324, 2.2250738585072009e-308, 1.7976931348623157e308, 0.8383999999999998,
            .infinity, -.infinity, .nan, -.nan, .signalingNaN,
        ]
        for v in values { #expect(bytes(v) == NumberFormat.shortest(v), "\(v)") }
    }

    @Test func randomBitPatternsDecimalsAndIntegers() {
        var g = SeededIntegers(seed: 20261130)
        var mismatches = 0
        for k in 0..<300_000 {
            let v: Double
            switch k % 3 {
            case 0: v = Double(bitPattern: g.next())
            case 1:  // a decimal with 1–17 significant digits and an exponent within ±30
                let digits = Double(g.next() % 100_000_000_000_000_000)
                let scale = Int(g.next() % 61) - 30
                v = (g.next() & 1 == 0 ? 1 : -1) * digits * pow10(scale)
            default:  // integers near and beyond 2^53, and halves
                let m = Int64(bitPattern: g.next() >> UInt64(g.next() % 20))
                v = Double(m) + (g.next() & 1 == 0 ? 0 : 0.5)
            }
            if bytes(v) != NumberFormat.shortest(v) {
                mismatches += 1
                if mismatches < 5 { Issue.record("\(v.bitPattern): \(bytes(v)) vs \(NumberFormat.shortest(v))") }
            }
        }
        #expect(mismatches == 0)
    }

    @Test func integersWithSigns() {
        var buf = [UInt8](repeating: 0, count: 24)
        for v: Int64 in [0, 7, -7, 10, -10, 99, 100, 1_000_000, -9_007_199_254_740_992, .max, .min + 1] {
            let n = buf.withUnsafeMutableBufferPointer { NumberFormat.writeInteger(v, to: $0.baseAddress!) }
            #expect(String(decoding: buf[0..<n], as: UTF8.self) == String(v))
        }
    }

    func pow10(_ e: Int) -> Double {
        var x = 1.0
        for _ in 0..<abs(e) { x *= 10 }
        return e < 0 ? 1 / x : x
    }
}
