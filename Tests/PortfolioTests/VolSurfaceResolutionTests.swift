import Basics
import FileFormats
import Foundation
import Instruments
import MarketData
import Portfolio
import Pricing
import Testing

/// The implied-vol surface against QuantLib (Golden/vol_surface.json from tools/vol_surface_reference.py) and its use
/// in option resolution: the MU January-2027 put (0.8 × spot, premium budget 3% of NAV) priced off the ILLUSTRATIVE
/// surface fixtures/market/vols/MU-illustrative.yaml instead of MU's realised vol.
@Suite struct VolSurfaceResolutionTests {
    static let surfacePath = root + "/fixtures/market/vols/MU-illustrative.yaml"
    static var golden: [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/vol_surface.json")
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }
    static func num(_ d: [String: Any], _ k: String) -> Double { (d[k] as! NSNumber).doubleValue }

    func inputs(surface: Bool) throws -> (Book, MarketSnapshot) {
        let b = try BookFile.load(path: root + "/fixtures/books/ai-infra-thesis.yaml")
        var m = try MarketFile.load(path: root + "/fixtures/market/snapshot-2026-08-03.yaml")
        if surface { m.volSurfaces["MU"] = try VolSurfaceFile.load(path: Self.surfacePath) }
        return (b, m)
    }

    @Test func interpolationMatchesQuantLibBlackVarianceSurface() throws {
        let s = try VolSurfaceFile.load(path: Self.surfacePath)
        let cases = Self.golden["cases"] as! [[String: Any]]
        #expect(cases.count == 14)
        let spot = 814.624
        for c in cases {
            let k = Self.num(c, "moneyness") * spot, t = Self.num(c, "time")
            let v = s.volatility(strike: k, spot: spot, time: t), w = s.totalVariance(strike: k, spot: spot, time: t)
            #expect(abs(v - Self.num(c, "volatility")) <= 1e-13, "\(c["label"]!) K/S \(c["moneyness"]!) days \(c["days"]!): \(v) vs QuantLib \(Self.num(c, "volatility"))")
            #expect(abs(w - Self.num(c, "totalVariance")) <= 1e-13, "\(c["label"]!): w \(w) vs QuantLib \(Self.num(c, "totalVariance"))")
        }
    }

    @Test func theMUPutIsPricedOffTheSurface() throws {
        let put = Self.golden["muPut"] as! [String: Any]
        let (book, plain) = try inputs(surface: false)
        let (_, withSurface) = try inputs(surface: true)
        let before = try ResolvedBook(book: book, market: plain)
        let after = try ResolvedBook(book: book, market: withSurface)
        let p0 = before.positions.first { $0.position.id == "MU-P-2027-01" }!, p1 = after.positions.first { $0.position.id == "MU-P-2027-01" }!
        let o0 = p0.option!, o1 = p1.option!
        // Without a surface: the realised vol, flat.
        #expect(o0.volatility == plain.quote("MU")!.volatility && o0.volatilitySource == .realised)
        // With it: QuantLib's interpolated vol at K = 0.8 × spot and T = 165/365.
        #expect(abs(o1.strike - Self.num(put, "strike")) <= 1e-12 * o1.strike && abs(o1.timeToExpiry - Self.num(put, "time")) <= 1e-15)
        #expect(abs(o1.volatility - Self.num(put, "volatility")) <= 1e-13, "\(o1.volatility) vs \(Self.num(put, "volatility"))")
        #expect(o1.volatilitySource == .surface(Self.surfacePath))
        // The European Black–Scholes–Merton price at that vol = QuantLib's AnalyticEuropeanEngine.
        let eu = BlackScholes.price(right: .put, spot: p1.spot, strike: o1.strike, time: o1.timeToExpiry, rate: o1.rate,
                                    dividendYield: o1.dividendYield, volatility: o1.volatility)
        #expect(abs(eu - Self.num(put, "europeanPrice")) <= 1e-10 * eu, "\(eu) vs \(Self.num(put, "europeanPrice"))")
        // The American single price (CRR, 1000 steps) = QuantLib's CRR 1000 within the lattice tolerance of the
        // American golden tests (1e-4 × spot).
        #expect(abs(p1.todayUnitPrice! - Self.num(put, "americanCRR1000")) <= 1e-4 * p1.spot,
                "\(p1.todayUnitPrice!) vs QuantLib CRR \(Self.num(put, "americanCRR1000"))")
        // A higher vol (0.8256 vs 0.7992) makes the put dearer, so the 3%-of-NAV budget buys fewer contracts: the
        // budget is the same in both (contracts × 100 × price = 3% NAV).
        #expect(p1.todayUnitPrice! > p0.todayUnitPrice!)
        #expect(abs(p1.quantity * 100 * p1.todayUnitPrice! - 0.03 * book.nav) <= 1e-9 * book.nav)
        #expect(abs(p0.quantity * 100 * p0.todayUnitPrice! - 0.03 * book.nav) <= 1e-9 * book.nav)
        #expect(abs(p1.quantity / p0.quantity - p0.todayUnitPrice! / p1.todayUnitPrice!) <= 1e-12)
        // The note says where the vol came from and the rule.
        #expect(after.notes.contains { $0.hasPrefix("MU-P-2027-01: vol 82.56% from the implied-vol surface \(Self.surfacePath) at strike 651.70 (K/S 0.8000)") && $0.contains("total variance σ²T bilinear") })
        #expect(!before.notes.contains { $0.contains("implied-vol surface") })
        // Every other position is bound exactly as without the surface.
        for (a, b) in zip(before.positions, after.positions) where a.position.id != "MU-P-2027-01" { #expect(a == b) }
        print("MU put: realised vol \(o0.volatility) → price \(p0.todayUnitPrice!) USD/sh, \(p0.quantity) contracts; surface vol \(o1.volatility) → price \(p1.todayUnitPrice!) USD/sh, \(p1.quantity) contracts (QuantLib CRR1000 \(Self.num(put, "americanCRR1000")))")
    }
}
