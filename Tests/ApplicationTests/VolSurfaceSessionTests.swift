import Application
import FileFormats
import Foundation
import MarketData
import Testing

/// A workspace naming an implied-vol surface (`volSurfaces`): the session prices the MU put off it in every analysis
/// (resolved book, payoff sizing), states it in the input summary and notes, and lists the file among its inputs.
@Suite struct VolSurfaceSessionTests {
    static let surface = repoRoot + "/fixtures/market/vols/MU-illustrative.yaml"

    func workspace(_ volSurfaces: String, name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hb-vol-\(name)-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("hedgebook.yaml").path
        try """
        version: 1
        book: \(repoRoot)/fixtures/books/ai-infra-thesis.yaml
        market: \(repoRoot)/fixtures/market/snapshot-2026-08-03.yaml
        volSurfaces: \(volSurfaces)
        policies: {marketData: {refuseQuoteAgeDays: 260}}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aNamedSurfacePricesTheMUPutEverywhere() throws {
        let path = try workspace("{MU: \(Self.surface)}", name: "map")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let s = try Session(workspace: path)
        #expect(s.spec.volSurfaceFiles.map(\.underlying) == ["MU"])
        let put = s.resolved.positions.first { $0.position.id == "MU-P-2027-01" }!
        #expect(put.option!.volatilitySource == .surface(Self.surface))
        #expect(abs(put.option!.volatility - 0.8255860) < 1e-6)
        #expect(s.inputSummary.contains("vol surfaces: MU \(Self.surface) (other options: realised vol)"))
        #expect(s.inputFiles.contains(Self.surface))
        #expect(s.resolved.notes.contains { $0.hasPrefix("MU-P-2027-01: vol 82.56% from the implied-vol surface") })
        // Payoff sizes the put off the same vol (same tree steps): the same contracts as every other measure.
        let pay = s.payoff(try s.payoffOptions())
        let section = pay.sections.first { $0.id == "MU-P-2027-01" }!
        #expect(abs(section.sizing!.contractsExact - put.quantity) <= 1e-9 * put.quantity)
        #expect(section.notes.contains { $0.hasPrefix("MU-P-2027-01: vol 82.56% from the implied-vol surface") })
        // Without the surface (the bundled workspace's rule): the realised vol, nothing said about surfaces.
        let plain = try Session(spec: { var w = s.spec; w.volSurfaceFiles = []; return w }(), layout: .init(locations: []))
        let p0 = plain.resolved.positions.first { $0.position.id == "MU-P-2027-01" }!
        #expect(p0.option!.volatilitySource == .realised && p0.option!.volatility == 0.7992)
        #expect(!plain.inputSummary.contains { $0.hasPrefix("vol surfaces") })
        #expect(p0.quantity > put.quantity)
    }

    @Test func aFolderOfSurfacesAndItsErrors() throws {
        let folder = (Self.surface as NSString).deletingLastPathComponent
        let path = try workspace(folder, name: "folder")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let s = try Session(workspace: path)
        #expect(s.spec.volSurfaceFolder == folder && s.market.volSurfaces.keys.sorted() == ["MU"])
        // A surface named for the wrong underlying: an error naming the file and key, before anything runs.
        let bad = try workspace("{NVDA: \(Self.surface)}", name: "bad")
        defer { try? FileManager.default.removeItem(atPath: (bad as NSString).deletingLastPathComponent) }
        do { _ = try Session(workspace: bad); Issue.record("expected an error") } catch let e as InputErrors {
            #expect(e.description == "\(Self.surface): underlying: the file is for 'MU' but the workspace names it for 'NVDA'")
        }
    }
}
