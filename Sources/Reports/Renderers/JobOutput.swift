import Application
import Basics
import FileFormats
import Risk

/// JSON lines of `hedgebook jobs` (jobs) and `hedgebook worker` (results), and the document of `hedgebook merge`
/// (format: `Documentation/file-formats.md`, "Jobs and results"). Lines are compact (one JSON value per line, no
/// newline inside); numbers in shortest round-trip form, so a result read back has the same bits.
public enum JobOutput {
    /// One job as a line (without the newline).
    public static func job(_ j: Job, into w: JSONWriter) {
        w.raw("{")
        head(id: j.id, run: j.run, kind: j.task.kind, into: w)
        w.raw(",\"workspace\":"); w.string(j.workspace)
        w.raw(",\"inputs\":"); inputs(j.inputs, into: w)
        switch j.task {
        case .monteCarlo(let t): monteCarloTask(t, into: w)
        case .stress(let t):
            if let b = t.book { w.raw(",\"book\":"); w.string(b) }
            w.raw(",\"scenarios\":"); range(t.scenarios, into: w)
        case .whatIf(let t):
            w.raw(",\"trades\":"); w.value(.strings(t.trades), pretty: false)
            w.raw(",\"paths\":"); w.number(Double(t.paths))
        }
        w.raw("}")
    }

    /// One result as a line (without the newline).
    public static func result(_ r: JobResult, into w: JSONWriter) {
        w.raw("{")
        head(id: r.id, run: r.run, kind: r.kind, into: w)
        switch r.outcome {
        case .failed(let e):
            w.raw(",\"status\":\"error\",\"error\":"); w.string(e)
        case .monteCarlo(let s):
            w.raw(",\"status\":\"ok\"")
            monteCarloTask(s.task, into: w)
            w.raw(",\"inputs\":"); inputs(s.inputs, into: w)
            w.raw(",\"shardPaths\":"); w.number(Double(s.tail.paths))
            w.raw(",\"worst\":"); w.numbers(s.tail.worst, pretty: false)
        case .stress(let s):
            w.raw(",\"status\":\"ok\",\"book\":"); w.string(s.book)
            w.raw(",\"baseCurrency\":"); w.string(s.baseCurrency)
            w.raw(",\"nav\":"); w.number(s.nav)
            w.raw(",\"scenarioCount\":"); w.number(Double(s.scenarioCount))
            w.raw(",\"scenarios\":"); range(s.scenarios, into: w)
            w.raw(",\"inputs\":"); inputs(s.inputs, into: w)
            w.raw(",\"rows\":"); w.value(.array(s.rows.map(stressRow)), pretty: false)
        case .whatIf(let o):
            w.raw(",\"status\":\"ok\",\"trades\":"); w.value(.strings(o.trades), pretty: false)
            w.raw(",\"result\":"); w.value(whatIfJSON(o), pretty: false)
        }
        w.raw("}")
    }

    /// The merged document (pretty). It states the run, never how it was split: any partition of a run into shards
    /// gives the same bytes.
    public static func merged(_ m: JobMerge.Merged) -> JSONValue {
        .object([
            ("conventions", .object([
                ("var", "positive loss, fraction of NAV: VaR_c = −Q_{1−c}(P&L), NumPy 'linear' quantile of the simulated P&L"),
                ("es", "positive loss, fraction of NAV: −mean of the simulated P&L ≤ Q_{1−c}"),
                ("monteCarlo", "full revaluation of the book's legs on h-day log returns drawn through the Cholesky factor of the workspace's covariance; chunk k of 16,384 paths draws from xoshiro256** seeded with the seed and jumped k times"),
                ("stress", "scenario P&L in the book's base currency (gain > 0) and % of NAV"),
            ])),
            ("monteCarlo", .array(m.monteCarlo.map { r in
                .object([
                    ("run", .string(r.run)),
                    ("paths", .number(Double(r.task.paths))), ("seed", .number(Double(r.task.seed))),
                    ("horizonDays", .number(Double(r.task.horizonDays))),
                    ("measures", .array(r.measures.map { v in
                        .object([("confidence", .number(v.confidence)), ("var", .number(v.valueAtRisk)), ("es", .number(v.expectedShortfall))])
                    })),
                    ("inputs", inputsValue(r.inputs)),
                ])
            })),
            ("stress", .array(m.stress.map { r in
                .object([
                    ("run", .string(r.run)),
                    ("books", .array(r.books.map { b in
                        .object([("book", .string(b.book)), ("baseCurrency", .string(b.baseCurrency)), ("nav", .number(b.nav)),
                                 ("rows", .array(b.rows.map(stressRow)))])
                    })),
                    ("inputs", inputsValue(r.inputs)),
                ])
            })),
            ("whatIf", .array(m.whatIf.map { x in
                .object([("id", .string(x.id)), ("run", .string(x.run)), ("trades", .strings(x.outcome.trades)), ("result", whatIfJSON(x.outcome))])
            })),
            ("failed", .array(m.failed.map { f in
                .object([("id", .string(f.id)), ("run", .string(f.run)), ("kind", .string(f.kind)), ("error", .string(f.error))])
            })),
        ])
    }

    // MARK: pieces

    static func head(id: String, run: String, kind: String, into w: JSONWriter) {
        w.raw("\"id\":"); w.string(id)
        w.raw(",\"run\":"); w.string(run)
        w.raw(",\"kind\":"); w.string(kind)
    }

    static func monteCarloTask(_ t: MonteCarloTask, into w: JSONWriter) {
        w.raw(",\"paths\":"); w.number(Double(t.paths))
        w.raw(",\"seed\":"); w.number(Double(t.seed))
        w.raw(",\"confidences\":"); w.numbers(t.confidences, pretty: false)
        w.raw(",\"horizonDays\":"); w.number(Double(t.horizonDays))
        w.raw(",\"chunks\":"); range(t.chunks, into: w)
    }

    static func range(_ r: Range<Int>, into w: JSONWriter) {
        w.numbers([Double(r.lowerBound), Double(r.upperBound)], pretty: false)
    }

    static func inputsValue(_ i: [JobInput]) -> JSONValue {
        .array(i.map { .object([("path", .string($0.path)), ("sha256", .string($0.sha256))]) })
    }

    static func inputs(_ i: [JobInput], into w: JSONWriter) { w.value(inputsValue(i), pretty: false) }

    static func stressRow(_ r: StressRow) -> JSONValue {
        .object([("index", .number(Double(r.index))), ("scenario", .string(r.scenario)), ("pnl", .number(r.pnl)), ("pctNAV", .number(r.pctNAV))])
    }

    static func whatIfJSON(_ o: WhatIfOutcome) -> JSONValue {
        switch o {
        case .report(_, let r): WhatIfOutput.json(r)
        case .json(_, let n): value(n)
        }
    }

    /// A value read back, written again as it was read (numbers keep their bits, keys their order).
    static func value(_ n: JSONNode) -> JSONValue {
        switch n {
        case .null: .null
        case .bool(let b): .bool(b)
        case .number(let d): .number(d)
        case .string(let s): .string(s)
        case .array(let a): .array(a.map(value))
        case .object(let f): .object(f.map { ($0.0, value($0.1)) })
        }
    }
}
