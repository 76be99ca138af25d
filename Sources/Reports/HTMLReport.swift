import Basics
import Foundation

/// A self-contained HTML document (inline CSS, SVG and one inline script; nothing fetched from the network), built
/// section by section. Every figure is readable with scripts off: the script only adds sorting on table headers, the
/// view toggles (``Section/views(_:)``) and opening collapsed inputs from a link; tooltips are SVG `<title>`s.
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
        /// A chart; consecutive charts share a grid row (two per row at 1,400 px, one at 800 px); a chart wider than
        /// 660 units (large heatmaps) takes a row of its own.
        public mutating func chart(_ svg: String) {
            html.append("<figure class=\"chart\(HTMLReport.viewBoxWidth(svg) > 660 ? " wide" : "")\">\(svg)</figure>")
        }
        /// Raw HTML (already escaped by the caller).
        public mutating func raw(_ h: String) { html.append(h) }
        /// Alternative views of the same figures (e.g. premium / delta-adjusted): every view is shown, titled, with
        /// scripts off; the inline script shows one at a time behind a toggle. `views`: (key, label, HTML).
        public mutating func views(_ name: String, _ views: [(key: String, label: String, html: String)]) {
            var h = "<div class=\"toggle\" data-toggle=\"\(escapeXML(name))\"><span>View:</span>"
            for (i, v) in views.enumerated() {
                h += "<button type=\"button\" data-show=\"\(escapeXML(v.key))\" aria-pressed=\"\(i == 0)\">\(escapeXML(v.label))</button>"
            }
            h += "</div>"
            for v in views {
                h += "<div class=\"view\" data-group=\"\(escapeXML(name))\" data-view=\"\(escapeXML(v.key))\"><h3 class=\"viewtitle\">\(escapeXML(v.label))</h3>\(HTMLReport.gridCharts(v.html))</div>"
            }
            html.append(h)
        }
        /// Content behind a disclosure triangle (`<details>`, no script needed).
        public mutating func collapsible(id: String, summary: String, _ content: String) {
            html.append("<details id=\"\(escapeXML(id))\"><summary>\(escapeXML(summary))</summary>\(content)</details>")
        }
        public mutating func list(_ items: [String]) {
            html.append("<ul>" + items.map { "<li>\(escapeXML($0))</li>" }.joined() + "</ul>")
        }
        /// A table: first column left-aligned, numeric-looking cells right-aligned; rows whose `highlight` is true are marked.
        public mutating func table(headers: [String], rows: [[String]], highlight: [Bool] = [], caption: String? = nil) {
            html.append(HTMLReport.table(headers: headers, rows: rows, highlight: highlight, caption: caption))
        }
    }

    /// A table (in a horizontally scrolling box, so a wide table never widens the page); tables of more than three
    /// rows are sortable by clicking a header (script).
    public static func table(headers: [String], rows: [[String]], highlight: [Bool] = [], caption: String? = nil) -> String {
        var h = "<div class=\"tw\"><table\(rows.count > 3 ? " class=\"sortable\"" : "")>"
        if let caption { h += "<caption>\(escapeXML(caption))</caption>" }
        h += "<thead><tr>" + headers.map { "<th>\(escapeXML($0))</th>" }.joined() + "</tr></thead><tbody>"
        for (i, r) in rows.enumerated() {
            let cls = i < highlight.count && highlight[i] ? " class=\"hl\"" : ""
            h += "<tr\(cls)>" + r.enumerated().map { j, c in
                let num = j > 0 && HTMLReport.looksNumeric(c)
                return "<td\(num ? " class=\"num\"" : "")>\(escapeXML(c))</td>"
            }.joined() + "</tr>"
        }
        return h + "</tbody></table></div>"
    }

    /// The width of an SVG's viewBox (0 when absent).
    static func viewBoxWidth(_ svg: String) -> Double {
        guard let r = svg.range(of: "viewBox=\"0 0 ") else { return 0 }
        return Double(svg[r.upperBound...].prefix { $0 != " " }) ?? 0
    }

    /// Wraps runs of consecutive chart figures into a grid.
    static func gridCharts(_ parts: [String]) -> String {
        var out: [String] = [], run: [String] = []
        func flush() { if !run.isEmpty { out.append("<div class=\"charts\">" + run.joined(separator: "\n") + "</div>"); run = [] } }
        for p in parts {
            if p.hasPrefix("<figure class=\"chart") { run.append(p) } else { flush(); out.append(p) }
        }
        flush()
        return out.joined(separator: "\n")
    }
    static func gridCharts(_ html: String) -> String { html.contains("<div class=\"charts\">") ? html : gridCharts([html]) }

    public var title: String
    public var subtitle: String
    public var sections: [Section] = []

    public init(title: String, subtitle: String) {
        self.title = title
        self.subtitle = subtitle
    }

    public mutating func add(_ s: Section) { sections.append(s) }
    public mutating func insertFirst(_ s: Section) { sections.insert(s, at: 0) }

    static func looksNumeric(_ s: String) -> Bool {
        let t = s.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "x", with: "")
        return !t.isEmpty && Double(t) != nil || s == "n/a" || s == "-"
    }

    static let css = """
    *{box-sizing:border-box}body{font-family:Helvetica,Arial,sans-serif;margin:0;color:#222;background:#fff;font-size:14px}
    header{background:#1b3a5c;color:#fff;padding:10px 24px}header h1{margin:0;font-size:20px}header p{margin:2px 0 0;font-size:13px}
    nav{padding:6px 24px;border-bottom:1px solid #ddd;font-size:13px;line-height:1.7}nav a{margin-right:14px;color:#1b3a5c}
    section{padding:4px 24px 18px;border-bottom:1px solid #eee;max-width:100%}h2{font-size:18px;color:#1b3a5c;margin:12px 0 8px}h3{font-size:15px}
    p,li,caption,summary{overflow-wrap:anywhere}td,th{overflow-wrap:break-word}
    .tw{max-width:100%;overflow-x:auto}table{border-collapse:collapse;margin:8px 0 14px;font-size:12px}caption{text-align:left;font-weight:bold;padding:4px 0}
    th,td{border:1px solid #ccc;padding:3px 8px;vertical-align:top}th{background:#eef2f6;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
    tr.hl td{background:#fde9d4;font-weight:bold}p.note{font-size:12px;color:#555;max-width:110ch}p.ok{color:#1b3a5c}p.bad{color:#a33;font-weight:bold}
    .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,640px),1fr));gap:8px 16px;align-items:start}
    figure.chart{margin:8px 0;min-width:0}figure.chart.wide{grid-column:1/-1}figure.chart svg{width:100%;height:auto;display:block}
    .toggle{display:none;gap:6px;align-items:center;margin:8px 0;font-size:13px}.js .toggle{display:flex}
    .toggle button{font:inherit;padding:3px 10px;border:1px solid #1b3a5c;background:#fff;color:#1b3a5c;border-radius:3px;cursor:pointer}
    .toggle button[aria-pressed=true]{background:#1b3a5c;color:#fff}.js .view[hidden]{display:none}.js h3.viewtitle{display:none}
    table.sortable th{cursor:pointer}table.sortable th[aria-sort]::after{content:" \\25B4"}table.sortable th[aria-sort=descending]::after{content:" \\25BE"}
    details{margin:8px 0 14px}summary{cursor:pointer;font-weight:bold;font-size:13px}
    .kf{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px;margin:4px 0 10px}
    .kf a.tile{display:block;border:1px solid #c9d3de;border-left:4px solid #1b3a5c;padding:5px 8px;color:#222;text-decoration:none;min-width:0}
    .kf a.tile:hover,.kb a.blk:hover{background:#f3f6f9}.tile .l{font-size:12px;color:#555}.tile .v{font-size:19px;font-weight:bold;font-variant-numeric:tabular-nums}
    .tile .u{font-size:12px;font-weight:normal;color:#555}.tile .s{font-size:11px;color:#555}
    .st-ok{border-left-color:#3f7f3f!important}.st-warn{border-left-color:#d9822b!important}.st-breach{border-left-color:#b0413e!important}.st-na{border-left-color:#999!important}
    b.ok{color:#3f7f3f}b.warn{color:#b5651d}b.breach,b.fails{color:#b0413e}b.holds{color:#3f7f3f}b.na{color:#777}
    .kb{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,255px),1fr));gap:8px}
    .kb a.blk{display:block;border:1px solid #c9d3de;padding:5px 8px;color:#222;text-decoration:none;font-size:12px;min-width:0}
    .kb .h{font-size:12px;font-weight:bold;color:#1b3a5c;margin-bottom:2px}.kb table{margin:0;font-size:12px;width:100%}.kb td,.kb th{border:0;padding:1px 4px}
    .kb ul{margin:0;padding-left:16px}
    @media (max-width:900px){header,nav,section{padding-left:16px;padding-right:16px}}
    @media print{nav,.toggle{display:none}.view[hidden]{display:block}}
    """

    /// The inline script (no network): marks the page `js`, wires the view toggles, sortable tables and the link that
    /// opens the inputs list. Query `?view=<key>` selects a toggle's view on load (links and tests use it).
    static let script = """
    (function(){var d=document;d.documentElement.classList.add('js');
    function show(g,k){d.querySelectorAll('.toggle[data-toggle="'+g+'"] button').forEach(function(b){b.setAttribute('aria-pressed',String(b.dataset.show===k));});
    d.querySelectorAll('.view[data-group="'+g+'"]').forEach(function(v){v.hidden=v.dataset.view!==k;});}
    d.querySelectorAll('.toggle').forEach(function(t){var g=t.dataset.toggle;var bs=t.querySelectorAll('button');
    bs.forEach(function(b){b.addEventListener('click',function(){show(g,b.dataset.show);});});if(bs.length)show(g,bs[0].dataset.show);});
    function key(c){var s=c.textContent.trim().replace(/[,%x\\u00a0]/g,'').replace(/^\\u2212/,'-');var n=parseFloat(s);return n!==n||!/^[-+]?[0-9.]+(e[-+]?[0-9]+)?$/.test(s)?null:n;}
    d.querySelectorAll('table.sortable').forEach(function(t){t.querySelectorAll('thead th').forEach(function(th,i){th.title='sort';
    th.addEventListener('click',function(){var asc=th.getAttribute('aria-sort')!=='ascending';t.querySelectorAll('thead th').forEach(function(h){h.removeAttribute('aria-sort');});
    th.setAttribute('aria-sort',asc?'ascending':'descending');var tb=t.tBodies[0];var rows=Array.prototype.slice.call(tb.rows);
    rows.sort(function(a,b){var x=a.cells[i],y=b.cells[i];if(!x||!y)return 0;var p=key(x),q=key(y);var r=(p!==null&&q!==null)?p-q:x.textContent.localeCompare(y.textContent);return asc?r:-r;});
    rows.forEach(function(r){tb.appendChild(r);});});});});
    function openTarget(){var h=location.hash.slice(1);var e=h&&d.getElementById(h);if(e&&e.tagName==='DETAILS')e.open=true;}
    window.addEventListener('hashchange',openTarget);openTarget();
    var m=/[?&]view=([^&]+)/.exec(location.search);if(m){d.querySelectorAll('.toggle button[data-show="'+decodeURIComponent(m[1])+'"]').forEach(function(b){b.click();});}
    })();
    """

    public func render() -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>\(escapeXML(title))</title>\n<style>\(HTMLReport.css)</style></head><body>\n"
        out += "<header><h1>\(escapeXML(title))</h1><p>\(escapeXML(subtitle))</p></header>\n<nav>"
        out += sections.map { "<a href=\"#\($0.id)\">\(escapeXML($0.title))</a>" }.joined() + "</nav>\n"
        for s in sections {
            out += "<section id=\"\(s.id)\"><h2>\(escapeXML(s.title))</h2>\n" + HTMLReport.gridCharts(s.html) + "\n</section>\n"
        }
        return out + "<script>\(HTMLReport.script)</script>\n</body></html>\n"
    }
}
