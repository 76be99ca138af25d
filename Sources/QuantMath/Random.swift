/// SplitMix64 (Steele, Lea, Flood 2014): used to expand one user seed into generator state.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    @inlinable public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** (Blackman & Vigna 2018). Deterministic for a given seed on every platform;
/// `jump()` advances 2¹²⁸ steps to give non-overlapping streams for parallel workers.
public struct Xoshiro256: RandomNumberGenerator, Sendable {
    public var s: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var sm = SplitMix64(seed: seed)
        s = (sm.next(), sm.next(), sm.next(), sm.next())
    }

    @inlinable static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    @inlinable public mutating func next() -> UInt64 {
        let result = Xoshiro256.rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = Xoshiro256.rotl(s.3, 45)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inlinable public mutating func nextUniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Advances the state by 2¹²⁸ calls of `next()`.
    public mutating func jump() {
        let jumps: [UInt64] = [0x180E_C6D3_3CFD_0ABA, 0xD5A6_1266_F0C9_392C, 0xA958_2618_E03F_C9AA, 0x39AB_DC45_29B1_661C]
        var s0: UInt64 = 0, s1: UInt64 = 0, s2: UInt64 = 0, s3: UInt64 = 0
        for j in jumps {
            for b in 0..<64 {
                if j & (UInt64(1) << UInt64(b)) != 0 {
                    s0 ^= s.0; s1 ^= s.1; s2 ^= s.2; s3 ^= s.3
                }
                _ = next()
            }
        }
        s = (s0, s1, s2, s3)
    }
}

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

extension Xoshiro256 {
    /// Fills `buffer` with independent N(0, 1) draws by the Marsaglia polar method (deterministic order).
    public mutating func fillNormal(_ buffer: UnsafeMutableBufferPointer<Double>) {
        var i = 0
        let n = buffer.count
        while i < n {
            var u = 0.0, v = 0.0, s = 0.0
            repeat {
                u = 2 * nextUniform() - 1
                v = 2 * nextUniform() - 1
                s = u * u + v * v
            } while s >= 1 || s == 0
            let f = (-2 * log(s) / s).squareRoot()
            buffer[i] = u * f
            if i + 1 < n { buffer[i + 1] = v * f }
            i += 2
        }
    }

    /// `count` independent N(0, 1) draws.
    public mutating func normals(_ count: Int) -> [Double] {
        var out = [Double](repeating: 0, count: count)
        out.withUnsafeMutableBufferPointer { fillNormal($0) }
        return out
    }
}
