// Fuzz target `volsurface`: an implied-vol surface YAML file → VolSurfaceFile (parse(text:file:)), then the surface the
// loader accepted read at grid, interior and extrapolated points (vols must be finite and positive) and the thesis
// book resolved with it (as MU's surface, when the file is for MU), whose exposure must be finite.
@testable import FileFormats
import Portfolio

@_silgen_name("hedgebook_fuzz_volsurface")
public func fuzzVolSurface(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let text = utf8Text(data, size) else { return 0 }
    guard let s = try? VolSurfaceFile.parse(text: text, file: "fuzz/vols.yaml") else { return 0 }
    let spot = 100.0
    var vols: [Double] = []
    for k in s.strikes.map({ s.axis == .moneyness ? $0 * spot : $0 }) + [1e-9, spot, 1e12] {
        for t in s.expiries + [0, 1e-9, 0.5, 200] { vols.append(s.volatility(strike: k, spot: spot, time: t)) }
    }
    requireFinite(vols, "surface vol on an accepted surface")
    if let bad = vols.first(where: { !($0 > 0) }) { fatalError("non-positive surface vol \(bad)") }
    var market = Thesis.shared.market
    market.volSurfaces[s.underlying] = s
    if market.quote(s.underlying) != nil, let rb = try? ResolvedBook(book: Thesis.shared.book, market: market, policy: fuzzPolicy) {
        requireFinite(ExposureCalculator.report(rb).positions.flatMap { [$0.notional, $0.deltaNotional] }, "exposure with a surface")
    }
    return 0
}
