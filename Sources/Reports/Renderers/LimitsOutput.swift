import Application
import Basics
import Instruments

/// Renderers for limit utilisation (exposure, what-if, report).
public enum LimitsOutput {
    static func measureName(_ m: LimitMeasure) -> String { m.name }

    public static func bounds(_ l: Limit) -> String {
        switch (l.min, l.max) {
        case let (lo?, hi?): return "[\(NumberFormat.compact(lo)), \(NumberFormat.compact(hi))]"
        case let (nil, hi?): return "≤ \(NumberFormat.compact(hi))"
        case let (lo?, nil): return "≥ \(NumberFormat.compact(lo))"
        default: return "-"
        }
    }

    public static func json(_ s: [LimitStatus]) -> JSONValue {
        .array(s.map { x in
            .object([
                ("id", .string(x.limit.id)), ("measure", .string(measureName(x.limit.measure))),
                ("min", .number(x.limit.min)), ("max", .number(x.limit.max)), ("warnAt", .number(x.limit.warnAt)),
                ("valuePct", .number(x.value)), ("utilisation", .number(x.utilisation)), ("status", .string(x.status.rawValue)),
                ("detail", .string(x.detail)),
            ])
        })
    }

    public static func table(_ s: [LimitStatus], title: String = "Limits (% of NAV; utilisation = value ÷ bound)") -> String {
        guard !s.isEmpty else { return "" }
        var t = TextTable(title: title, headers: ["limit", "measure", "bound", "value", "used", "status", "detail"],
                          alignments: [.left, .left, .right, .right, .right, .left, .left])
        for x in s {
            t.add([x.limit.id, measureName(x.limit.measure), bounds(x.limit), x.value.map { fmt($0, 2) } ?? "-",
                   x.utilisation.map { fmt(100 * $0, 0) + "%" } ?? "-", x.status == .ok ? "ok" : x.status.rawValue.uppercased(), x.detail])
        }
        return t.render()
    }
}
