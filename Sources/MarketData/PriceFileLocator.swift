import Foundation

/// Finds a ticker's per-ticker price file (`<TICKER>.csv`) in an ordered list of folders — the one lookup rule used by
/// risk, stress, payoff and backtest.
///
/// Names tried, in order: the ticker itself, then the Shanghai alias (`688256.SS` → `688256.SH`, the BaoStock
/// spelling). The first folder that has a file wins.
public enum PriceFileLocator {
    /// The sub-folders of a data root (such as `../shared/data`) searched by default, in priority order: adjusted closes
    /// to 2026 first, then Hong Kong, the OHLCV + dividends folder (SK Hynix), A-shares (to 2020), the 2000–2024 Yahoo
    /// folder, and the root itself.
    public static let dataRootFolders = ["adjclose_to_2026", "hk_2009_2025", "ohlcv_dividends_to_2026", "ashare_to_2020",
                                         "yahoo_ohlcv_2000_2024", "."]

    /// The existing folders under a data root, in ``dataRootFolders`` order.
    public static func folders(underRoot root: String) -> [String] {
        dataRootFolders.map { $0 == "." ? root : root + "/" + $0 }.filter {
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &isDir) && isDir.boolValue
        }
    }

    /// Path of the first `<name>.csv` among `folders` for the ticker or its alias; nil when none exists.
    public static func locate(_ ticker: String, in folders: [String]) -> String? {
        var names = [ticker]
        if ticker.hasSuffix(".SS") { names.append(String(ticker.dropLast(3)) + ".SH") }
        for f in folders {
            for n in names {
                let p = (f as NSString).appendingPathComponent(n + ".csv")
                if FileManager.default.fileExists(atPath: p) { return p }
            }
        }
        return nil
    }
}
