import Basics
import FileFormats
import Foundation
import MarketData
import Testing

/// Speed of the CSV reader on a wide price panel (run once, in release, on demand):
///   HEDGEBOOK_BENCH=1 OPENBLAS_NUM_THREADS=1 swift test -c release --filter CSVBenchmarks
/// Writes a 500-ticker × 5,041-date panel of 6-significant-digit prices (~20 MB) to the temporary directory and prints
/// MB/s for the reader alone (into a column-major [Double]), `PricePanelFile.loadWide` and the transitional
/// String-based `PricePanelLoader.loadWide`. Never a timing assertion.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["HEDGEBOOK_BENCH"] == "1"))
struct CSVBenchmarks {
    static func panelFile(tickers n: Int = 500, dates t: Int = 5041) throws -> String {
        let path = NSTemporaryDirectory() + "hedgebook-bench-panel-\(n)x\(t).csv"
        if FileManager.default.fileExists(atPath: path) { return path }
        var g = SplitMix64(state: 1)
        var price = (0..<n).map { _ in 5 + Double(g.next() >> 11) * 0x1p-53 * 1995 }
        var text = "Date," + (1...n).map { "T\($0)" }.joined(separator: ",") + "\n"
        var day = LocalDate(iso: "2005-01-03")!
        for _ in 0..<t {
            var row = day.description
            for j in 0..<n {
                let u = Double(g.next() >> 11) * 0x1p-53
                price[j] = min(max(price[j] * (1 + (u - 0.5) * 0.06), 1), 99_999)
                row += "," + String(format: "%.6g", price[j])
            }
            text += row + "\n"
            repeat { day = day.adding(days: 1) } while day.weekday > 5
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func best(_ reps: Int, _ body: () throws -> Void) rethrows -> Double {
        var b = Double.infinity
        for _ in 0..<reps {
            let t0 = DispatchTime.now().uptimeNanoseconds
            try body()
            b = min(b, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        return b
    }

    @Test func widePanel500x5041() throws {
        let path = try Self.panelFile()
        let size = Double((try FileManager.default.attributesOfItem(atPath: path)[.size] as! NSNumber).intValue)
        func report(_ label: String, _ seconds: Double) {
            print("BENCH \(label): \(String(format: "%.1f", seconds * 1000)) ms, \(String(format: "%.0f", size / seconds / 1e6)) MB/s")
        }
        var sum = 0.0
        report("CSVReader → column-major [Double]", try Self.best(7) {
            var r = try CSVReader(path: path)
            guard let header = try r.next() else { return }
            let n = header.count - 1
            let cap = r.remainingRowEstimate
            var out = [Double](repeating: .nan, count: cap * n)
            var i = 0
            out.withUnsafeMutableBufferPointer { o in
                while let row = try? r.next() {
                    for j in 0..<n { o[j * cap + i] = row.double(at: j + 1) ?? .nan }
                    i += 1
                }
            }
            sum = out[0]
        })
        var new: PricePanel?
        report("PricePanelFile.loadWide", try Self.best(7) { new = try PricePanelFile.loadWide(path: path) })
        var old: PricePanel?
        report("PricePanelLoader.loadWide (String reader)", try Self.best(1) { old = try PricePanelLoader.loadWide(path: path) })
        #expect(new == old)
        #expect(sum == new?.prices[0, 0])
    }
}
