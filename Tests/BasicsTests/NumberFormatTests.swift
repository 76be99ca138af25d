import Basics
import QuantMath
import Testing

/// Deterministic seeded integers for property checks: QuantMath's SplitMix64.
typealias SeededIntegers = SplitMix64

/// The one number formatter (Sources/Basics/NumberFormat.swift): fixed decimals, money grouping, shortest round trip,
/// compact sentence numbers; rounding, signs, −0, non-finite values and huge magnitudes.
@Suite struct NumberFormatTests {
    // Moved from ReportsTests (TextOutputTests).
    @Test func fixedDecimalFormatting() {
        #expect(fmt(1.005, 2) == "1.01" || fmt(1.005, 2) == "1.00")  // binary 1.005 is 1.00499…; either is a faithful rounding
        #expect(fmt(-0.004, 2) == "0.00")
        #expect(fmt(-2.5, 1) == "-2.5")
        #expect(fmt(12, 0) == "12")
        #expect(fmt(.nan) == "n/a" && fmt(.infinity) == "n/a")
        #expect(fmtMoney(-1234567.891, 1) == "-1,234,567.9")
    }

    /// Ties are exact binary halves here (0.125, 2.5, 0.5): they round away from zero, symmetric in sign.
    @Test func roundingAndSigns() {
        #expect(fmt(0.125, 2) == "0.13" && fmt(-0.125, 2) == "-0.13")
        #expect(fmt(2.5, 0) == "3" && fmt(-2.5, 0) == "-3" && fmt(0.5, 0) == "1" && fmt(0.49, 0) == "0")
        #expect(fmt(3.14159) == "3.14" && fmt(3.14159, 4) == "3.1416" && fmt(-3.14159, 3) == "-3.142")
        #expect(fmt(0.999, 2) == "1.00" && fmt(-0.999, 2) == "-1.00" && fmt(9.9999, 3) == "10.000")
        #expect(fmt(0.07, 2) == "0.07" && fmt(0.001, 3) == "0.001" && fmt(1e-9, 2) == "0.00")
        // Negative zero and values that round to zero never print a sign.
        #expect(fmt(-0.0, 2) == "0.00" && fmt(-0.0, 0) == "0" && fmt(-1e-12, 4) == "0.0000" && fmt(-0.4, 0) == "0")
        // Decimals are clamped to 0 … 12.
        #expect(fmt(1.25, -3) == "1" && fmt(1, 20) == "1.000000000000" && fmt(0.1, 12) == "0.100000000000")
    }

    /// Values that sit on the decimal grid (k / 10^d rounded to double) print exactly k with d decimals — also for
    /// large integer parts, where the last digit used to come out one too low (e.g. 2400000.55 → "2400000.54").
    @Test func gridValuesPrintTheirDigitsExactly() {
        #expect(fmt(2_400_000.55, 2) == "2400000.55")
        #expect(fmt(9_095_855.7, 1) == "9095855.7")
        #expect(fmt(123_456.78, 2) == "123456.78" && fmt(-123_456.78, 2) == "-123456.78")
        #expect(fmt(12.345678, 6) == "12.345678" && fmt(690_058_594_932.1, 1) == "690058594932.1")
        #expect(fmtMoney(2_940_794.8, 1) == "2,940,794.8")
        var g = SeededIntegers(seed: 2026)
        var wrong: [String] = []
        for _ in 0..<20_000 {
            let decimals = Int(g.next() % 7)              // 0 … 6
            var unit: UInt64 = 1
            for _ in 0..<decimals { unit *= 10 }
            let k = g.next() % 900_000_000_000_000         // k < 9e14 units of the last place
            let v = Double(k) / Double(unit)
            var expected = String(k / unit)
            if decimals > 0 {
                let frac = String(k % unit)
                expected += "." + String(repeating: "0", count: decimals - frac.count) + frac
            }
            if fmt(v, decimals) != expected { wrong.append("\(v) d=\(decimals): \(fmt(v, decimals)) vs \(expected)") }
            if fmt(-v, decimals) != (k == 0 ? expected : "-" + expected) { wrong.append("−\(v) d=\(decimals)") }
        }
        #expect(wrong.isEmpty, "\(wrong.count) wrong, e.g. \(wrong.prefix(5))")
    }

    @Test func nonFiniteValues() {
        for v in [Double.nan, .infinity, -.infinity, -Double.nan] {
            #expect(fmt(v) == "n/a" && fmt(v, 0) == "n/a" && fmtMoney(v) == "n/a" && fmtMoney(v, 2) == "n/a")
            #expect(NumberFormat.shortest(v) == "null")
            #expect(NumberFormat.compact(v) == "n/a")
        }
    }

