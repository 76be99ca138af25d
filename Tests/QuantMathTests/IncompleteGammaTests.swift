import Foundation
import QuantMath
import Testing

/// The regularised incomplete gamma and the chi-square distribution against scipy (gammainc, gammaincc, chi2.cdf,
/// chi2.sf), golden values written by tools/var_backtest_reference.py; plus closed forms for 1 and 2 degrees of freedom.
@Suite struct IncompleteGammaTests {
    static var golden: [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/incomplete_gamma.json")
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }
    static func num(_ d: [String: Any], _ k: String) -> Double { (d[k] as! NSNumber).doubleValue }

    /// |swift − scipy| ≤ 1e-14 absolute and ≤ 1e-12 relative where the value is above 1e-300.
    @Test func regularizedGammaMatchesScipy() {
        let grid = Self.golden["gamma"] as! [[String: Any]]
        #expect(grid.count == 80)
        for g in grid {
            let a = Self.num(g, "a"), x = Self.num(g, "x")
            let p = IncompleteGamma.lowerRegularized(a, x), q = IncompleteGamma.upperRegularized(a, x)
            for (mine, ref) in [(p, Self.num(g, "P")), (q, Self.num(g, "Q"))] {
                #expect(abs(mine - ref) <= 1e-14, "a \(a) x \(x): \(mine) vs \(ref)")
                if ref > 1e-300 { #expect(abs(mine / ref - 1) <= 1e-12, "a \(a) x \(x): \(mine) vs \(ref)") }
            }
        }
    }

    @Test func chiSquareMatchesScipy() {
        for g in Self.golden["chiSquare"] as! [[String: Any]] {
            let k = Self.num(g, "k"), x = Self.num(g, "x")
            #expect(abs(ChiSquare.cdf(x, degreesOfFreedom: k) - Self.num(g, "cdf")) <= 1e-14, "k \(k) x \(x)")
            let sf = Self.num(g, "sf")
            #expect(abs(ChiSquare.survival(x, degreesOfFreedom: k) - sf) <= 1e-14, "k \(k) x \(x)")
            if sf > 1e-300 { #expect(abs(ChiSquare.survival(x, degreesOfFreedom: k) / sf - 1) <= 1e-12, "k \(k) x \(x)") }
        }
    }

    /// Closed forms: χ²(1) survival = erfc(√(x/2)); χ²(2) survival = e^{−x/2}; the 5% critical values 3.841… and 5.991….
    @Test func closedForms() {
        for x in [0.01, 0.5, 1, 3.841458820694124, 10, 40] {
            #expect(abs(ChiSquare.survival(x, degreesOfFreedom: 1) - erfc((x / 2).squareRoot())) < 1e-15)
            #expect(abs(ChiSquare.survival(x, degreesOfFreedom: 2) / exp(-x / 2) - 1) < 1e-13)
        }
        #expect(abs(ChiSquare.survival(3.841458820694124, degreesOfFreedom: 1) - 0.05) < 1e-15)
        #expect(abs(ChiSquare.survival(5.991464547107979, degreesOfFreedom: 2) - 0.05) < 1e-15)
        #expect(IncompleteGamma.lowerRegularized(-1, 1).isNaN && IncompleteGamma.upperRegularized(1, -1).isNaN)
        #expect(ChiSquare.survival(0, degreesOfFreedom: 1) == 1 && ChiSquare.cdf(0, degreesOfFreedom: 3) == 0)
    }
}
