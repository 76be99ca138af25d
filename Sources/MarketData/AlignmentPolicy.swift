/// How to put several series on one calendar.
public enum AlignmentPolicy: Sendable, Equatable {
    /// Keep only the dates on which every series has a price (default).
    case intersection
    /// Use the union of dates from the latest first date onwards; a series without a price on a date takes its last
    /// price, provided no more than `maxGap` consecutive dates are filled for it. Dates that would need a longer fill
    /// (or fall after a series ended by more than `maxGap` dates) are dropped and reported.
    case forwardFill(maxGap: Int)
}
