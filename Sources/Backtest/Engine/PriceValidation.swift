/// Prices are validated (finite, > 0 inside each name's availability; ≥ 0 for derivatives) block by block, just
/// ahead of the sweep: the validation pass streams each column over the next block of days (prefetch-friendly),
/// which also brings the block into cache for the sweep that follows.
extension DayLoop {
    /// Checks days validatedThrough+1 ... max(upTo, validatedThrough + ``Backtester/validationBlock``) (capped at
    /// the last day) of every name's column, inside its availability.
    /// - Throws: ``BacktestError/nonPositivePrice(ticker:date:value:)`` for the first invalid price of the first
    ///   name (in universe order) that has one in the block.
    mutating func validatePrices(upTo: Int) throws(BacktestError) {
        let v0 = validatedThrough + 1
        let v1 = min(plan.T - 1, max(upTo, validatedThrough + Backtester.validationBlock))
        let avL = buffers.availableFrom, avH = buffers.availableThrough, cbp = buffers.colBase
        for a in 0..<plan.n {
            let lo = max(v0, avL[a]), hi = min(v1, avH[a])
            if lo > hi { continue }
            let c = P + cbp[a]
            let zeroOK = plan.zeroPriceAllowed[a]
            if !Self.pricesValid(c, from: lo, through: hi, zeroAllowed: zeroOK) {
                let s = (lo...hi).first { !((c[$0] > 0 || (zeroOK && c[$0] == 0)) && c[$0] < .infinity) }!
                throw .nonPositivePrice(ticker: tickers[a], date: dates[s], value: c[s])
            }
        }
        validatedThrough = v1
    }

    /// Branch-free SIMD scan of c[lo...hi]: the minimum catches ≤ 0 (and −inf), the sum catches NaN and ±inf.
    @inline(__always)
    static func pricesValid(_ c: UnsafePointer<Double>, from lo: Int, through hi: Int, zeroAllowed: Bool) -> Bool {
        var vmin = SIMD4<Double>(repeating: .infinity), vsum = SIMD4<Double>(repeating: 0)
        var s = lo
        let raw = UnsafeRawPointer(c)
        while s + 4 <= hi + 1 {
            let v = raw.loadUnaligned(fromByteOffset: s * 8, as: SIMD4<Double>.self)
            vmin.replace(with: v, where: v .< vmin)
            vsum += v
            s += 4
        }
        var mn = vmin.min(), sum = vsum.sum()
        while s <= hi { mn = min(mn, c[s]); sum += c[s]; s += 1 }
        return sum.isFinite && (zeroAllowed ? mn >= 0 : mn > 0)
    }
}
