import Basics

/// How old a quote may be (workspace `policies.marketData`). Ages are trading days counted as weekdays between the
/// quote's close and the valuation date (``LocalDate/weekdays(to:)``: no holiday calendar).
public struct FreshnessPolicy: Sendable, Equatable {
    /// Older than this: a STALE warning (one per instrument) in every command and in the report's first section.
    public var maxQuoteAgeDays = 5
    /// Older than this: the run is refused unless `--allow-stale` (nil: never refused).
    public var refuseQuoteAgeDays: Int?
    public init(maxQuoteAgeDays: Int = 5, refuseQuoteAgeDays: Int? = nil) {
        self.maxQuoteAgeDays = maxQuoteAgeDays
        self.refuseQuoteAgeDays = refuseQuoteAgeDays
    }
}

/// The age of one quote at the valuation date.
public struct QuoteAge: Sendable, Equatable {
    public var id: String
    /// The date of the quote's close (the snapshot's date when the quote states none; see `stated`).
    public var asOf: LocalDate
    /// False when the quote gives no `asOf` and the snapshot's date was used.
    public var stated: Bool
    /// Trading days (weekdays) from `asOf` to the valuation date; negative when the quote is dated after it.
    public var tradingDays: Int
    public var calendarDays: Int
    public var source: String?
    public var assumed: Bool
    /// Older than `maxQuoteAgeDays`.
    public var stale: Bool
    /// Older than `refuseQuoteAgeDays`.
    public var beyondRefusal: Bool
}

public enum QuoteFreshness {
    /// The age of every quote of the snapshot at `valuationDate`, by instrument id.
    public static func ages(_ market: MarketSnapshot, valuationDate: LocalDate, policy: FreshnessPolicy) -> [QuoteAge] {
        market.sortedIDs.map { id in
            let q = market.quotes[id]!
            let d = market.quoteDate(q)
            let age = d.weekdays(to: valuationDate)
            return QuoteAge(id: id, asOf: d, stated: q.asOf != nil, tradingDays: age, calendarDays: d.days(to: valuationDate),
                            source: q.source, assumed: q.assumed, stale: age > policy.maxQuoteAgeDays,
                            beyondRefusal: policy.refuseQuoteAgeDays.map { age > $0 } ?? false)
        }
    }

    /// The first clause of a quote's source (the file and close date), for one-line messages.
    public static func shortSource(_ s: String?) -> String {
        guard let s, !s.isEmpty else { return "no source given" }
        let first = s.split(separator: ";", maxSplits: 1).first.map { String($0) } ?? s
        guard first.count > 90 else { return first }
        let cut = first.prefix(90)
        return String(cut[..<(cut.lastIndex(of: " ") ?? cut.endIndex)]) + " …"
    }

    /// The STALE warning of one quote.
    public static func staleWarning(_ a: QuoteAge, valuationDate: LocalDate, policy: FreshnessPolicy) -> String {
        "STALE \(a.id): quote of \(a.asOf)\(a.stated ? "" : " (the snapshot's date; the quote states none)") is \(a.tradingDays) trading days (\(a.calendarDays) calendar days) old at the valuation date \(valuationDate), above policies.marketData.maxQuoteAgeDays \(policy.maxQuoteAgeDays) (source: \(shortSource(a.source)))"
    }

    /// A quote dated after the valuation date (a snapshot built for a later date than the book's).
    public static func futureWarning(_ a: QuoteAge, valuationDate: LocalDate) -> String {
        "quote \(a.id) is dated \(a.asOf), after the valuation date \(valuationDate): the book is valued on later data than its date"
    }

    /// The first-line note of a measure whose history window ends before the valuation date (risk, pairs, backtest),
    /// nil when it does not.
    public static func windowNote(_ what: String, end: LocalDate, valuationDate: LocalDate, because: String = "") -> String? {
        guard end < valuationDate else { return nil }
        return "\(what) window ends \(end), \(end.weekdays(to: valuationDate)) trading days (\(end.days(to: valuationDate)) calendar days) before the valuation date \(valuationDate)\(because.isEmpty ? "" : ": " + because)"
    }

    /// The error of a run with quotes beyond `refuseQuoteAgeDays` (all of them in one message).
    public static func refusal(_ ages: [QuoteAge], valuationDate: LocalDate, policy: FreshnessPolicy) -> String {
        let list = ages.map { "\($0.id) (\($0.asOf), \($0.tradingDays) trading days)" }.joined(separator: ", ")
        return "quotes older than policies.marketData.refuseQuoteAgeDays \(policy.refuseQuoteAgeDays ?? 0) trading days at the valuation date \(valuationDate): \(list). Refresh the snapshot (hedgebook snapshot) or run with --allow-stale"
    }
}
