/// VaR and CVaR of a weighted scenario loss distribution, the Rockafellar–Uryasev way.
///
/// Conventions: losses are positive (loss = −P&L), in the unit given (the optimiser uses % of NAV); weights are
/// scenario probabilities summing to 1.
/// - VaR_α = min{ζ : Σ_{L_s ≤ ζ} w_s ≥ α}, the lower α-quantile of the loss (a scenario's own loss, no interpolation;
///   not the NumPy-linear quantile of `hedgebook risk`).
/// - CVaR_α = VaR_α + Σ_s w_s (L_s − VaR_α)⁺ / (1 − α) = min_ζ {ζ + Σ_s w_s (L_s − ζ)⁺ / (1 − α)}, the objective of
///   the hedge LP: the mean loss of the worst 1 − α of probability (the scenario at the boundary counted in part).
public struct TailMeasures: Sendable, Equatable {
    public var alpha: Double
    public var valueAtRisk: Double
    public var conditionalValueAtRisk: Double

    public init(losses: [Double], weights: [Double], alpha: Double) {
        precondition(losses.count == weights.count && !losses.isEmpty, "TailMeasures: one weight per loss")
        self.alpha = alpha
        let order = losses.indices.sorted { losses[$0] != losses[$1] ? losses[$0] < losses[$1] : $0 < $1 }
        var cum = 0.0
        var v = losses[order.last!]
        for i in order {
            cum += weights[i]
            // A relative tolerance on the cumulative weight: equal weights 1/S summed in floating point.
            if cum >= alpha - 1e-12 { v = losses[i]; break }
        }
        var excess = 0.0
        for (l, w) in zip(losses, weights) where l > v { excess += w * (l - v) }
        valueAtRisk = v
        conditionalValueAtRisk = v + excess / (1 - alpha)
    }
}
