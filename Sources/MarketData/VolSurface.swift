import Basics
import Foundation

/// An implied-volatility surface of one underlying: a grid of expiries × strikes (or moneyness K/S) of annualised
/// implied vols (fractions, 0.45 = 45%), read from a vol file (format in `Documentation/file-formats.md`).
///
/// Interpolation (the same rule as QuantLib's `BlackVarianceSurface` with bilinear interpolation and constant strike
/// extrapolation, on log-strike coordinates):
/// - Coordinates: x = ln(K/S) for a moneyness grid (S = the snapshot spot of the underlying), x = ln K for a strike
///   grid; T = years to expiry, ACT/365F. Interpolation is on total variance w = σ²T.
/// - Across strikes, at each grid expiry: w linear in x between neighbouring grid strikes; flat extrapolation (the
///   vol of the first / last strike column) outside the grid.
/// - Along time, at fixed x: w linear in T between grid expiries; before the first expiry and after the last, the
///   vol of that expiry (flat vol: w = σ² T).
/// - σ = √(w / T).
/// Because w is bilinear on each grid cell, a grid whose w does not decrease in T at any grid strike has no calendar
/// arbitrage anywhere on the surface; a grid that does is refused (``VolSurfaceError/calendarArbitrage``).
public struct VolSurface: Sendable, Equatable {
    /// How the strike axis is quoted.
    public enum StrikeAxis: String, Sendable, Equatable, CaseIterable {
        /// K / S, S the snapshot spot of the underlying (1.0 = at the money).
        case moneyness
        /// Absolute strikes in the underlying's trading currency.
        case strike
    }

    public let underlying: String
    public let axis: StrikeAxis
    /// Grid strikes (moneyness or absolute), strictly increasing and positive.
    public let strikes: [Double]
    /// Grid expiries in years (ACT/365F), strictly increasing and positive.
    public let expiries: [Double]
    /// `vols[i][j]`: implied vol at expiry i and strike j, in (0, 5].
    public let vols: [[Double]]
    /// Where the surface came from (the vol file), for outputs.
    public let source: String
    private let x: [Double]
    private let w: [[Double]]

    /// The rule in one sentence, for outputs.
    public static let rule = "implied-vol surface: total variance σ²T bilinear in (T, log-moneyness), flat vol in strike beyond the grid and in time before the first and after the last expiry; sticky strike (the leg's vol is read once at the valuation date; spot moves and aging do not re-read it, vol shocks add to it)"

    /// The sentence every output gives for an option leg priced off a surface: its vol, the file, where it was read
    /// (strike, K/S, years to expiry), the realised vol it replaces, and ``rule``.
    public static func sourceNote(id: String, volatility: Double, file: String, strike: Double, spot: Double, time: Double,
                                  realised: Double) -> String {
        "\(id): vol \(fmt(100 * volatility, 2))% from the implied-vol surface \(file) at strike \(fmt(strike, 2)) (K/S \(fmt(strike / spot, 4))) and \(fmt(time, 4)) years (realised \(fmt(100 * realised, 2))%); \(rule)"
    }

    /// - Throws: ``VolSurfaceError`` naming the row / column of the first problem of each kind.
    public init(underlying: String, axis: StrikeAxis, strikes: [Double], expiries: [Double], vols: [[Double]],
                source: String) throws(VolSurfaceError) {
        guard !strikes.isEmpty else { throw .empty("strikes") }
        guard !expiries.isEmpty else { throw .empty("expiries") }
        try VolSurface.checkAxis(strikes, "strikes")
        try VolSurface.checkAxis(expiries, "expiries")
        for (i, row) in vols.enumerated() where row.count != strikes.count {
            throw .ragged(row: i, count: row.count, expected: strikes.count)
        }
        guard vols.count == expiries.count else { throw .rowCount(vols.count, expected: expiries.count) }
        for (i, row) in vols.enumerated() {
            for (j, v) in row.enumerated() where !(v > 0 && v <= 5) { throw .volOutOfRange(row: i, column: j, value: v) }
        }
        let w = zip(expiries, vols).map { t, row in row.map { $0 * $0 * t } }
        for i in 1..<max(1, expiries.count) {
            for j in 0..<strikes.count where w[i][j] < w[i - 1][j] {
                throw .calendarArbitrage(row: i, column: j, previous: w[i - 1][j], value: w[i][j])
            }
        }
        self.underlying = underlying
        self.axis = axis
        self.strikes = strikes
        self.expiries = expiries
        self.vols = vols
        self.source = source
        self.x = strikes.map { log($0) }
        self.w = w
    }

