import Basics
import FileFormats
import Foundation
import MarketData
import Risk

/// Risk of a weights file on a price panel (`hedgebook risk --prices … --weights …`): reading, alignment, FX
/// conversion to a base currency, returns and the four VaR/ES methods.
public enum WeightsRisk {
    public struct Request: Sendable {
        public var prices: String
        public var weights: String
        public var returns: ReturnKind = .simple
        public var from: LocalDate?
        public var to: LocalDate?
        /// Forward-fill up to this many missing dates (folder input) instead of intersecting calendars.
        public var maxGap: Int?
        /// FX series per currency (units of base per 1 unit), to convert prices to `base`.
        public var fx: [(currency: Currency, file: String)] = []
        public var base = Currency.usd
        public init(prices: String, weights: String) { self.prices = prices; self.weights = weights }
    }

    public struct Result: Sendable {
        public var report: PortfolioRiskReport
        public var returns: ReturnPanel
        public var notes: [String]
    }

    public static func run(_ q: Request, options: RiskOptions) throws -> Result {
        let wl = try WeightsFile.load(path: q.weights)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: q.prices, isDirectory: &isDir) else { throw PriceDataError.fileNotFound(path: q.prices) }
        let policy: AlignmentPolicy = q.maxGap.map { .forwardFill(maxGap: $0) } ?? .intersection
        let loaded = isDir.boolValue
            ? try PricePanelFile.loadFolderWithReport(path: q.prices, tickers: wl.map(\.ticker), policy: policy)
            : try PricePanelFile.loadWideWithReport(path: q.prices, policy: policy)
        var panel = loaded.panel
        var notes = loaded.report.summaryLines
        if !q.fx.isEmpty {
            var series: [Currency: PriceSeries] = [:]
            for (c, file) in q.fx { series[c] = try PricePanelFile.loadSeries(file: file, ticker: "FX " + c.code) }
            panel = try panel.window(from: q.from, to: q.to).converted(to: q.base, fx: series)
            notes.append("prices converted to \(q.base.code) with FX series (last fixing on or before each date)")
        } else if Set(panel.currencies).count > 1 || panel.currencies.contains(where: { $0 != q.base }) {
            notes.append("prices are in listing currencies \(Set(panel.currencies.map(\.code)).sorted().joined(separator: ", ")); give --fx CUR=FILE to convert to \(q.base.code)")
        }
        var w = [Double](repeating: 0, count: panel.assetCount)
        for (t, v) in wl {
            guard let j = panel.index(of: t) else { throw PriceDataError.tickerAbsent(ticker: t, source: q.prices, available: panel.tickers) }
            w[j] = v
        }
        guard w.contains(where: { $0 != 0 }) else {
            throw SessionError("\(q.weights): every weight is 0; expected at least one non-zero weight (fractions of NAV, shorts negative)")
        }
        let r = try panel.returns(kind: q.returns, from: q.from, to: q.to)
        let rep = try PortfolioRisk.compute(returns: r, weights: w, options: options)
        if rep.monteCarloUsedEigenFactor {
            notes.append("covariance not positive definite: Monte Carlo used the eigenvalue factor (negative eigenvalues clipped)")
        }
        return Result(report: rep, returns: r, notes: notes)
    }
}
