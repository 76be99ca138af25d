// Fuzz target `csv`: a CSV price file through the public readers of FileFormats (they take a path, so the input is
// written to a scratch file first): PricePanelFile.loadWide under both alignment policies, loadSeries, and the
// returns, window and report of a panel the reader accepted.
import Foundation
import FileFormats
import MarketData

let csvScratch = ScratchFile(name: "panel.csv")

@_silgen_name("hedgebook_fuzz_csv")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let path = csvScratch.write(bytes(data, size))
    for policy in [AlignmentPolicy.intersection, .forwardFill(maxGap: 3)] {
        if let (panel, report) = try? PricePanelFile.loadWideWithReport(path: path, policy: policy) {
            _ = report.summaryLines
            _ = try? panel.returns(kind: .simple)
            _ = try? panel.returns(kind: .log, from: panel.dates.first, to: panel.dates.last)
            _ = panel.window(from: panel.dates.dropFirst().first, to: nil)
        }
    }
    for column in ["Adj Close", "Close"] {
        if let s = try? PricePanelFile.loadSeries(file: path, ticker: "FUZZ.HK", column: column) {
            _ = try? PriceAlignment.align([s], policy: .forwardFill(maxGap: 2))
        }
    }
    return 0
}
