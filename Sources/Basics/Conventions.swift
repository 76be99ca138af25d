/// The conventions every measure uses, named once. Outputs repeat the ones they use.
public enum Conventions {
    /// Trading days per year for annualisation (volatility × √252, rates / 252 per day).
    public static let tradingDaysPerYear = 252.0
    /// Calendar days per year of the ACT/365F day count used for option expiries and stress horizons.
    public static let daysPerYear = 365.0
    /// Years between two dates, ACT/365F.
    public static func yearFraction(days: Int) -> Double { Double(days) / daysPerYear }
}
