import Backtest
import Basics
import FileFormats
import Foundation
import MarketData
import QuantMath
import Testing

/// The outcome of a load: the value or the error, for comparing two readers.
enum Outcome<T: Equatable>: Equatable {
    case value(T)
    case error(PriceDataError)
    init(_ body: () throws(PriceDataError) -> T) {
        do { self = .value(try body()) } catch { self = .error(error) }
    }
}

struct Loaded: Equatable {
    var panel: PricePanel
    var report: AlignmentReport
}

/// The files the CSV reader reads and the transitional String-based loader in MarketData reads alike: same panels,
/// same reports, same errors.
@Suite struct PriceFileTests {
    static let wideCases: [String] = [
        "Date,A,B\n2024-01-02,100,50\n2024-01-03,110,50\n2024-01-04,99,55\n",
        "Date,A,B\r\n2024-01-02,100,50\r\n2024-01-03,110,50\r\n",
        "\u{FEFF}date,A,B\n2024-01-02,100,50\n# comment\n\n2024-01-03, 110 ,\"50\"\n",
        "Date,A,B\n2024-01-02,100,\n2024-01-03,110,50\n2024-01-04,,55\n2024-01-05,1e2,NaN\n2024-01-08,null,N/A\n",
        "Date,A\n2024-13-02,1\n",
        "Date,A\n2024-01-03,1\n2024-01-02,1\n",
        "Date,A\n2024-01-03,1\n2024-01-03,1\n",
        "Date,A\n2024-01-03,-1\n",
        "Date,A\n2024-01-03,0\n",
        "Date,A\n2024-01-03,-0\n",
        "Date,A\n2024-01-03,abc\n",
        "Date,A\n2024-01-03,inf\n",
        "Date,A\n2024-01-03,0x10\n",
        "Date,A,B\n2024-01-03,1,\n",
        "Date,A,A\n2024-01-03,1,2\n",
        "Date,A,B\n2024-01-03,1\n",
        "Date,A,\n2024-01-03,1,2\n",
        "Ticker,A\n2024-01-03,1\n",
        "Date,A\n",
        "Date\n2024-01-02\n",
        "",
        "Date,A\n1/2/2024,5\n1/3/2024,6\n2024/01/04,7\n2024-01-05 00:00:00,8\n",
        "Date,A\n2024-1-2,5\n",
        "Date,A\n2024-02-30,5\n",
        "Date,A\n20240102,5\n",
        "Date,A,B\n2024-01-02,100.123456789012345678,50.5\n2024-01-03,1.7976931348623157e308,+50\n",
    ]

    /// Loads `text` with the CSV reader and the String loader.
    static func bothWide(_ text: String, policy: AlignmentPolicy) -> (Outcome<Loaded>, Outcome<Loaded>, String) {
        let p = tempFile(text, name: "panel.csv")
        let new = Outcome<Loaded> { () throws(PriceDataError) in
            let r = try PricePanelFile.loadWideWithReport(path: p, policy: policy)
            return Loaded(panel: r.panel, report: r.report)
        }
        let old = Outcome<Loaded> { () throws(PriceDataError) in
            let r = try LegacyPriceReader.loadWideWithReport(path: p, policy: policy)
            return Loaded(panel: r.panel, report: r.report)
        }
        return (new, old, p)
    }

    @Test(arguments: wideCases)
    func wideAgreesWithTheStringLoader(_ text: String) {
        for policy in [AlignmentPolicy.intersection, .forwardFill(maxGap: 1), .forwardFill(maxGap: 5)] {
            let (new, old, _) = Self.bothWide(text, policy: policy)
            #expect(new == old, "\(text.debugDescription) \(policy)")
        }
    }

    @Test func randomWidePanelsAgreeWithTheStringLoader() {
        var g = SplitMix64(seed: 9)
        let cells = ["", "null", "NaN", "n/a", "NA", "0", "-3", "x", "1e400", "0.1", "12.5", "1234567.891", "3e-2",
                     "100.00000000000000001", " 7 ", "\"8.5\""]
        for round in 0..<60 {
            let n = Int(g.next() % 6) + 1
            let t = Int(g.next() % 12) + 1
            var text = "Date," + (0..<n).map { "T\($0)" }.joined(separator: ",") + "\n"
            var day = LocalDate(iso: "2023-12-29")!
            for _ in 0..<t {
                day = day.adding(days: Int(g.next() % 3) + (g.next() % 40 == 0 ? 0 : 1))
                var row = ["\(day)"]
                for _ in 0..<n {
                    let r = g.next() % 100
                    if r < 80 {
                        row.append("\(Double(g.next() % 100_000 + 1) / 100)")
                    } else {
                        row.append(cells[Int(g.next() % UInt64(cells.count))])
                    }
                }
                text += row.joined(separator: ",") + (g.next() % 2 == 0 ? "\n" : "\r\n")
            }
            let policy: AlignmentPolicy = round % 2 == 0 ? .intersection : .forwardFill(maxGap: Int(g.next() % 3))
            let (new, old, _) = Self.bothWide(text, policy: policy)
            #expect(new == old, "\(text.debugDescription) \(policy)")
        }
    }

