#if canImport(Glibc)
import Glibc
#endif
import Basics

/// A linear map from a data domain to a pixel range, with "nice" ticks (1, 2, 2.5, 5 × 10ᵏ).
public struct LinearScale: Sendable, Equatable {
    public var domain: (Double, Double)
    public var range: (Double, Double)

    public static func == (a: LinearScale, b: LinearScale) -> Bool { a.domain == b.domain && a.range == b.range }

    /// A scale over `values` (padded to include 0 when `includeZero`), widened to nice tick bounds.
    public init(covering values: [Double], range: (Double, Double), includeZero: Bool = true, tickCount: Int = 5) {
        var lo = values.filter(\.isFinite).min() ?? 0
        var hi = values.filter(\.isFinite).max() ?? 1
        if includeZero { lo = min(lo, 0); hi = max(hi, 0) }
        if lo == hi { lo -= 1; hi += 1 }
        let step = LinearScale.niceStep((hi - lo) / Double(max(1, tickCount)))
        self.domain = ((lo / step).rounded(.down) * step, (hi / step).rounded(.up) * step)
        self.range = range
    }

    public init(domain: (Double, Double), range: (Double, Double)) {
        self.domain = domain.0 == domain.1 ? (domain.0 - 1, domain.1 + 1) : domain
        self.range = range
    }

    /// Pixel position of a value.
    public func callAsFunction(_ v: Double) -> Double {
        range.0 + (v - domain.0) / (domain.1 - domain.0) * (range.1 - range.0)
    }

    /// The smallest of 1, 2, 2.5, 5 × 10ᵏ that is ≥ `raw`.
    public static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let p = pow(10, (log10(raw)).rounded(.down))
        for m in [1.0, 2.0, 2.5, 5.0, 10.0] where m * p >= raw * (1 - 1e-12) { return m * p }
        return 10 * p
    }

    /// Tick values at a nice step inside the domain (both ends included when they fall on the step).
    public func ticks(_ count: Int = 5) -> [Double] {
        let step = LinearScale.niceStep((domain.1 - domain.0) / Double(max(1, count)))
        var t: [Double] = []
        var k = (domain.0 / step - 1e-9).rounded(.up)
        while k * step <= domain.1 + step * 1e-9 {
            let v = (k * step * 1e12).rounded() / 1e12  // integer multiples, cleaned of binary noise
            t.append(v == 0 ? 0 : v)
            k += 1
        }
        return t
    }
}

/// Colours chosen to stay distinguishable in greyscale (distinct luminance), with a dark/light pair for
/// gains/losses. Charts also label values, so meaning never rests on colour alone.
public enum Palette {
    public static let series = ["#1b3a5c", "#d9822b", "#6b9fc9", "#7a7a7a", "#3f7f3f", "#b0413e"]
    public static let gain = "#1b3a5c"
    public static let loss = "#e0a060"
    public static let axis = "#333333"
    public static let grid = "#dddddd"
}

/// Escapes text for SVG/HTML.
public func escapeXML(_ s: String) -> String {
    var r = ""
    for c in s {
        switch c {
        case "&": r += "&amp;"
        case "<": r += "&lt;"
        case ">": r += "&gt;"
        case "\"": r += "&quot;"
        default: r.append(c)
        }
    }
    return r
}

/// A minimal SVG document builder with fixed-precision coordinates (byte-identical output for the same input).
public struct SVGCanvas {
    public let width: Double
    public let height: Double
    public private(set) var body: [String] = []

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    static func n(_ v: Double) -> String { fmt(v, 1) }

