import Basics
import Testing

/// Quote ages count trading days as weekdays: the Mondays–Fridays d with from < d ≤ to (no holiday calendar).
@Suite struct TradingDaysTests {
    func d(_ s: String) -> LocalDate { LocalDate(iso: s)! }

    @Test func byHand() {
        #expect(d("2026-08-03").weekdays(to: d("2026-08-03")) == 0)   // same day
        #expect(d("2026-07-31").weekdays(to: d("2026-08-03")) == 1)   // Friday close, Monday valuation
        #expect(d("2026-08-01").weekdays(to: d("2026-08-03")) == 1)   // Saturday → Monday
        #expect(d("2026-07-27").weekdays(to: d("2026-08-03")) == 5)   // one week
        #expect(d("2026-08-03").weekdays(to: d("2026-07-27")) == -5)  // reversed
        // The bundled snapshot's stale closes: SK Hynix 2026-05-29 (Fri) and Hong Kong 2025-10-30 (Thu), at 2026-08-03.
        #expect(d("2026-05-29").weekdays(to: d("2026-08-03")) == 46)
        #expect(d("2025-10-30").weekdays(to: d("2026-08-03")) == 197)
    }

    /// Against a day-by-day walk over two years of start and end dates.
    @Test func againstNaiveWalk() {
        let start = d("2024-01-01")
        for a in stride(from: 0, to: 730, by: 3) {
            for len in [0, 1, 2, 6, 7, 8, 13, 40, 365] {
                let from = start.adding(days: a), to = from.adding(days: len)
                var n = 0
                var x = from
                while x < to { x = x.adding(days: 1); if x.weekday <= 5 { n += 1 } }
                #expect(from.weekdays(to: to) == n, "\(from) → \(to)")
            }
        }
    }
}
