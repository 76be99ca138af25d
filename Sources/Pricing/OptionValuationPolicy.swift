import Instruments

/// The one valuation policy by exercise style, used by every measure.
///
/// - European legs: Black–Scholes–Merton everywhere.
/// - American legs where many scenarios are valued (exposure delta, stress, Monte Carlo, backtest marks):
///   the Bjerksund–Stensland (2002) approximation (`americanInScenarios = .bjerksundStensland`, the default; checked
///   against the 1,000-step CRR tree in `BjerksundStenslandTests`), or Black–Scholes–Merton (`.european`: early exercise
///   ignored, stated in outputs).
/// - American legs where a single price is asked (premium-budget sizing, `payoff`, `price`): the CRR tree with
///   `treeSteps` steps.
public struct OptionValuationPolicy: Sendable, Equatable {
    public enum ScenarioModel: String, Sendable, Equatable {
        case bjerksundStensland = "bjerksund-stensland"
        case european
    }
    public var americanInScenarios: ScenarioModel
    public var treeSteps: Int

    public init(americanInScenarios: ScenarioModel = .bjerksundStensland, treeSteps: Int = BinomialTree.defaultSteps) {
        self.americanInScenarios = americanInScenarios
        self.treeSteps = treeSteps
    }

    public static let standard = OptionValuationPolicy()

    /// The model used in scenario paths for this exercise style (for outputs).
    public func scenarioModelName(_ exercise: ExerciseStyle) -> String {
        exercise == .european || americanInScenarios == .european ? "Black-Scholes-Merton" : "Bjerksund-Stensland 2002"
    }

    /// True when an American leg is valued by the Bjerksund–Stensland approximation in scenario paths.
    @inlinable
    public func approximatesAmerican(_ exercise: ExerciseStyle) -> Bool {
        exercise == .american && americanInScenarios == .bjerksundStensland
    }

    /// Per-share value in scenario paths.
    @inlinable
    public func scenarioPrice(right: OptionRight, exercise: ExerciseStyle, spot: Double, strike: Double, time: Double,
                              rate: Double, dividendYield: Double, volatility: Double) -> Double {
        approximatesAmerican(exercise)
            ? BjerksundStensland.price(right: right, spot: spot, strike: strike, time: time, rate: rate, dividendYield: dividendYield, volatility: volatility)
            : BlackScholes.price(right: right, spot: spot, strike: strike, time: time, rate: rate, dividendYield: dividendYield, volatility: volatility)
    }

    /// Price and Greeks in scenario paths (per unit of underlying; units as in ``BlackScholesGreeks``).
    public func scenarioGreeks(right: OptionRight, exercise: ExerciseStyle, spot: Double, strike: Double, time: Double,
                               rate: Double, dividendYield: Double, volatility: Double) -> BlackScholesGreeks {
        approximatesAmerican(exercise)
            ? BjerksundStensland.greeks(right: right, spot: spot, strike: strike, time: time, rate: rate, dividendYield: dividendYield, volatility: volatility)
            : BlackScholes.greeks(right: right, spot: spot, strike: strike, time: time, rate: rate, dividendYield: dividendYield, volatility: volatility)
    }

    /// A single price: European by Black–Scholes–Merton, American on the CRR tree with `treeSteps` steps.
    public func singlePrice(right: OptionRight, exercise: ExerciseStyle, spot: Double, strike: Double, time: Double,
                            rate: Double, dividendYield: Double, volatility: Double) -> Double {
        guard exercise == .american, time > 0 else {
            return BlackScholes.price(right: right, spot: spot, strike: strike, time: time, rate: rate,
                                      dividendYield: dividendYield, volatility: volatility)
        }
        var ws = BinomialWorkspace(steps: treeSteps)
        return BinomialTree.value(right: right, exercise: .american, spot: spot, strike: strike, time: time, rate: rate,
                                  dividendYield: dividendYield, volatility: volatility, steps: treeSteps, workspace: &ws).price
    }
}
