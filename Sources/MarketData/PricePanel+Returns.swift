import Foundation
import Basics
import LinearAlgebra

extension PricePanel {
    /// Close-to-close returns over the prices dated within [`from`, `to`] (inclusive; nil = open end). The first
    /// return is from the first price in the window to the second, so the window's T prices give T − 1 returns.
    /// - Throws: ``PriceDataError/tooFewObservations(observations:assets:context:)`` when fewer than 2 prices remain.
    public func returns(kind: ReturnKind = .simple, from: LocalDate? = nil, to: LocalDate? = nil)
        throws(PriceDataError) -> ReturnPanel
    {
        let lo = from.map { f in dates.firstIndex { $0 >= f } ?? dates.count } ?? 0
        let hi = to.map { t in (dates.lastIndex { $0 <= t } ?? -1) + 1 } ?? dates.count
        let count = hi - lo
        guard count >= 2 else {
            throw .tooFewObservations(observations: max(0, count - 1), assets: assetCount,
                                      context: "returns between \(from?.description ?? "start") and \(to?.description ?? "end")")
        }
        let t = count - 1
        let n = assetCount
        var out = [Double](repeating: 0, count: t * n)
        let rows = prices.rows
        prices.storage.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in
                for j in 0..<n {
                    let base = j * rows + lo
                    for i in 0..<t {
                        let r = p[base + i + 1] / p[base + i]
                        o[j * t + i] = kind == .simple ? r - 1 : Foundation.log(r)
                    }
                }
            }
        }
        return ReturnPanel(dates: Array(dates[(lo + 1)..<hi]), tickers: tickers,
                           values: Matrix(rows: t, cols: n, columnMajor: out), kind: kind)
    }

    /// The sub-panel of prices dated within [`from`, `to`] (inclusive; nil = open end).
    public func window(from: LocalDate?, to: LocalDate?) -> PricePanel {
        let keep = dates.indices.filter { (from == nil || dates[$0] >= from!) && (to == nil || dates[$0] <= to!) }
        var s: [Double] = []
        s.reserveCapacity(keep.count * assetCount)
        for j in 0..<assetCount { for i in keep { s.append(prices[i, j]) } }
        return PricePanel(dates: keep.map { dates[$0] }, tickers: tickers,
                          prices: Matrix(rows: keep.count, cols: assetCount, columnMajor: s), currencies: currencies)
    }
}