    @Test func wideErrorsNameFileLineColumn() {
        let cases: [(String, (PriceDataError) -> Bool)] = [
            ("Date,A\n2024-13-02,1\n", { if case .badDate(_, 2, "2024-13-02") = $0 { return true }; return false }),
            ("Date,A\n2024-01-03,1\n2024-01-02,1\n", { if case .unsortedDates(_, 3, _, _) = $0 { return true }; return false }),
            ("Date,A\n2024-01-03,1\n# c\n2024-01-03,1\n", { if case .duplicateDate(_, 4, _) = $0 { return true }; return false }),
            ("Date,A\n2024-01-03,-1\n", { if case .nonPositivePrice(_, 2, "A", -1) = $0 { return true }; return false }),
            ("Date,A\n2024-01-03,abc\n", { if case .badPrice(_, 2, "A", "abc") = $0 { return true }; return false }),
            ("Date,A,B\n2024-01-03,1,\n", { if case .missingPrice(_, 2, "B") = $0 { return true }; return false }),
            ("Date,A,A\n2024-01-03,1,2\n", { if case .duplicateTicker(_, "A") = $0 { return true }; return false }),
            ("Date,A,B\n2024-01-03,1\n", { if case .raggedRow(_, 2, 3, 2) = $0 { return true }; return false }),
            ("Date,A\n2024-01-03,\"1\n", { if case .malformed(_, 2, 2, _) = $0 { return true }; return false }),
            ("Date,A\n", { if case .empty = $0 { return true }; return false }),
            ("", { if case .empty = $0 { return true }; return false }),
        ]
        for (text, check) in cases {
            let p = tempFile(text, name: "bad.csv")
            do {
                _ = try PricePanelFile.loadWide(path: p)
                Issue.record("expected an error for \(text)")
            } catch {
                #expect(check(error), "\(error)")
                #expect(error.description.contains(p))
            }
        }
        #expect(throws: PriceDataError.fileNotFound(path: "/nonexistent/p.csv")) {
            try PricePanelFile.loadWide(path: "/nonexistent/p.csv")
        }
    }

    @Test func crlfFilesReadLikeLFFiles() throws {
        let lf = "Date,A,B\n2024-01-02,100,50\n\n2024-01-03,110,x\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        for text in [lf, crlf] {
            let p = tempFile(text, name: "p.csv")
            #expect(throws: PriceDataError.badPrice(file: p, line: 4, column: "B", text: "x")) { try PricePanelFile.loadWide(path: p) }
        }
        let p = tempFile("Date,A\r\n2024-01-02,100\r\n2024-01-03,110\r\n", name: "p.csv")
        #expect(try PricePanelFile.loadWide(path: p).prices.storage == [100, 110])
    }

    @Test func quotedTickersWithCommasAndEmbeddedNewlinesCountLines() throws {
        let p = tempFile("Date,\"BRK,B\",\"A\nB\"\n2024-01-02,1,2\n2024-01-03,x,2\n", name: "q.csv")
        do {
            _ = try PricePanelFile.loadWide(path: p)
            Issue.record("expected an error")
        } catch {
            #expect(error == .badPrice(file: p, line: 4, column: "BRK,B", text: "x"))
        }
    }

    @Test func seriesLayoutsAgreeWithTheStringLoader() throws {
        let files: [(String, String)] = [
            ("Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,1,1,1,10,9,1\n2024-01-03,1,1,1,11,10,1\n", "Adj Close"),
            ("Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,1,1,1,10,9,1\n2024-01-03,1,1,1,11,10,1\n", "Close"),
            ("Date,Close\n2024-01-02,5\n2024-01-04,6\n2024-01-05,\n", "Adj Close"),
            ("Date,Close,High,Low,Open,Volume\n2024-01-02,5,6,4,5,100\n", "Adj Close"),
            ("date,code,open,high,low,close,preclose,volume\n2020-01-02,sh.600000,1,2,1,1.5,1,10\n2020-01-03,sh.600000,1,2,1,1.6,1.5,10\n", "Adj Close"),
            ("date,code,open,high,low,close,preclose,volume\n2020-01-02,sh.600000,1,2,1,1.5,1,10\n", "close"),
            ("Date,Open\n2024-01-02,5\n", "Adj Close"),
            ("Open,Close\n1,2\n", "Close"),
            ("Date,Close\n2024-01-02,5,6\n", "Close"),
            ("Date,Close\n2024-01-02,-5\n", "Close"),
            ("Date,Close\n2024-01-02,five\n", "Close"),
            ("Date,Close\n", "Close"),
            ("Date,Close\r\n2024-01-02,5\r\n2024-01-02,6\r\n", "Close"),
        ]
        for (text, column) in files {
            let p = tempFile(text, name: "0700.HK.csv")
            let new = Outcome<PriceSeries> { () throws(PriceDataError) in try PricePanelFile.loadSeries(file: p, ticker: "0700.HK", column: column) }
            let old = Outcome<PriceSeries> { () throws(PriceDataError) in try LegacyPriceReader.loadSeries(file: p, ticker: "0700.HK", column: column) }
            #expect(new == old, "\(text.debugDescription) \(column)")
        }
        let p = tempFile("Date,Close\n2024-01-02,5\n", name: "X.csv")
        let s = try PricePanelFile.loadSeries(file: p, ticker: "X.T")
        #expect(s.currency?.code == "JPY" && s.values == [5] && s.lines == [2] && s.file == p)
    }

    @Test func folderAlignmentIntersectionAndForwardFill() throws {
        let a = tempFile("Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,1,1,1,10,9,1\n2024-01-03,1,1,1,11,10,1\n2024-01-04,1,1,1,12,11,1\n2024-01-05,1,1,1,12,12,1\n", name: "AAA.csv")
        let dir = (a as NSString).deletingLastPathComponent
        try "Date,Close\n2024-01-02,5\n2024-01-04,6\n2024-01-05,7\n".write(toFile: dir + "/B.HK.csv", atomically: true, encoding: .utf8)
        let (p, rep) = try PricePanelFile.loadFolderWithReport(path: dir, tickers: ["AAA", "B.HK"])
        #expect(p.observationCount == 3)
        #expect(p.prices[0, 0] == 9)
        #expect(p.currencies[1].code == "HKD")
        #expect(rep.droppedDatesByTicker["B.HK"] == 1)
        let (f, rep2) = try PricePanelFile.loadFolderWithReport(path: dir, tickers: ["AAA", "B.HK"], policy: .forwardFill(maxGap: 1))
        #expect(f.observationCount == 4)
        #expect(f.prices[1, 1] == 5)
        #expect(rep2.filledByTicker["B.HK"] == 1)
        let old = try LegacyPriceReader.loadFolderWithReport(path: dir, tickers: ["AAA", "B.HK"], policy: .forwardFill(maxGap: 1))
        #expect(old.panel == f && old.report == rep2)
        #expect(throws: PriceDataError.self) { try PricePanelFile.loadFolder(path: dir, tickers: ["ZZZ"]) }
        #expect(throws: PriceDataError.duplicateTicker(file: dir, ticker: "AAA")) {
            try PricePanelFile.loadFolder(path: dir, tickers: ["AAA", "AAA"])
        }
    }

    /// Every per-ticker file of the shared data root (when present: CI has ../shared/data) reads identically through
    /// both readers, adjusted and raw close.
    @Test func sharedDataFilesLoadIdentically() throws {
        let root = (repoRoot as NSString).deletingLastPathComponent + "/shared/data"
        let folders = ["adjclose_to_2026", "hk_2009_2025", "ohlcv_dividends_to_2026", "ashare_to_2020", "yahoo_ohlcv_2000_2024"]
        var compared = 0
        for f in folders {
            let dir = root + "/" + f
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            for name in names.sorted() where name.hasSuffix(".csv") {
                let file = dir + "/" + name
                let ticker = String(name.dropLast(4))
                for column in ["Adj Close", "Close"] {
                    let new = Outcome<PriceSeries> { () throws(PriceDataError) in try PricePanelFile.loadSeries(file: file, ticker: ticker, column: column) }
                    let old = Outcome<PriceSeries> { () throws(PriceDataError) in try LegacyPriceReader.loadSeries(file: file, ticker: ticker, column: column) }
                    #expect(new == old, "\(file) \(column)")
                    compared += 1
                }
            }
        }
        if compared == 0 { print("PriceFileTests.sharedData: skipped — \(root) is absent") }
    }

    /// The golden panels of the risk and backtest suites load identically through both readers.
    @Test func goldenPanelsLoadIdentically() throws {
        for rel in ["Tests/RiskTests/Golden/synthetic_panel.csv", "Tests/BacktestTests/Golden/synthetic_panel.csv"] {
            let p = repoRoot + "/" + rel
            guard FileManager.default.fileExists(atPath: p) else { continue }
            #expect(try PricePanelFile.loadWide(path: p) == LegacyPriceReader.loadWide(path: p), "\(rel)")
        }
    }
}

