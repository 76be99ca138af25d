import Application
import FileFormats
import Foundation
import Risk
import Stress
import Testing

/// `hedgebook factors` on the bundled workspace, and the workspace's `factors:` section's errors.
@Suite struct FactorsTests {
    static func workspace(_ factors: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hb-factors-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/hedgebook.yaml"
        try """
        version: 1
        book: \(repoRoot)/fixtures/books/ai-infra-thesis.yaml
        market: \(repoRoot)/fixtures/market/snapshot-2026-08-03.yaml
        history: {root: \(repoRoot)/../shared/data}
        \(factors)
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(.enabled(if: hasSharedData, "../shared/data absent: the factor model needs price history"))
    func unknownFactorTickerNamesFileLineAndKey() throws {
        let path = try Self.workspace("""
        factors:
          list:
            - {name: market, ticker: SPY}
            - {name: semis, ticker: SOXXX, orthogonalTo: [market]}
        """)
        let s = try Session(workspace: path, overrides: InputOverrides(allowStale: true))
        do {
            _ = try s.factors()
            Issue.record("expected an error")
        } catch let e as InputErrors {
            #expect(e.description.contains("\(path):8: factors.list[1].ticker: no price history for 'SOXXX' (factor semis)"), "\(e)")
        }
    }

    @Test func badFactorSectionsAreDiagnosedWhenReading() throws {
        let path = try Self.workspace("""
        factors:
          windowWeeks: 5
          covariance: garch
          list:
            - {name: semis, ticker: SOXX, orthogonalTo: [market]}
            - {name: rates, ticker: TNX_index, transform: level}
            - {name: rates, ticker: IRX_index}
        """)
        do {
            _ = try WorkspaceFile.load(path: path)
            Issue.record("expected an error")
        } catch let e as InputErrors {
            let t = e.description
            #expect(t.contains("\(path):6: factors.windowWeeks: expected a window in weeks in 20…5200, got 5"), "\(t)")
            #expect(t.contains(":7: factors.covariance: unknown estimator 'garch'; expected sample or ewma"))
            #expect(t.contains(":9: factors.list[0].orthogonalTo: 'market' is not a factor listed before 'semis'"))
            #expect(t.contains(":10: factors.list[1].transform: unknown transform 'level'"))
            #expect(t.contains(":11: factors.list[2].name: duplicate factor name 'rates'"))
        }
    }

    /// The thesis book: Euler contributions sum to the totals (σ, VaR, ES) to 1e-12, the book's exposures are
    /// Σ w β, and the proxies follow the risk command's rule.
    @Test(.enabled(if: hasSharedData, "../shared/data absent: the factor model needs price history"))
    func thesisBookDecomposesExactly() throws {
        let s = try thesisSession()
        let a = try s.factors()
        let r = a.report, d = r.decomposition
        let total = d.totalVariance
        #expect(abs((d.factorContributions.reduce(0, +) + d.positionSpecificContributions.reduce(0, +)) - total) < 1e-12 * total)
        #expect(abs(d.positionFactorContributions.reduce(0, +) - d.factorVariance) < 1e-12 * total)
        for c in a.confidences {
            let sv = d.scale(.valueAtRisk(c), horizonDays: a.horizonDays)
            let sum = (d.positionFactorContributions + d.positionSpecificContributions).map { $0 * sv }.reduce(0, +)
            #expect(abs(sum - a.valueAtRisk(c)) < 1e-12 * a.valueAtRisk(c))
        }
        let pairs = r.byPair.reduce(0.0) { $0 + $1.factor + $1.specific }
        let layers = r.byLayer.reduce(0.0) { $0 + $1.factor + $1.specific }
        #expect(abs(layers - total) < 1e-12 * total)  // every position has one layer
        #expect(pairs.isFinite)
        for (k, x) in d.factorExposures.enumerated() {
            let byHand = r.positions.reduce(0.0) { acc, p in acc + p.delta * r.names.first { $0.id == p.name }!.betas[k] }
            #expect(abs(x - byHand) < 1e-14)
        }
        #expect(r.names.first { $0.id == "688256.SS" }?.proxyPeers == ["NVDA", "AVGO"])
        #expect(r.names.first { $0.id == "9660.HK" }?.method == .ridge)
        // The explained gap: own-variance + co-movement terms = σ²(sample) − σ²(factor model), daily.
        let c = try #require(a.comparison)
        let gap = c.volatilityDaily * c.volatilityDaily - a.volatilityDaily * a.volatilityDaily
        #expect(abs(c.ownVarianceGap + c.comovementGap - gap) < 1e-10 * c.volatilityDaily * c.volatilityDaily, "\(c.ownVarianceGap + c.comovementGap) vs \(gap)")
    }

    /// A factor stress on the thesis book: semis −20% (market-neutral), the other factors by their conditional mean,
    /// every name by its exposures — NVDA's move equals Σ β·f computed from the same model.
    @Test(.enabled(if: hasSharedData, "../shared/data absent: the factor model needs price history"))
    func semisFactorStressPropagatesByExposures() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hb-fs-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
        version: 1
        id: semis-down
        description: semiconductors −20% beyond the market
        propagation: factor
        spot: [{factor: semis, relative: -0.20}]
        """.write(toFile: dir + "/semis.yaml", atomically: true, encoding: .utf8)
        let s = try Session(workspace: repoRoot + "/hedgebook.yaml", overrides: InputOverrides(scenarios: [dir + "/semis.yaml"]))
        let (report, _) = try s.stress()
        let o = try #require(report.outcomes.first { $0.scenario.id == "semis-down" })
        let model = try s.factorModel()
        let k = model.factors.names.firstIndex(of: "semis")!
        var shocked = [Double](repeating: 0, count: model.factors.names.count)
        // Conditional mean of the other factors given semis = −0.2: F_us / F_ss × (−0.2).
        for i in shocked.indices { shocked[i] = i == k ? -0.2 : model.covariance[i, k] / model.covariance[k, k] * -0.2 }
        let nvda = model.fit("NVDA")!.betas
        let expected = zip(nvda, shocked).reduce(0) { $0 + $1.0 * $1.1 }
        let move = try #require(o.resolved.move("NVDA"))
        #expect(move.source == .factor)
        #expect(abs(move.spotReturn - expected) < 1e-12, "\(move.spotReturn) vs \(expected)")
        #expect(o.total < 0)
        #expect(report.propagationSource.contains("factor"))
    }