    private static func checkAxis(_ a: [Double], _ name: String) throws(VolSurfaceError) {
        for (i, v) in a.enumerated() {
            guard v > 0, v.isFinite else { throw .notPositive(name, index: i, value: v) }
            if i > 0, v == a[i - 1] { throw .duplicate(name, index: i, value: v) }
            if i > 0, v < a[i - 1] { throw .notIncreasing(name, index: i, value: v, previous: a[i - 1]) }
        }
    }

    /// Implied vol (annualised fraction) at strike `strike` (trading currency) and `time` years to expiry, the
    /// underlying at `spot` (used by a moneyness grid only). A time ≤ 0 (expired) gets the first expiry's vol.
    public func volatility(strike: Double, spot: Double, time: Double) -> Double {
        let t = max(time, 0)
        if t <= expiries[0] || t >= expiries[expiries.count - 1] {
            let i = t <= expiries[0] ? 0 : expiries.count - 1
            return (varianceAcross(i, strike: strike, spot: spot) / expiries[i]).squareRoot()
        }
        return (totalVariance(strike: strike, spot: spot, time: t) / t).squareRoot()
    }

    /// Total implied variance w = σ²T at `strike` and `time` years (> 0): the interpolated quantity.
    public func totalVariance(strike: Double, spot: Double, time t: Double) -> Double {
        let n = expiries.count
        if t <= expiries[0] { return varianceAcross(0, strike: strike, spot: spot) * t / expiries[0] }
        if t >= expiries[n - 1] { return varianceAcross(n - 1, strike: strike, spot: spot) * t / expiries[n - 1] }
        var i = 1
        while expiries[i] < t { i += 1 }
        let a = (t - expiries[i - 1]) / (expiries[i] - expiries[i - 1])
        let w0 = varianceAcross(i - 1, strike: strike, spot: spot), w1 = varianceAcross(i, strike: strike, spot: spot)
        return w0 + a * (w1 - w0)
    }

    /// w at grid expiry `i`, linear in the log-strike coordinate, flat outside the grid.
    private func varianceAcross(_ i: Int, strike: Double, spot: Double) -> Double {
        let q = axis == .moneyness ? log(strike / spot) : log(strike)
        let row = w[i], m = x.count
        if !(q > x[0]) { return row[0] }
        if q >= x[m - 1] { return row[m - 1] }
        var j = 1
        while x[j] < q { j += 1 }
        let a = (q - x[j - 1]) / (x[j] - x[j - 1])
        return row[j - 1] + a * (row[j] - row[j - 1])
    }
}

/// A surface grid that cannot be used; indices are 0-based (row = expiry, column = strike). The file reader turns
/// them into file:line:key diagnostics.
public enum VolSurfaceError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty(String)
    case notPositive(String, index: Int, value: Double)
    case duplicate(String, index: Int, value: Double)
    case notIncreasing(String, index: Int, value: Double, previous: Double)
    case ragged(row: Int, count: Int, expected: Int)
    case rowCount(Int, expected: Int)
    case volOutOfRange(row: Int, column: Int, value: Double)
    case calendarArbitrage(row: Int, column: Int, previous: Double, value: Double)

    public var description: String {
        switch self {
        case .empty(let a): return "no \(a): a surface needs at least one expiry and one strike"
        case let .notPositive(a, i, v): return "\(a)[\(i)] = \(v): expected a positive number"
        case let .duplicate(a, i, v): return "\(a)[\(i)] = \(v) appears twice; each grid \(a == "strikes" ? "strike" : "expiry") once"
        case let .notIncreasing(a, i, v, p): return "\(a)[\(i)] = \(v) is below the previous \(p); expected increasing \(a)"
        case let .ragged(r, c, e): return "expiry row \(r) has \(c) vols, expected \(e) (one per strike): the grid has a hole"
        case let .rowCount(c, e): return "\(c) vol rows for \(e) expiries"
        case let .volOutOfRange(r, c, v): return "vol at expiry row \(r), strike column \(c) is \(v): expected an annualised vol in (0, 5]"
        case let .calendarArbitrage(r, c, p, v):
            return "calendar arbitrage: total variance σ²T at expiry row \(r), strike column \(c) is \(v), below \(p) at the previous expiry (total variance must not decrease with time)"
        }
    }
}

/// Where an option leg's volatility came from (shown next to the vol in every output).
public enum VolatilitySource: Sendable, Equatable {
    /// The snapshot quote's volatility (the realised vol `hedgebook snapshot` measures), flat across strikes and expiries.
    case realised
    /// An implied-vol surface (its file), read at the leg's strike and expiry.
    case surface(String)

    /// "realised" or "surface".
    public var label: String {
        switch self {
        case .realised: return "realised"
        case .surface: return "surface"
        }
    }
}
