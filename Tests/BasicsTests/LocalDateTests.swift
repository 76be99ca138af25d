import Basics
import Foundation
import Testing

/// LocalDate (days_from_civil / civil_from_days) against a naive day count, leap years and ACT/365F.
@Suite struct LocalDateTests {
    // Moved from FileFormatsTests (suite `Dates`).
    @Test func isoRoundTripAndACT365F() {
        let d = LocalDate(iso: "2026-08-03")!
        #expect(d.description == "2026-08-03")
        #expect(LocalDate(year: 1970, month: 1, day: 1)!.daysSinceEpoch == 0)
        #expect(LocalDate(iso: "2024-02-29") != nil && LocalDate(iso: "2025-02-29") == nil && LocalDate(iso: "2026-13-01") == nil)
        let e = LocalDate(iso: "2027-01-15")!
        #expect(d.days(to: e) == 165)
        #expect(d.yearFraction(to: e) == 165.0 / 365.0)
        #expect(d.weekday == 1)  // 2026-08-03 is a Monday
    }

    /// Every day of 1900-01-01 … 2100-12-31 (73,414 days) against a naive counter that walks the calendar with its
    /// own month lengths and leap rule: the serial number, the components, the ISO text, parsing it back and the
    /// weekday (1900-01-01 was a Monday) all agree.
    @Test func civilRoundTripOverTwoCenturiesAgainstNaiveDayCount() {
        func naiveLeap(_ y: Int) -> Bool { y % 400 == 0 || (y % 4 == 0 && y % 100 != 0) }
        let monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        // 1900-01-01 is 70 years before the epoch: 70·365 + 17 leap days (1904 … 1968) = 25,567 days.
        var serial = -(70 * 365 + 17)
        var weekday = 1
        var mismatches = 0
        for y in 1900...2100 {
            for m in 1...12 {
                let length = m == 2 && naiveLeap(y) ? 29 : monthLengths[m - 1]
                #expect(LocalDate.daysInMonth(year: y, month: m) == length)
                for day in 1...length {
                    guard let d = LocalDate(year: y, month: m, day: day) else {
                        Issue.record("\(y)-\(m)-\(day) rejected")
                        mismatches += 1
                        continue
                    }
                    let c = d.components
                    let text = String(format: "%04d-%02d-%02d", y, m, day)
                    if d.daysSinceEpoch != serial || c.year != y || c.month != m || c.day != day || d.description != text
                        || LocalDate(iso: text) != d || LocalDate(daysSinceEpoch: serial) != d || d.weekday != weekday {
                        mismatches += 1
                        if mismatches <= 5 { Issue.record("\(text): serial \(d.daysSinceEpoch) vs \(serial), weekday \(d.weekday) vs \(weekday)") }
                    }
                    serial += 1
                    weekday = weekday % 7 + 1
                }
                #expect(LocalDate(year: y, month: m, day: length + 1) == nil)
            }
        }
        #expect(mismatches == 0)
        #expect(serial == 47_847)  // one past 2100-12-31 = day 47,846
    }

    /// Hand values: serial numbers from Python's `datetime.date` (days since 1970-01-01) and ISO weekdays.
    @Test func anchorDates() {
        let cases: [(String, Int, Int)] = [
            ("1900-01-01", -25_567, 1), ("1969-12-31", -1, 3), ("1970-01-01", 0, 4), ("2000-02-29", 11_016, 2),
            ("2000-03-01", 11_017, 3), ("2038-01-19", 24_855, 2), ("2100-12-31", 47_846, 5),
        ]
        for (text, serial, weekday) in cases {
            let d = LocalDate(iso: text)
            #expect(d?.daysSinceEpoch == serial, "\(text)")
            #expect(d?.weekday == weekday, "\(text)")
        }
        #expect(LocalDate(daysSinceEpoch: -25_567).description == "1900-01-01")
    }