    /// What-if: selling 5% of NAV of SOXX moves the semis exposure by −5 pp and the market exposure by −5 × β(SOXX on
    /// SPY) (SOXX is exactly market·β + semis by the factor's construction); the other factors stay put.
    @Test(.enabled(if: hasSharedData, "../shared/data absent: the factor model needs price history"))
    func whatIfShowsDeltaFactorExposures() throws {
        let s = try thesisSession()
        let r = try s.whatIf([try TradeFile.parse("SOXX -5%", source: "test")])
        let f = try #require(r.factorExposures)
        let model = try s.factorModel()
        let beta = model.factors.orthogonalisation[model.factors.names.firstIndex(of: "semis")!][0].beta
        for (k, name) in f.factors.enumerated() {
            let d = f.after[k] - f.before[k]
            switch name {
            case "semis": #expect(abs(d + 0.05) < 1e-9, "\(d)")
            case "market": #expect(abs(d + 0.05 * beta) < 1e-9, "\(d)")
            default: #expect(abs(d) < 1e-9, "\(name) \(d)")
            }
        }
    }

    /// The bundled workspace states the factor model explicitly, and it is the documented default set.
    @Test func bundledWorkspaceFactorsAreTheDefaults() throws {
        let w = try WorkspaceFile.load(path: repoRoot + "/hedgebook.yaml")
        let list = try #require(w.factorModel.factors)
        #expect(list.map(\.name) == FactorDefinition.defaults.map(\.name))
        #expect(list.map(\.ticker) == FactorDefinition.defaults.map(\.ticker))
        #expect(list.map(\.orthogonalTo) == FactorDefinition.defaults.map(\.orthogonalTo))
        #expect(list.map(\.transform) == FactorDefinition.defaults.map(\.transform.rawValue))
        let d = FactorModelSettings(), f = w.factorModel
        #expect(f.windowWeeks == d.windowWeeks && f.fullHistoryWeeks == d.fullHistoryWeeks && f.minimumWeeks == d.minimumWeeks)
        #expect(f.ridge == d.ridge && f.covariance == "sample" && d.covariance == .sample)
    }
}
