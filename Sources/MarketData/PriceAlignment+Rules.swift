import Basics

/// Alignment of loaded price series onto one calendar (``align(_:policy:)``, ``alignTable(dates:lines:tickers:values:file:policy:)``)
/// and the currency rule of a ticker. The files themselves are read by `FileFormats.PricePanelFile`.
public enum PriceAlignment {
    /// `YYYY-MM-DD`, `YYYY/MM/DD` or `M/D/YYYY` (``PriceFileRules/parseDate(_:)``).
    public static func parseDate(_ text: String) -> LocalDate? { PriceFileRules.parseDate(text) }
}
