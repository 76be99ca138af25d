import Foundation
import Testing
import Basics
import FileFormats
import MarketData

/// Writes `text` to a fresh temporary file and returns its path.
func tempFile(_ name: String, _ text: String) -> String {
    let dir = NSTemporaryDirectory() + "hedgebook-risk-\(getpid())-\(UUID().uuidString.prefix(8))"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let p = dir + "/" + name
    try? text.write(toFile: p, atomically: true, encoding: .utf8)
    return p
}

@Suite struct PanelLoaderTests {
    @Test func wideLoadsAndReturns() throws {
        let p = tempFile("p.csv", "Date,A,B\n2024-01-02,100,50\n2024-01-03,110,50\n2024-01-04,99,55\n")
        let panel = try PricePanelFile.loadWide(path: p)
        #expect(panel.tickers == ["A", "B"])
        #expect(panel.observationCount == 3)
        let r = try panel.returns(kind: .simple)
        // Hand-computed: 110/100−1 = 0.1, 99/110−1 = −0.1, 0, 55/50−1 = 0.1.
        #expect(abs(r.values[0, 0] - 0.1) < 1e-15)
        #expect(abs(r.values[1, 0] - (-0.1)) < 1e-15)
        #expect(abs(r.values[1, 1] - 0.1) < 1e-15)
        let lr = try panel.returns(kind: .log, from: LocalDate(iso: "2024-01-03"))
        #expect(lr.observationCount == 1)
        #expect(abs(lr.values[0, 0] - Foundation.log(0.9)) < 1e-15)
    }

    @Test func badInputsNameFileLineColumn() {
        let cases: [(String, (PriceDataError) -> Bool)] = [
            ("Date,A\n2024-13-02,1\n", { if case .badDate(_, 2, "2024-13-02") = $0 { return true }; return false }),
            ("Date,A\n2024-01-03,1\n2024-01-02,1\n", { if case .unsortedDates(_, 3, _, _) = $0 { return true }; return false }),
            ("Date,A\n2024-01-03,1\n2024-01-03,1\n", { if case .duplicateDate(_, 3, _) = $0 { return true }; return false }),
            ("Date,A\n2024-01-03,-1\n", { if case .nonPositivePrice(_, 2, "A", _) = $0 { return true }; return false }),
            ("Date,A\n2024-01-03,0\n", { if case .nonPositivePrice(_, 2, "A", _) = $0 { return true }; return false }),
            ("Date,A\n2024-01-03,abc\n", { if case .badPrice(_, 2, "A", "abc") = $0 { return true }; return false }),
            ("Date,A,B\n2024-01-03,1,\n", { if case .missingPrice(_, 2, "B") = $0 { return true }; return false }),
            ("Date,A,A\n2024-01-03,1,2\n", { if case .duplicateTicker(_, "A") = $0 { return true }; return false }),
            ("Date,A,B\n2024-01-03,1\n", { if case .raggedRow(_, 2, 3, 2) = $0 { return true }; return false }),
        ]
        for (text, check) in cases {
            let p = tempFile("bad.csv", text)
            do {
                _ = try PricePanelFile.loadWide(path: p)
                Issue.record("expected an error for \(text)")
            } catch {
                #expect(check(error), "\(error)")
                #expect(error.description.contains(p))
            }
        }
    }

    @Test func folderAlignmentIntersectionAndForwardFill() throws {
        let a = tempFile("AAA.csv", "Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,1,1,1,10,9,1\n2024-01-03,1,1,1,11,10,1\n2024-01-04,1,1,1,12,11,1\n2024-01-05,1,1,1,12,12,1\n")
        let dir = (a as NSString).deletingLastPathComponent
        try "Date,Close\n2024-01-02,5\n2024-01-04,6\n2024-01-05,7\n".write(toFile: dir + "/B.HK.csv", atomically: true, encoding: .utf8)
        let (p, rep) = try PricePanelFile.loadFolderWithReport(path: dir, tickers: ["AAA", "B.HK"])
        #expect(p.observationCount == 3)
        #expect(p.prices[0, 0] == 9)  // Adj Close chosen
        #expect(p.currencies[1].code == "HKD")
        #expect(rep.droppedDatesByTicker["B.HK"] == 1)
        let (f, rep2) = try PricePanelFile.loadFolderWithReport(path: dir, tickers: ["AAA", "B.HK"], policy: .forwardFill(maxGap: 1))
        #expect(f.observationCount == 4)
        #expect(f.prices[1, 1] == 5)
        #expect(rep2.filledByTicker["B.HK"] == 1)
        #expect(throws: PriceDataError.self) { try PricePanelFile.loadFolder(path: dir, tickers: ["ZZZ"]) }
    }

    @Test func weightsFile() throws {
        let p = tempFile("w.csv", "ticker,weight\nA,0.5\n# comment\nB,-0.25\n")
        let w = try WeightsFile.load(path: p)
        #expect(w.map(\.ticker) == ["A", "B"])
        #expect(w.map(\.weight) == [0.5, -0.25])
        #expect(throws: PriceDataError.self) { try WeightsFile.load(path: tempFile("w.csv", "A,x\n")) }
        #expect(throws: PriceDataError.self) { try WeightsFile.load(path: tempFile("w.csv", "A,1\nA,2\n")) }
        #expect(throws: PriceDataError.self) { try WeightsFile.load(path: tempFile("w.csv", "A,1,2\n")) }
    }
}

@Suite struct FXConversionTests {
    /// Base-currency price = local price × FX (base units per local unit), FX forward-filled from the last fixing.
    @Test func convertsWithLastFixing() throws {
        let p = tempFile("p.csv", "Date,0700.HK,NVDA\n2024-01-02,100,10\n2024-01-03,110,11\n2024-01-04,120,12\n")
        var panel = try PricePanelFile.loadWide(path: p)
        panel.currencies = [Currency("HKD"), .usd]
        let fx = PriceSeries(ticker: "HKD", dates: [LocalDate(iso: "2024-01-01")!, LocalDate(iso: "2024-01-03")!], values: [0.128, 0.127])
        let c = try panel.converted(to: .usd, fx: [Currency("HKD"): fx])
        #expect(c.prices[0, 0] == 100 * 0.128)
        #expect(c.prices[1, 0] == 110 * 0.127)
        #expect(c.prices[2, 0] == 120 * 0.127)
        #expect(c.prices[2, 1] == 12)
        #expect(c.currencies == [.usd, .usd])
        #expect(throws: PriceDataError.self) { try panel.converted(to: .usd, fx: [:]) }
    }
}
