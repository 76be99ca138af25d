// history-writer: a small executable over RiskHistory that RiskHistoryTests runs as real child processes.
//
//   history-writer DB BOOK FIRST COUNT        records COUNT runs of BOOK dated FIRST, FIRST+1 day, … (exit 0)
//   history-writer DB BOOK DATE hang          records one run and, inside its transaction after every row is written,
//                                             prints "in-transaction" and sleeps until killed
// Each run holds 40 positions, 3 risk rows and 60 scenarios whose values derive from the date (so a reader can tell
// which writer wrote what).
#if canImport(Glibc)
import Glibc
#endif
import Basics
import Foundation
import RiskHistory

let args = CommandLine.arguments
guard args.count == 5, let first = LocalDate(iso: args[3]) else {
    FileHandle.standardError.write(Data("usage: history-writer DB BOOK DATE (COUNT | hang)\n".utf8))
    exit(2)
}

func run(_ book: String, _ date: LocalDate) -> RunRecord {
    let d = Double(date.daysSinceEpoch)
    var r = RunRecord(book: book, valuationDate: date, baseCurrency: "USD", nav: 1_000_000, command: "history-writer",
                      settings: "synthetic")
    r.positions = (0..<40).map { (i: Int) -> PositionRecord in
        let x = Double(i)
        let spot: Double = d + x
        return PositionRecord(id: "P\(i)", instrument: "X\(i)", kind: "stock", quantity: x + 1, multiplier: 1, spot: spot,
                              fx: 1, unitPrice: spot, marketValue: (x + 1) * spot, deltaNotional: 0, weightPctNAV: 0, beta: nil, option: nil)
    }
    r.risk = [0.95, 0.975, 0.99].map { RiskRecord(method: "parametric", confidence: $0, horizonDays: 1, valueAtRisk: d * $0, expectedShortfall: d) }
    r.scenarios = (0..<60).map { ScenarioRecord(id: "S\($0)", caseSet: nil, pnl: -d, pctNAV: Double($0)) }
    return r
}

do {
    let db = try HistoryDatabase(path: args[1], create: true)
    if args[4] == "hang" {
        try db.record(run(args[2], first)) {
            FileHandle.standardOutput.write(Data("in-transaction\n".utf8))
            while true { sleep(60) }
        }
    } else if let n = Int(args[4]) {
        for k in 0..<n { try db.record(run(args[2], first.adding(days: k))) }
    }
} catch {
    FileHandle.standardError.write(Data("history-writer: \(error)\n".utf8))
    exit(1)
}
