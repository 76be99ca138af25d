extension EngineBuffers {
    /// Steps (a) borrow fee and (b) mark for days s0...s1, a stretch over which the shares are constant (no
    /// candidate day inside it but s0 and s1): each held name's price column is swept over the stretch once
    /// (contiguous, vectorisable), accumulating per day into `fee`, `longValue`, `shortValue` and `marked`.
    ///
    /// - (b) marks: long and short values per day; the name's price P&L telescopes over the stretch
    ///   (shares × (close(s1) − close(s0 − 1))).
    /// - (a) borrow: fee(s) += |shares| × rate × close(s − 1) × dt(s) for s ≥ 1, with the name's total over the
    ///   stretch added to its borrow.
    @inline(__always)
    func sweep(_ s0: Int, _ s1: Int, prices P: UnsafePointer<Double>) {
        let lvP = longValue, svP = shortValue, feeP = fee, mvP = marked
        let dtP = UnsafePointer(dtYears)
        let qp = shares, rp = borrowRate, cbp = colBase, pnl = pricePnL, bA = borrow
        for s in s0...s1 { feeP[s] = 0; lvP[s] = 0; svP[s] = 0 }
        for a in 0..<n {
            let qa = qp[a]
            if qa == 0 { continue }
            let c = UnsafePointer(P + cbp[a])
            // (b) marks; price P&L telescopes over the stretch.
            if qa > 0 {
                for s in s0...s1 { lvP[s] += qa * c[s] }
            } else {
                for s in s0...s1 { svP[s] += qa * c[s] }
                // (a) borrow on the previous close's short value.
                let k = -qa * rp[a]
                let f0 = max(s0, 1)
                if k != 0 && f0 <= s1 {
                    bA[a] += Self.shortFee(k, close: c, dt: dtP, into: feeP, from: f0, through: s1)
                }
            }
            if s0 > 0 { pnl[a] += qa * (c[s1] - c[s0 - 1]) }
        }
        for s in s0...s1 { mvP[s] = lvP[s] + svP[s] }
    }

    /// fee[s] += k · close[s−1] · dt[s] for s in f0...s1 (f0 ≥ 1); returns the sum of the added terms, summed
    /// with a 4-lane accumulator (lane j takes s ≡ f0 + j mod 4) and then the scalar tail in order.
    @inline(__always)
    static func shortFee(_ k: Double, close c: UnsafePointer<Double>, dt dtP: UnsafePointer<Double>,
                         into feeP: UnsafeMutablePointer<Double>, from f0: Int, through s1: Int) -> Double {
        var acc = SIMD4<Double>(repeating: 0)
        var s = f0
        let cr = UnsafeRawPointer(c), dr = UnsafeRawPointer(dtP), fr = UnsafeMutableRawPointer(feeP)
        while s + 4 <= s1 + 1 {
            let f = k * cr.loadUnaligned(fromByteOffset: (s - 1) * 8, as: SIMD4<Double>.self)
                * dr.loadUnaligned(fromByteOffset: s * 8, as: SIMD4<Double>.self)
            let old = fr.loadUnaligned(fromByteOffset: s * 8, as: SIMD4<Double>.self)
            fr.storeBytes(of: old + f, toByteOffset: s * 8, as: SIMD4<Double>.self)
            acc += f
            s += 4
        }
        var tot = acc.sum()
        while s <= s1 {
            let f = k * c[s - 1] * dtP[s]
            feeP[s] += f
            tot += f
            s += 1
        }
        return tot
    }
}