    /// |v| ≥ 1e15 (and anything whose fixed form would pass 9e15 units of the last place) prints in the shortest
    /// round-trip form (`NumberFormat.shortest`), never traps on the Int64 conversion.
    @Test func hugeMagnitudesPrintShortestAndDoNotTrap() {
        #expect(fmt(1e19) == "1e+19" && fmt(1e19, 0) == "1e+19" && fmt(-1e19, 12) == "-1e+19")
        #expect(fmt(-1e300) == "-1e+300" && fmt(-1e300, 0) == "-1e+300")
        #expect(fmt(1e15) == "1000000000000000" && fmt(1e15, 0) == "1000000000000000" && fmt(5e15, 3) == "5000000000000000")
        #expect(fmt(9.5e15, 0) == "9.5e+15" && fmt(1.5e15 + 0.5, 0) == "1500000000000000.5" && fmt(-2.5e15, 1) == "-2500000000000000")
        #expect(fmt(.greatestFiniteMagnitude, 3) == "1.7976931348623157e+308")
        #expect(fmt(-9.3e18, 0) == "-9.3e+18")      // beyond Int64.max: would trap in Int64(_:)
        #expect(fmtMoney(1e19) == "1e+19" && fmtMoney(-1e300, 2) == "-1e+300")
        #expect(NumberFormat.compact(1e19) == "1e+19" && NumberFormat.compact(-1e300, 0) == "-1e+300")
        for v in [1e15, 1e19, -1e300, 123_456_789_012_345_678.0, 9.5e15, -Double.greatestFiniteMagnitude] {
            for d in 0...12 { #expect(fmt(v, d) == NumberFormat.shortest(v), "\(v) with \(d) decimals") }
        }
        // Below 1e15 with many decimals: the fixed form would need > 9e15 units, so shortest again (no trap).
        #expect(fmt(123_456_789.125, 12) == "123456789.125")
        // Just below the threshold the fixed form is kept.
        #expect(fmt(999_999_999_999_999, 0) == "999999999999999")
        #expect(fmt(89_999_999_999_999.9, 1) == "89999999999999.9")
    }

    @Test func moneyGrouping() {
        #expect(fmtMoney(0) == "0" && fmtMoney(999) == "999" && fmtMoney(1000) == "1,000" && fmtMoney(-1000) == "-1,000")
        #expect(fmtMoney(123_456_789) == "123,456,789" && fmtMoney(1_234_567_890.4) == "1,234,567,890")
        #expect(fmtMoney(1234.5, 2) == "1,234.50" && fmtMoney(-0.4) == "0" && fmtMoney(-2_400_000.55, 2) == "-2,400,000.55")
        #expect(fmtMoney(999.5) == "1,000" && fmtMoney(100_000) == "100,000")
    }

    @Test func shortestRoundTrip() {
        #expect(NumberFormat.shortest(0) == "0" && NumberFormat.shortest(-0.0) == "0")
        #expect(NumberFormat.shortest(3) == "3" && NumberFormat.shortest(-42) == "-42")
        #expect(NumberFormat.shortest(123_456_789_012_345) == "123456789012345")
        #expect(NumberFormat.shortest(0.1) == "0.1" && NumberFormat.shortest(1.5) == "1.5" && NumberFormat.shortest(-2.25) == "-2.25")
        #expect(NumberFormat.shortest(1e19) == "1e+19" && NumberFormat.shortest(-1e300) == "-1e+300")
        // Integers print without a fraction up to 2⁵³ (Swift's own description gives "1000000000000000.0").
        #expect(NumberFormat.shortest(1e15) == "1000000000000000" && NumberFormat.shortest(-5e15) == "-5000000000000000")
        #expect(NumberFormat.shortest(0x1p53) == "9007199254740992" && NumberFormat.shortest(0x1p53 + 2) == "9.007199254740994e+15")
        #expect(NumberFormat.shortest(1e-7) == "1e-07" && NumberFormat.shortest(0.1 + 0.2) == "0.30000000000000004")
        // Round trip: parsing the text gives the same double, for a spread of magnitudes.
        var g = SeededIntegers(seed: 11)
        for _ in 0..<5_000 {
            let v = Double(bitPattern: g.next())
            guard v.isFinite else { continue }
            #expect(Double(NumberFormat.shortest(v)) == (v == 0 ? 0 : v), "\(v)")
        }
    }

    @Test func compactAndPercentForSentences() {
        #expect(NumberFormat.compact(85) == "85" && NumberFormat.compact(84.5) == "84.5" && NumberFormat.compact(0.8) == "0.8")
        #expect(NumberFormat.compact(2.50) == "2.5" && NumberFormat.compact(-2.5) == "-2.5" && NumberFormat.compact(100, 0) == "100")
        #expect(NumberFormat.compact(-0.001) == "0" && NumberFormat.compact(-0.0) == "0" && NumberFormat.compact(0.004) == "0")
        #expect(NumberFormat.compact(0.125) == "0.13" && NumberFormat.compact(1.23456, 4) == "1.2346" && NumberFormat.compact(10.10) == "10.1")
        #expect(NumberFormat.compact(2_400_000.5, 2) == "2400000.5")
        #expect(NumberFormat.percent(12.3456) == "12.35%" && NumberFormat.percent(-3, 1) == "-3.0%" && NumberFormat.percent(0.5, 0) == "1%")
    }
}
