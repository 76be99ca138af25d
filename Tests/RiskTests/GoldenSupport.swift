import Foundation
import Testing
import LinearAlgebra

/// Paths and helpers for the golden files written by tools/risk_reference.py.
enum Golden {
    static let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let dir = testsDir.appendingPathComponent("Golden").path
    static let repoRoot = testsDir.deletingLastPathComponent().deletingLastPathComponent()
    /// ../shared/data relative to the repository root (CI has it).
    static let sharedData = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/data").path

    static func load(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name + ".json"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    static func matrix(_ any: Any?) -> Matrix { Matrix(rowsOf: (any as! [[Any]]).map { $0.map { ($0 as! NSNumber).doubleValue } }) }
    static func vector(_ any: Any?) -> [Double] { (any as! [Any]).map { ($0 as! NSNumber).doubleValue } }
    static func number(_ any: Any?) -> Double { (any as! NSNumber).doubleValue }

    /// Largest relative difference, |a − b| / |b|, with a floor of `floor` on |b| (so entries that are exactly
    /// or nearly zero are compared on the scale of the matrix).
    static func maxRelative(_ a: [Double], _ b: [Double], floor: Double = 0) -> Double {
        precondition(a.count == b.count)
        var m = 0.0
        for i in 0..<a.count { m = max(m, abs(a[i] - b[i]) / max(abs(b[i]), floor, 1e-300)) }
        return m
    }
    static func maxRelative(_ a: Matrix, _ b: Matrix) -> Double {
        maxRelative(a.storage, b.storage, floor: 1e-6 * b.maxAbs)
    }
}