@Suite struct WeightsScheduleMatrixFiles {
    @Test func weightsFile() throws {
        let w = try WeightsFile.load(path: tempFile("ticker,weight\nA,0.5\n# comment\nB,-0.25\n\"C,1\",1e-2\n", name: "w.csv"))
        #expect(w.map(\.ticker) == ["A", "B", "C,1"])
        #expect(w.map(\.weight) == [0.5, -0.25, 0.01])
        let cases: [(String, Int, String)] = [
            ("A,x\n", 1, "column weight: cannot parse 'x' (expected a finite fraction of NAV, e.g. 0.1 or -0.05)"),
            ("A,1\nA,2\n", 2, "column ticker: duplicate ticker A (first on line 1)"),
            ("A,1,2\n", 1, "expected 2 fields `ticker,weight`, found 3"),
            ("# only\n", 1, "no `ticker,weight` lines"),
            ("ticker,weight\n", 1, "no `ticker,weight` lines"),
            (",0.5\n", 1, "column ticker: empty ticker"),
            ("A,inf\n", 1, "column weight: cannot parse 'inf' (expected a finite fraction of NAV, e.g. 0.1 or -0.05)"),
        ]
        for (text, line, reason) in cases {
            let p = tempFile(text, name: "w.csv")
            #expect(throws: PriceDataError.badWeights(file: p, line: line, reason: reason)) { try WeightsFile.load(path: p) }
        }
        #expect(throws: PriceDataError.fileNotFound(path: "/nonexistent/w.csv")) { try WeightsFile.load(path: "/nonexistent/w.csv") }
    }

