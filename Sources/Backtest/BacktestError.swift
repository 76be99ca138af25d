import Basics

/// Errors the backtest reports instead of trapping or producing NaN.
public enum BacktestError: Error, Equatable, CustomStringConvertible {
    case badRebalanceRule(String)
    case tickerNotInPanel(ticker: String, source: String?)
    case emptyWindow(from: LocalDate?, to: LocalDate?, panelFirst: LocalDate?, panelLast: LocalDate?)
    case nonPositivePrice(ticker: String, date: LocalDate, value: Double)
    case invalidParameter(name: String, value: String, reason: String)
    case emptySchedule
    case badSchedule(file: String, line: Int, reason: String)
    case bookProblem(String)

    public var description: String {
        switch self {
        case .badRebalanceRule(let s):
            return "rebalance rule '\(s)' does not parse (expected daily, weekly, monthly, never or threshold:0.05)"
        case .tickerNotInPanel(let t, let src):
            return "ticker \(t)\(src.map { " (\($0))" } ?? "") is not in the price panel"
        case .emptyWindow(let f, let t, let a, let b):
            return "no price data in the window \(f?.description ?? "start")…\(t?.description ?? "end")"
                + " (panel covers \(a?.description ?? "nothing")…\(b?.description ?? "nothing"))"
        case .nonPositivePrice(let t, let d, let v):
            return "price of \(t) on \(d) is \(v): prices must be finite and > 0"
        case .invalidParameter(let n, let v, let r):
            return "invalid \(n) '\(v)': \(r)"
        case .emptySchedule:
            return "the weight schedule has no targets"
        case .badSchedule(let f, let l, let r):
            return "\(f):\(l): \(r)"
        case .bookProblem(let s):
            return s
        }
    }
}
