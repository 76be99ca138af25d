import Basics
import LinearAlgebra

extension PriceAlignment {
    /// Aligns series on one calendar (see ``AlignmentPolicy``). Throws for a missing cell under `.intersection`
    /// (within a series' own dates), or when no date survives.
    ///
    /// Series that share one strictly increasing calendar (the columns of a wide panel) are aligned by position
    /// instead of by date lookup; the result is the same.
    public static func align(_ series: [PriceSeries], policy: AlignmentPolicy = .intersection)
        throws(PriceDataError) -> (panel: PricePanel, report: AlignmentReport)
    {
        let allDates: [LocalDate]
        // index[j][k]: position in series j of allDates[k], or -1; empty when every series has allDates itself.
        var index: [[Int]] = []
        if let shared = sharedCalendar(series) {
            allDates = shared
        } else {
            var union = Set<LocalDate>()
            for s in series { union.formUnion(s.dates) }
            allDates = union.sorted()
            var slot: [LocalDate: Int] = [:]
            slot.reserveCapacity(allDates.count)
            for (k, d) in allDates.enumerated() { slot[d] = k }
            for s in series {
                var m = [Int](repeating: -1, count: allDates.count)
                for (i, d) in s.dates.enumerated() { m[slot[d]!] = i }
                index.append(m)
            }
        }
        let shared = index.isEmpty
        @inline(__always) func position(_ j: Int, _ k: Int) -> Int { shared ? k : index[j][k] }

        var dropped = [String: Int]()
        var filled = [String: Int]()
        for s in series { dropped[s.ticker] = 0; filled[s.ticker] = 0 }
        var kept: [LocalDate] = []
        var columns = [[Double]](repeating: [], count: series.count)
        var droppedBefore = 0
        switch policy {
        case .intersection:
            for s in series {
                if let i = s.values.firstIndex(where: { $0 == nil }) {
                    throw .missingPrice(file: s.file, line: s.lines[i], column: s.ticker)
                }
            }
            if shared {
                kept = allDates
                columns = series.map { $0.values.map { $0! } }
                break
            }
            for (k, d) in allDates.enumerated() {
                var ok = true
                for (j, s) in series.enumerated() where position(j, k) < 0 {
                    dropped[s.ticker, default: 0] += 1
                    ok = false
                }
                if ok {
                    kept.append(d)
                    for j in series.indices { columns[j].append(series[j].values[position(j, k)]!) }
                }
            }
        case .forwardFill(let maxGap):
            // The common start: the latest first *valid* price over all series.
            var start = LocalDate(daysSinceEpoch: Int.min / 2)
            for s in series {
                if let i = s.values.firstIndex(where: { $0 != nil }) { start = max(start, s.dates[i]) }
            }
            var last = [Double?](repeating: nil, count: series.count)
            var run = [Int](repeating: 0, count: series.count)
            // Seed each series' last price from before the start.
            for (j, s) in series.enumerated() {
                for (i, d) in s.dates.enumerated() where d <= start { if let v = s.values[i] { last[j] = v } }
            }
            var row = [Double](repeating: 0, count: series.count)
            var fillsHere = [Bool](repeating: false, count: series.count)
            for (k, d) in allDates.enumerated() {
                if d < start { droppedBefore += 1; continue }
                var ok = true
                for j in series.indices {
                    fillsHere[j] = false
                    let i = position(j, k)
                    if i >= 0, let v = series[j].values[i] {
                        row[j] = v
                        last[j] = v
                        run[j] = 0
                    } else {
                        // run = consecutive calendar dates without a price for this series.
                        run[j] += 1
                        if let l = last[j], run[j] <= maxGap {
                            row[j] = l
                            fillsHere[j] = true
                        } else {
                            ok = false
                            dropped[series[j].ticker, default: 0] += 1
                        }
                    }
                }
                if ok {
                    kept.append(d)
                    for j in series.indices {
                        columns[j].append(row[j])
                        if fillsHere[j] { filled[series[j].ticker, default: 0] += 1 }
                    }
                }
            }
        }
        guard !kept.isEmpty else {
            throw .tooFewObservations(observations: 0, assets: series.count, context: "aligned panel (no common dates)")
        }
        var storage: [Double] = []
        storage.reserveCapacity(kept.count * series.count)
        for c in columns { storage.append(contentsOf: c) }
        let panel = PricePanel(dates: kept, tickers: series.map(\.ticker),
                               prices: Matrix(rows: kept.count, cols: series.count, columnMajor: storage),
                               currencies: series.map { $0.currency ?? inferCurrency($0.ticker) })
        let report = AlignmentReport(policy: policy, unionDates: allDates.count, keptDates: kept.count,
                                     droppedDatesByTicker: dropped, droppedBeforeCommonStart: droppedBefore,
                                     filledByTicker: filled)
        return (panel, report)
    }

    /// Aligns the columns of a wide table that share one calendar: `values` is `dates.count × tickers.count`,
    /// column-major, NaN marking a missing cell; `lines[i]` is the file line of `dates[i]`. Without a missing cell the
    /// panel is the table itself (every date kept, nothing filled, under either policy); otherwise the columns are
    /// aligned as series by ``align(_:policy:)``.
    public static func alignTable(dates: [LocalDate], lines: [Int], tickers: [String], values: [Double], file: String,
                                  policy: AlignmentPolicy = .intersection)
        throws(PriceDataError) -> (panel: PricePanel, report: AlignmentReport)
    {
        precondition(values.count == dates.count * tickers.count && lines.count == dates.count, "alignTable: shape mismatch")
        if !dates.isEmpty, !tickers.isEmpty, !values.contains(where: { $0.isNaN }) {
            var zero = [String: Int]()
            for t in tickers { zero[t] = 0 }
            let panel = PricePanel(dates: dates, tickers: tickers,
                                   prices: Matrix(rows: dates.count, cols: tickers.count, columnMajor: values),
                                   currencies: tickers.map(inferCurrency))
            let report = AlignmentReport(policy: policy, unionDates: dates.count, keptDates: dates.count,
                                         droppedDatesByTicker: zero, droppedBeforeCommonStart: 0, filledByTicker: zero)
            return (panel, report)
        }
        let t = dates.count
        let series = tickers.indices.map { j in
            PriceSeries(ticker: tickers[j], dates: dates,
                        values: values[(j * t)..<((j + 1) * t)].map { $0.isNaN ? nil : $0 }, file: file, lines: lines)
        }
        return try align(series, policy: policy)
    }

    /// The calendar every series has, when they all have the same strictly increasing dates; nil otherwise.
    static func sharedCalendar(_ series: [PriceSeries]) -> [LocalDate]? {
        guard let first = series.first?.dates else { return nil }
        for s in series.dropFirst() where s.dates != first { return nil }
        for i in first.indices.dropFirst() where !(first[i - 1] < first[i]) { return nil }
        return first
    }
}