    public mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = Palette.axis,
                              width w: Double = 1, dash: String? = nil) {
        body.append("<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(w))\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>")
    }

    public mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, title: String? = nil) {
        let t = title.map { "<title>\(escapeXML($0))</title>" } ?? ""
        body.append("<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(max(w, 0)))\" height=\"\(Self.n(max(h, 0)))\" fill=\"\(fill)\">\(t)</rect>")
    }

    /// A transparent rectangle carrying a tooltip (`<title>`): hover values without script.
    public mutating func hover(_ x: Double, _ y: Double, _ w: Double, _ h: Double, title: String) {
        body.append("<rect class=\"hover\" x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(max(w, 0)))\" height=\"\(Self.n(max(h, 0)))\" fill=\"transparent\"><title>\(escapeXML(title))</title></rect>")
    }

    public mutating func text(_ s: String, _ x: Double, _ y: Double, anchor: String = "start", size: Double = 11,
                              weight: String = "normal", rotate: Double? = nil, fill: String = "#222222") {
        let r = rotate.map { " transform=\"rotate(\(Self.n($0)) \(Self.n(x)) \(Self.n(y)))\"" } ?? ""
        body.append("<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" text-anchor=\"\(anchor)\" font-size=\"\(Self.n(size))\" font-weight=\"\(weight)\" fill=\"\(fill)\"\(r)>\(escapeXML(s))</text>")
    }

    /// A polyline through points (skipping non-finite ones by breaking the path).
    public mutating func path(_ points: [(Double, Double)], stroke: String, width w: Double = 2, dash: String? = nil) {
        var d = ""
        var pen = false
        for (x, y) in points {
            guard x.isFinite, y.isFinite else { pen = false; continue }
            d += (pen ? " L" : (d.isEmpty ? "M" : " M")) + "\(Self.n(x)) \(Self.n(y))"
            pen = true
        }
        guard !d.isEmpty else { return }
        body.append("<path d=\"\(d)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(w))\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>")
    }

    public func render(title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" style=\"max-width:\(Self.n(1.4 * width))px\" role=\"img\" aria-label=\"\(escapeXML(title))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
            + body.joined(separator: "\n") + "\n</svg>"
    }
}

/// A chart with nothing to draw renders this box with the reason instead (never an empty chart).
public func emptyChart(title: String, reason: String, width: Double = 640, height: Double = 120) -> String {
    var c = SVGCanvas(width: width, height: height)
    c.text(title, 10, 20, size: 14, weight: "bold")
    c.rect(10, 35, width - 20, height - 45, fill: "#f4f4f4")
    c.text("No data: \(reason)", width / 2, height / 2 + 15, anchor: "middle", size: 12)
    return c.render(title: title)
}

/// Horizontal bar chart of labelled values (positive and negative), value labels on every bar.
public struct BarChart: Sendable {
    public var title: String
    public var valueLabel: String
    public var bars: [(label: String, value: Double)]
    public var decimals: Int
    public var width: Double

    public init(title: String, valueLabel: String, bars: [(label: String, value: Double)], decimals: Int = 2, width: Double = 640) {
        self.title = title
        self.valueLabel = valueLabel
        self.bars = bars
        self.decimals = decimals
        self.width = width
    }

    public func render() -> String {
        let finite = bars.filter { $0.value.isFinite }
        guard !finite.isEmpty else { return emptyChart(title: title, reason: "no values to plot", width: width) }
        let barH = 18.0, gap = 6.0
        let labelW = min(240, 8 + 7 * Double(finite.map(\.label.count).max() ?? 4))
        let top = 40.0, bottom = 48.0, right = 60.0
        let height = top + Double(finite.count) * (barH + gap) + bottom
        var c = SVGCanvas(width: width, height: height)
        c.text(title, 10, 20, size: 14, weight: "bold")
        let negPad = finite.contains { $0.value < 0 } ? 50.0 : 0  // room for value labels left of negative bars
        let x = LinearScale(covering: finite.map(\.value), range: (labelW + 10 + negPad, width - right))
        let plotBottom = height - bottom + 4
        for t in x.ticks(5) {
            c.line(x(t), top - 4, x(t), plotBottom, stroke: Palette.grid)
            c.text(fmt(t, LinearScale.decimalsFor(ticks: x.ticks(5))), x(t), plotBottom + 14, anchor: "middle", size: 11)
        }
        c.line(x(0), top - 4, x(0), plotBottom, stroke: Palette.axis)
        for (i, b) in finite.enumerated() {
            let y = top + Double(i) * (barH + gap)
            let x0 = x(min(0, b.value)), x1 = x(max(0, b.value))
            c.rect(x0, y, x1 - x0, barH, fill: b.value >= 0 ? Palette.gain : Palette.loss, title: "\(b.label): \(fmt(b.value, decimals))")
            c.text(b.label, labelW, y + barH - 5, anchor: "end", size: 11)
            let vx = b.value >= 0 ? x1 + 3 : x0 - 3
            c.text(fmt(b.value, decimals), vx, y + barH - 5, anchor: b.value >= 0 ? "start" : "end", size: 11)
        }
        c.text(valueLabel, (labelW + width - right) / 2, height - 8, anchor: "middle", size: 11)
        return c.render(title: title)
    }
}

extension LinearScale {
    /// Decimals needed to print ticks distinctly.
    public static func decimalsFor(ticks: [Double]) -> Int {
        guard ticks.count > 1 else { return 0 }
        let step = abs(ticks[1] - ticks[0])
        for d in 0...6 {
            let v = step * pow(10, Double(d))
            if abs(v - v.rounded()) < 1e-9 * max(1, v) { return d }
        }
        return 6
    }
}

