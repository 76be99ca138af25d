import Basics
import PropertyBased
import Testing

/// Any Double: every bit pattern (NaN payloads, ±infinity, subnormals, ±0, the extremes), plus ordinary magnitudes.
enum AnyDouble {
    static let bits = Gen.uint64().map { Double(bitPattern: $0) }
    static let ordinary = zip(Gen.double(in: -1...1), Gen.int(in: -330...310)).map { m, e in m * pow10(e) }
    static let specials: [Double] = [.nan, -.nan, .infinity, -.infinity, 0, -0.0, .leastNonzeroMagnitude, -.leastNormalMagnitude,
                                     .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 9e15, -9e15, 8.999999999999999e15,
                                     0.5, -0.5, 0.005, 1e15, 1e-12, 2.5, -2.5, 0.125, 1e22, 123456789.987654321]
    static let special = Gen.int(in: 0...(specials.count - 1)).map { specials[$0] }
    static func pow10(_ e: Int) -> Double {
        var x = 1.0
        for _ in 0..<abs(e) { x = e > 0 ? x * 10 : x / 10 }
        return x
    }
}

/// The one number formatter never traps and never prints "nan" or "inf", for any Double and any number of decimals:
/// `fmt` and `fmtMoney` print "n/a" for a non-finite value, `NumberFormat.shortest` prints "null", `compact` and
/// `percent` follow `fmt`. A finite value prints as a number that parses back.
@Test func numberFormatNeverTrapsNorPrintsNaNOrInf() async {
    await propertyCheck(count: runs(2000), input: AnyDouble.bits, Gen.int(in: -3...20)) { v, decimals in check(v, decimals) }
    await propertyCheck(count: runs(2000), input: AnyDouble.ordinary, Gen.int(in: -3...20)) { v, decimals in check(v, decimals) }
    await propertyCheck(count: runs(200), input: AnyDouble.special, Gen.int(in: -3...20)) { v, decimals in check(v, decimals) }
}

private func check(_ v: Double, _ decimals: Int) {
    let outputs = [fmt(v, decimals), fmtMoney(v, decimals), NumberFormat.shortest(v), NumberFormat.compact(v, decimals),
                   NumberFormat.percent(v, decimals)]
    for s in outputs {
        let l = s.lowercased()
        #expect(!l.contains("nan") && !l.contains("inf"), "\(v) with \(decimals) decimals printed '\(s)'")
        #expect(!s.isEmpty)
    }
    if v.isFinite {
        #expect(Double(outputs[0]) != nil, "fmt(\(v), \(decimals)) = '\(outputs[0])' is not a number")
        #expect(Double(outputs[2]) == v, "shortest(\(v)) = '\(outputs[2])' does not round-trip")
    } else {
        #expect(outputs[0] == "n/a" && outputs[1] == "n/a" && outputs[2] == "null")
    }
}
