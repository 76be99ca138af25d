import Basics
import Foundation

/// A self-contained HTML document (inline CSS and SVG; nothing fetched from the network), built section by section.
public struct HTMLReport: Sendable {
    public struct Section: Sendable {
        public var id: String
        public var title: String
        public var html: [String] = []
        public init(id: String, title: String) {
            self.id = id
            self.title = title
        }
        public mutating func paragraph(_ text: String) { html.append("<p>\(escapeXML(text))</p>") }
        public mutating func note(_ text: String) { html.append("<p class=\"note\">\(escapeXML(text))</p>") }
        public mutating func flag(_ text: String, ok: Bool) {
            html.append("<p class=\"\(ok ? "ok" : "bad")\">\(ok ? "✔" : "✘") \(escapeXML(text))</p>")
        }
        public mutating func chart(_ svg: String) { html.append("<figure class=\"chart\">\(svg)</figure>") }
        public mutating func list(_ items: [String]) {
            html.append("<ul>" + items.map { "<li>\(escapeXML($0))</li>" }.joined() + "</ul>")
        }
        /// A table: first column left-aligned, numeric-looking cells right-aligned; rows whose `highlight` is true are marked.
        public mutating func table(headers: [String], rows: [[String]], highlight: [Bool] = [], caption: String? = nil) {
            var h = "<table>"
            if let caption { h += "<caption>\(escapeXML(caption))</caption>" }
            h += "<thead><tr>" + headers.map { "<th>\(escapeXML($0))</th>" }.joined() + "</tr></thead><tbody>"
            for (i, r) in rows.enumerated() {
                let cls = i < highlight.count && highlight[i] ? " class=\"hl\"" : ""
                h += "<tr\(cls)>" + r.enumerated().map { j, c in
                    let num = j > 0 && HTMLReport.looksNumeric(c)
                    return "<td\(num ? " class=\"num\"" : "")>\(escapeXML(c))</td>"
                }.joined() + "</tr>"
            }
            html.append(h + "</tbody></table>")
        }
    }

    public var title: String
    public var subtitle: String
    public var sections: [Section] = []

    public init(title: String, subtitle: String) {
        self.title = title
        self.subtitle = subtitle
    }

    public mutating func add(_ s: Section) { sections.append(s) }

    static func looksNumeric(_ s: String) -> Bool {
        let t = s.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "x", with: "")
        return !t.isEmpty && Double(t) != nil || s == "n/a" || s == "-"
    }

    static let css = """
    body{font-family:Helvetica,Arial,sans-serif;margin:0;color:#222;background:#fff}
    header{background:#1b3a5c;color:#fff;padding:16px 28px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;font-size:13px}
    nav{padding:8px 28px;border-bottom:1px solid #ddd;font-size:13px}nav a{margin-right:14px;color:#1b3a5c}
    section{padding:8px 28px 20px;border-bottom:1px solid #eee}h2{font-size:18px;color:#1b3a5c}
    table{border-collapse:collapse;margin:8px 0 14px;font-size:12px}caption{text-align:left;font-weight:bold;padding:4px 0}
    th,td{border:1px solid #ccc;padding:3px 8px}th{background:#eef2f6;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
    tr.hl td{background:#fde9d4;font-weight:bold}p.note{font-size:12px;color:#555}p.ok{color:#1b3a5c}p.bad{color:#a33;font-weight:bold}
    figure.chart{margin:8px 0}@media print{nav{display:none}}
    """

    public func render() -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>\(escapeXML(title))</title>\n<style>\(HTMLReport.css)</style></head><body>\n"
        out += "<header><h1>\(escapeXML(title))</h1><p>\(escapeXML(subtitle))</p></header>\n<nav>"
        out += sections.map { "<a href=\"#\($0.id)\">\(escapeXML($0.title))</a>" }.joined() + "</nav>\n"
        for s in sections {
            out += "<section id=\"\(s.id)\"><h2>\(escapeXML(s.title))</h2>\n" + s.html.joined(separator: "\n") + "\n</section>\n"
        }
        return out + "</body></html>\n"
    }
}