/// Line chart of one or more series over a numeric x axis, with optional vertical markers (e.g. break-evens).
public struct LineChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public var dashed: Bool
        public init(name: String, points: [(x: Double, y: Double)], dashed: Bool = false) {
            self.name = name
            self.points = points
            self.dashed = dashed
        }
    }
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    public var markers: [(x: Double, label: String)]
    /// Formats x tick labels (e.g. dates from day numbers).
    public var xTickFormat: @Sendable (Double) -> String
    public var width: Double
    public var height: Double

    public init(title: String, xLabel: String, yLabel: String, series: [Series], markers: [(x: Double, label: String)] = [],
                xTickFormat: @escaping @Sendable (Double) -> String = { fmt($0, 0) }, width: Double = 640, height: Double = 320) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.markers = markers
        self.xTickFormat = xTickFormat
        self.width = width
        self.height = height
    }

    public func render() -> String {
        let pts = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
        guard pts.count >= 2 else { return emptyChart(title: title, reason: "fewer than two finite points", width: width) }
        let left = 70.0, right = 20.0, top = 40.0, bottom = 60.0 + (series.count > 1 ? 18 : 0)
        var c = SVGCanvas(width: width, height: height)
        c.text(title, 10, 20, size: 14, weight: "bold")
        let xs = LinearScale(domain: (pts.map(\.x).min()!, pts.map(\.x).max()!), range: (left, width - right))
        let ys = LinearScale(covering: pts.map(\.y), range: (height - bottom, top), includeZero: false)
        let yt = ys.ticks(5)
        let yd = LinearScale.decimalsFor(ticks: yt)
        for t in yt {
            c.line(left, ys(t), width - right, ys(t), stroke: Palette.grid)
            c.text(fmt(t, yd), left - 6, ys(t) + 4, anchor: "end", size: 11)
        }
        if ys.domain.0 < 0 && ys.domain.1 > 0 { c.line(left, ys(0), width - right, ys(0), stroke: Palette.axis) }
        let xt = LinearScale(covering: [xs.domain.0, xs.domain.1], range: xs.range, includeZero: false).ticks(6)
            .filter { $0 >= xs.domain.0 - 1e-9 && $0 <= xs.domain.1 + 1e-9 }
        for t in xt {
            c.line(xs(t), height - bottom, xs(t), height - bottom + 4)
            c.text(xTickFormat(t), xs(t), height - bottom + 16, anchor: "middle", size: 11)
        }
        c.line(left, height - bottom, width - right, height - bottom)
        c.line(left, top, left, height - bottom)
        for m in markers where m.x >= xs.domain.0 && m.x <= xs.domain.1 {
            c.line(xs(m.x), top, xs(m.x), height - bottom, stroke: "#555555", dash: "4 3")
            c.text(m.label, xs(m.x) + 3, top + 10, size: 11)
        }
        for (i, s) in series.enumerated() {
            let color = Palette.series[i % Palette.series.count]
            c.path(s.points.map { (xs($0.x), ys($0.y)) }, stroke: color, dash: s.dashed || i % 2 == 1 ? "6 3" : nil)
        }
        c.text(xLabel, (left + width - right) / 2, height - bottom + 34, anchor: "middle", size: 11)
        c.text(yLabel, 14, (top + height - bottom) / 2, anchor: "middle", size: 11, rotate: -90)
        hoverColumns(&c, xs: xs, top: top, bottom: height - bottom)
        if series.count > 1 {
            var lx = left
            let ly = height - 10
            for (i, s) in series.enumerated() {
                let color = Palette.series[i % Palette.series.count]
                c.line(lx, ly - 4, lx + 24, ly - 4, stroke: color, width: 2, dash: s.dashed || i % 2 == 1 ? "6 3" : nil)
                c.text(s.name, lx + 28, ly, size: 11)
                lx += 40 + 6.8 * Double(s.name.count)
            }
        }
        return c.render(title: title)
    }
}