    @Test func scheduleFile() throws {
        let p = tempFile("date,ticker,weight\r\n2020-01-01,A,0.5\r\n2020-01-01,\"B\",0.5\r\n\r\n# rebalance\r\n2020-02-01,A,1\r\n", name: "s.csv")
        let s = try ScheduleFile.load(path: p)
        #expect(s.entries.count == 2)
        #expect(s.entries[0].targets.map(\.ticker) == ["A", "B"])
        #expect(s.entries[1].targets.map(\.weight) == [1])
        let cases: [(String, Int, String)] = [
            ("2020-02-01,A,0.5\n2020-01-01,A,0.4\n", 2, "date 2020-01-01 comes before 2020-02-01; dates must not decrease"),
            ("2020-02-01,A,abc\n", 1, "column weight: cannot parse 'abc' (expected a finite fraction of NAV)"),
            ("2020-02-01,A,0.1\n2020-02-01,A,0.2\n", 2, "ticker A twice on 2020-02-01"),
            ("2020-02-01,A\n", 1, "expected 3 fields `date,ticker,weight`, found 2"),
            ("02/01/2020,A,1\n", 1, "column date: cannot parse '02/01/2020' (expected YYYY-MM-DD)"),
            ("2020-02-01,,1\n", 1, "column ticker: empty"),
            ("# nothing\n", 0, "no `date,ticker,weight` rows"),
        ]
        for (text, line, reason) in cases {
            let p = tempFile(text, name: "s.csv")
            #expect(throws: BacktestError.badSchedule(file: p, line: line, reason: reason)) { try ScheduleFile.load(path: p) }
        }
        #expect(throws: BacktestError.badSchedule(file: "/nonexistent/s.csv", line: 0, reason: "cannot read the file")) {
            try ScheduleFile.load(path: "/nonexistent/s.csv")
        }
    }

    @Test func matrixFile() throws {
        let plain = try MatrixCSVFile.read(path: tempFile("1,0.5\n0.5,1\n", name: "m.csv"))
        #expect(plain.names == ["x1", "x2"] && plain.matrix.rowArrays == [[1, 0.5], [0.5, 1]])
        let named = try MatrixCSVFile.read(path: tempFile(",A,B\nA,1,0.25\nB,0.25,1\n", name: "m.csv"))
        #expect(named.names == ["A", "B"] && named.matrix[0, 1] == 0.25)
        let header = try MatrixCSVFile.read(path: tempFile("# corr\nA,B\n1,-0.5\n-0.5,1\n", name: "m.csv"))
        #expect(header.names == ["A", "B"] && header.matrix[1, 0] == -0.5)
        let p = tempFile("1,0.9,0.7\n0.9,1,-0.4\n0.7,-0.4,1,5\n", name: "ragged.csv")
        do { _ = try MatrixCSVFile.read(path: p); Issue.record("expected an error") } catch {
            #expect(error.description == "\(p):3: expected 3 numbers (a square matrix), found 4")
        }
        let q = tempFile("A,B\nA,1,x\nB,0,1\n", name: "bad.csv")
        do { _ = try MatrixCSVFile.read(path: q); Issue.record("expected an error") } catch {
            #expect(error.description == "\(q):2: column 2: cannot parse 'x' as a finite number")
        }
        #expect(throws: CSVError.self) { try MatrixCSVFile.read(path: tempFile("# nothing\n", name: "e.csv")) }
    }
}