    @Test func leapYears() {
        #expect(!LocalDate.isLeap(1900) && LocalDate.isLeap(2000) && LocalDate.isLeap(2024) && !LocalDate.isLeap(2100))
        #expect(!LocalDate.isLeap(2023) && LocalDate.isLeap(1904) && LocalDate.isLeap(2400))
        #expect(LocalDate(year: 1900, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 2000, month: 2, day: 29) != nil)
        #expect(LocalDate(year: 2100, month: 2, day: 29) == nil)
        // Year lengths: 366 days from 1 January of a leap year to the next 1 January, 365 otherwise.
        for y in [1900, 1999, 2000, 2023, 2024, 2100] {
            let len = LocalDate(year: y, month: 1, day: 1)!.days(to: LocalDate(year: y + 1, month: 1, day: 1)!)
            #expect(len == (LocalDate.isLeap(y) ? 366 : 365), "\(y)")
        }
    }

    @Test func invalidDatesAndTexts() {
        #expect(LocalDate(year: 2026, month: 0, day: 1) == nil && LocalDate(year: 2026, month: 13, day: 1) == nil)
        #expect(LocalDate(year: 2026, month: 4, day: 31) == nil && LocalDate(year: 2026, month: 1, day: 0) == nil)
        #expect(LocalDate(year: 2026, month: 1, day: 32) == nil)
        for bad in ["", "2026", "2026-08", "26-08-03", "2026-08-03x", "2026-008-03", "2026-08-003", "2026.08.03", "abcd-ef-gh"] {
            #expect(LocalDate(iso: bad) == nil, "'\(bad)' parsed")
        }
        // Accepted variants: slashes, one-digit month and day.
        #expect(LocalDate(iso: "2026/08/03") == LocalDate(year: 2026, month: 8, day: 3))
        #expect(LocalDate(iso: "2026-8-3") == LocalDate(year: 2026, month: 8, day: 3))
    }

    /// ACT/365F: actual days ÷ 365, also across a leap year (2024: 366/365) and backwards (negative).
    @Test func act365FixedYearFraction() {
        let a = LocalDate(iso: "2024-01-01")!, b = LocalDate(iso: "2025-01-01")!
        #expect(a.days(to: b) == 366)
        #expect(a.yearFraction(to: b) == 366.0 / 365.0)
        #expect(b.yearFraction(to: a) == -366.0 / 365.0)
        #expect(a.yearFraction(to: a) == 0)
        let c = LocalDate(iso: "2025-01-01")!, d = LocalDate(iso: "2025-07-01")!
        #expect(c.yearFraction(to: d) == 181.0 / 365.0)   // Jan 31 + Feb 28 + Mar 31 + Apr 30 + May 31 + Jun 30
        #expect(Conventions.yearFraction(days: c.days(to: d)) == c.yearFraction(to: d))
        #expect(a.adding(days: 366) == b && b.adding(days: -366) == a)
        #expect(a < b && !(b < a) && [b, a].sorted() == [a, b])
    }

    @Test func conventions() {
        #expect(Conventions.tradingDaysPerYear == 252)
        #expect(Conventions.daysPerYear == 365)
        #expect(Conventions.yearFraction(days: 365) == 1 && Conventions.yearFraction(days: 73) == 0.2)
        #expect(Conventions.yearFraction(days: -30) == -30.0 / 365.0)
    }

    @Test func codableAsISOText() throws {
        let d = LocalDate(iso: "2027-01-15")!
        let data = try JSONEncoder().encode([d])
        #expect(String(decoding: data, as: UTF8.self) == "[\"2027-01-15\"]")
        #expect(try JSONDecoder().decode([LocalDate].self, from: data) == [d])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([LocalDate].self, from: Data("[\"2027-02-30\"]".utf8)) }
    }

    @Test func currencyCodes() {
        #expect(Currency("hkd").code == "HKD" && Currency("hkd") == Currency("HKD"))
        #expect(Currency.usd.description == "USD")
        #expect(Currency("KRW").isWellFormed && !Currency("KR").isWellFormed && !Currency("US1").isWellFormed)
        #expect([Currency("USD"), Currency("CNY"), Currency("HKD")].sorted().map(\.code) == ["CNY", "HKD", "USD"])
    }
}