extension LineChart {
    /// Hover values without script: at most `maxColumns` transparent vertical strips, each with a `<title>` giving x and
    /// every series' value at the nearest point (the browser shows it as a tooltip).
    func hoverColumns(_ c: inout SVGCanvas, xs: LinearScale, top: Double, bottom: Double, maxColumns: Int = 120) {
        guard let longest = series.max(by: { $0.points.count < $1.points.count }), longest.points.count >= 2 else { return }
        let xsAll = longest.points.map(\.x)
        let step = max(1, (xsAll.count + maxColumns - 1) / maxColumns)
        let picks = Array(stride(from: 0, to: xsAll.count, by: step))
        for (k, i) in picks.enumerated() {
            let x = xsAll[i]
            let lo = k == 0 ? xs.range.0 : (xs(xsAll[picks[k - 1]]) + xs(x)) / 2
            let hi = k == picks.count - 1 ? xs.range.1 : (xs(x) + xs(xsAll[picks[k + 1]])) / 2
            let values = series.compactMap { s -> String? in
                guard let p = s.points.min(by: { abs($0.x - x) < abs($1.x - x) }), p.y.isFinite else { return nil }
                return "\(s.name) \(fmt(p.y, 2))"
            }
            c.hover(lo, top, hi - lo, bottom - top, title: "\(xLabel) \(xTickFormat(x)): " + values.joined(separator: "; ") + " (\(yLabel))")
        }
    }
}

/// Heatmap of a matrix with row/column labels; a diverging scale (blue = high, orange = low) and the value
/// printed in each cell so the chart reads in greyscale.
public struct Heatmap: Sendable {
    public var title: String
    public var rowLabels: [String]
    public var columnLabels: [String]
    public var values: [[Double]]
    public var decimals: Int
    public var rowAxis: String
    public var columnAxis: String

    public init(title: String, rowLabels: [String], columnLabels: [String], values: [[Double]], decimals: Int = 2,
                rowAxis: String = "", columnAxis: String = "") {
        self.title = title
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.values = values
        self.decimals = decimals
        self.rowAxis = rowAxis
        self.columnAxis = columnAxis
    }

    /// The cell colour for t in [−1, 1] (exposed for tests).
    public static func colorForTest(_ t: Double) -> String { color(t) }

    static func color(_ t: Double) -> String {
        // t in [−1, 1]: −1 → orange, 0 → white, +1 → dark blue.
        let u = max(-1, min(1, t.isFinite ? t : 0))
        let (r, g, b): (Double, Double, Double) = u >= 0
            ? (255 - u * (255 - 27), 255 - u * (255 - 58), 255 - u * (255 - 92))
            : (255 + u * (255 - 224), 255 + u * (255 - 140), 255 + u * (255 - 60))
        func hex(_ v: Double) -> String {
            let s = String(Int(v.rounded()), radix: 16)
            return s.count == 1 ? "0" + s : s
        }
        return "#" + hex(r) + hex(g) + hex(b)
    }

    public func render() -> String {
        let flat = values.flatMap { $0 }.filter(\.isFinite)
        guard !flat.isEmpty, values.count == rowLabels.count, values.allSatisfy({ $0.count == columnLabels.count }) else {
            return emptyChart(title: title, reason: "no values to plot")
        }
        let n = Double(columnLabels.count)
        let cell = max(34, min(56, 600 / max(n, 1)))
        let left = 24 + 7 * Double(rowLabels.map(\.count).max() ?? 4)
        let top = 50 + 6.5 * Double(columnLabels.map(\.count).max() ?? 4)
        let width = left + cell * n + 20
        let height = top + cell * Double(rowLabels.count) + 40
        var c = SVGCanvas(width: width, height: height)
        c.text(title, 10, 20, size: 14, weight: "bold")
        let scale = flat.map { abs($0) }.max() ?? 1
        for (i, row) in values.enumerated() {
            c.text(rowLabels[i], left - 4, top + Double(i) * cell + cell / 2 + 4, anchor: "end", size: 11)
            for (j, v) in row.enumerated() {
                let t = scale > 0 ? v / scale : 0
                c.rect(left + Double(j) * cell, top + Double(i) * cell, cell - 1, cell - 1, fill: v.isFinite ? Heatmap.color(t) : "#f4f4f4",
                       title: "\(rowLabels[i]) / \(columnLabels[j]): \(v.isFinite ? fmt(v, decimals) : "no data")")
                if v.isFinite {
                    c.text(fmt(v, decimals), left + Double(j) * cell + cell / 2, top + Double(i) * cell + cell / 2 + 4,
                           anchor: "middle", size: 11, fill: abs(t) > 0.55 ? "#ffffff" : "#111111")
                }
            }
        }
        for (j, l) in columnLabels.enumerated() {
            let x = left + Double(j) * cell + cell / 2
            c.text(l, x, top - 6, anchor: "start", size: 11, rotate: -60)
        }
        if !columnAxis.isEmpty { c.text(columnAxis, left + cell * n / 2, height - 12, anchor: "middle", size: 11) }
        if !rowAxis.isEmpty { c.text(rowAxis, 12, top + cell * Double(rowLabels.count) / 2, anchor: "middle", size: 11, rotate: -90) }
        return c.render(title: title)
    }
}
