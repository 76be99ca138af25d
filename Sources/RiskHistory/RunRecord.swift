import Basics

/// One recorded run of a workspace: what `hedgebook record` (and each day of `hedgebook replay`) stores.
///
/// Units and signs (as in every output): amounts in the book's base currency; `pctNAV` fields are % of NAV; VaR and
/// ES are **positive losses as fractions of NAV** (1-day unless `horizonDays` says otherwise); scenario P&L is signed
/// (a loss is negative). A book and a valuation date identify a run: recording them again replaces the run.
public struct RunRecord: Sendable, Equatable {
    public var book: String
    public var valuationDate: LocalDate
    public var baseCurrency: String
    public var nav: Double
    /// Beta-adjusted net exposure, % of NAV (Σ delta notional × beta; names without a beta count at beta 0).
    public var betaAdjustedNetPctNAV: Double = 0
    /// How the run was made (`hedgebook record`, `hedgebook replay …`), and the risk settings used (method list,
    /// estimator, paths, seed, window), one sentence each.
    public var command: String
    public var settings: String
    /// The option valuation model used in scenarios and for the Greeks (`tree`, `bjerksund-stensland`, `european`) and
    /// the CRR steps: explain revalues with the same model.
    public var scenarioModel: String
    public var treeSteps: Int
    public var inputs: [Input]
    public var positions: [PositionRecord]
    public var exposures: [ExposureRecord]
    public var limits: [LimitRecord]
    public var risk: [RiskRecord]
    public var scenarios: [ScenarioRecord]
    public var notes: [String]

    public init(book: String, valuationDate: LocalDate, baseCurrency: String, nav: Double, command: String, settings: String,
                scenarioModel: String = "tree", treeSteps: Int = 1000, inputs: [Input] = [], positions: [PositionRecord] = [],
                exposures: [ExposureRecord] = [], limits: [LimitRecord] = [], risk: [RiskRecord] = [],
                scenarios: [ScenarioRecord] = [], notes: [String] = []) {
        self.book = book; self.valuationDate = valuationDate; self.baseCurrency = baseCurrency; self.nav = nav
        self.command = command; self.settings = settings; self.scenarioModel = scenarioModel; self.treeSteps = treeSteps
        self.inputs = inputs; self.positions = positions; self.exposures = exposures; self.limits = limits
        self.risk = risk; self.scenarios = scenarios; self.notes = notes
    }

    /// An input file and the SHA-256 of its bytes (lower-case hex); `sha256` is empty for an input held in memory
    /// (a snapshot built by `replay`).
    public struct Input: Sendable, Equatable {
        public var role: String
        public var path: String
        public var sha256: String
        public init(role: String, path: String, sha256: String) { self.role = role; self.path = path; self.sha256 = sha256 }
    }
}

/// A position as held on the run's date, with the market it was valued on (enough to revalue it on another date).
public struct PositionRecord: Sendable, Equatable {
    public var id: String
    /// The market key (the underlying for options).
    public var instrument: String
    public var kind: String
    /// Signed: shares, or contracts for options.
    public var quantity: Double
    /// Units of underlying per unit of quantity (1 for stock, the contract multiplier for options).
    public var multiplier: Double
    /// Spot of the instrument (trading currency) and the base-currency value of one unit of it.
    public var spot: Double
    public var fx: Double
    /// Price per unit of underlying (trading currency) by the scenario model: spot for stock, option value per share.
    public var unitPrice: Double
    /// Signed market value (base currency, premium view) and delta-equivalent notional (base currency).
    public var marketValue: Double
    public var deltaNotional: Double
    /// Signed % of NAV, premium view.
    public var weightPctNAV: Double
    public var beta: Double?
    public var option: OptionRecord?

    public init(id: String, instrument: String, kind: String, quantity: Double, multiplier: Double, spot: Double, fx: Double,
                unitPrice: Double, marketValue: Double, deltaNotional: Double, weightPctNAV: Double, beta: Double?,
                option: OptionRecord?) {
        self.id = id; self.instrument = instrument; self.kind = kind; self.quantity = quantity; self.multiplier = multiplier
        self.spot = spot; self.fx = fx; self.unitPrice = unitPrice; self.marketValue = marketValue
        self.deltaNotional = deltaNotional; self.weightPctNAV = weightPctNAV; self.beta = beta; self.option = option
    }
}

/// An option position's terms and market on the run's date (rates and yields continuously compounded, volatility
/// annualised, time in years ACT/365F).
public struct OptionRecord: Sendable, Equatable {
    public var right: String
    public var exercise: String
    public var strike: Double
    public var expiry: LocalDate
    public var timeToExpiry: Double
    public var rate: Double
    public var dividendYield: Double
    public var volatility: Double
    public init(right: String, exercise: String, strike: Double, expiry: LocalDate, timeToExpiry: Double, rate: Double,
                dividendYield: Double, volatility: Double) {
        self.right = right; self.exercise = exercise; self.strike = strike; self.expiry = expiry
        self.timeToExpiry = timeToExpiry; self.rate = rate; self.dividendYield = dividendYield; self.volatility = volatility
    }
}

/// Long and short exposure of the book (grouping `total`) or of one group (`layer`, `country`, …), % of NAV, in the
/// premium view and the delta-adjusted view; `betaAdjustedNet` only for the total.
public struct ExposureRecord: Sendable, Equatable {
    public var grouping: String
    public var key: String
    public var view: String
    public var longPctNAV: Double
    public var shortPctNAV: Double
    public var grossPctNAV: Double { longPctNAV + shortPctNAV }
    public var netPctNAV: Double { longPctNAV - shortPctNAV }
    public init(grouping: String, key: String, view: String, longPctNAV: Double, shortPctNAV: Double) {
        self.grouping = grouping; self.key = key; self.view = view; self.longPctNAV = longPctNAV; self.shortPctNAV = shortPctNAV
    }
}

/// A limit measured on the run: value (% of NAV; VaR, ES, scenario losses as positive losses), utilisation
/// (value ÷ bound; 1 = at the limit), status (`ok`, `warn`, `breach`, `not measured`).
public struct LimitRecord: Sendable, Equatable {
    public var id: String
    public var measure: String
    public var value: Double?
    public var utilisation: Double?
    public var status: String
    public var detail: String
    public init(id: String, measure: String, value: Double?, utilisation: Double?, status: String, detail: String) {
        self.id = id; self.measure = measure; self.value = value; self.utilisation = utilisation; self.status = status; self.detail = detail
    }
}

/// VaR and ES of one method at one confidence: positive losses, fractions of NAV, over `horizonDays` trading days.
public struct RiskRecord: Sendable, Equatable {
    public var method: String
    public var confidence: Double
    public var horizonDays: Int
    public var valueAtRisk: Double
    public var expectedShortfall: Double
    public init(method: String, confidence: Double, horizonDays: Int, valueAtRisk: Double, expectedShortfall: Double) {
        self.method = method; self.confidence = confidence; self.horizonDays = horizonDays
        self.valueAtRisk = valueAtRisk; self.expectedShortfall = expectedShortfall
    }
}

/// One scenario's P&L on the run (base currency and % of NAV, signed: a loss is negative).
public struct ScenarioRecord: Sendable, Equatable {
    public var id: String
    public var caseSet: String?
    public var pnl: Double
    public var pctNAV: Double
    public init(id: String, caseSet: String?, pnl: Double, pctNAV: Double) {
        self.id = id; self.caseSet = caseSet; self.pnl = pnl; self.pctNAV = pctNAV
    }
}
