import Foundation

/// The transitional CSV reading behind ``PricePanelLoader``'s file entry points (String-based: the whole file as one
/// String split on newlines and commas; no quoted commas or newlines). The byte-level reader is
/// `FileFormats.CSVReader`; this goes when Risk and Backtest receive loaded series instead of paths.
///
/// Lines are numbered from 1; `\n` and `\r\n` endings, a UTF-8 BOM, blank lines and lines starting with `#` are handled;
/// fields are trimmed of whitespace and of one pair of surrounding double quotes (no commas or line breaks inside quotes).
enum LegacyCSVRows {
    struct Row { var line: Int; var fields: [String] }

    static func read(_ path: String) throws(PriceDataError) -> [Row] {
        guard FileManager.default.fileExists(atPath: path) else { throw .fileNotFound(path: path) }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .unreadable(path: path, reason: "\(error.localizedDescription)")
        }
        var rows: [Row] = []
        var lineNo = 0
        // `\r\n` is one Character in a Swift String, so it is a separator of its own.
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNo += 1
            var s = Substring(raw)
            if s.hasSuffix("\r") { s = s.dropLast() }
            if lineNo == 1, s.hasPrefix("\u{FEFF}") { s = s.dropFirst() }
            if s.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if s.hasPrefix("#") { continue }
            let fields = s.split(separator: ",", omittingEmptySubsequences: false).map { f -> String in
                var t = f.trimmingCharacters(in: .whitespaces)
                if t.count >= 2, t.hasPrefix("\""), t.hasSuffix("\"") { t = String(t.dropFirst().dropLast()) }
                return t
            }
            rows.append(Row(line: lineNo, fields: fields))
        }
        return rows
    }
}
