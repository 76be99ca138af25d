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
