// TEMPORARY STUB (replaced by the real implementation from branch bs2002 before commit)
import Instruments
public enum BjerksundStensland {
    public static func price(right: OptionRight, spot: Double, strike: Double, time: Double, rate: Double, dividendYield: Double, volatility: Double) -> Double {
        BlackScholes.price(right: right, spot: spot, strike: strike, time: time, rate: rate, dividendYield: dividendYield, volatility: volatility)
    }
    public static func greeks(right: OptionRight, spot: Double, strike: Double, time: Double, rate: Double, dividendYield: Double, volatility: Double) -> BlackScholesGreeks {
        BlackScholes.greeks(right: right, spot: spot, strike: strike, time: time, rate: rate, dividendYield: dividendYield, volatility: volatility)
    }
}
