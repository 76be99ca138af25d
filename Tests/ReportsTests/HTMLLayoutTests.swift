import Basics
import Reports
import Testing

/// The HTML building blocks of the report: chart grid, wide charts, scrolling sortable tables, views, hover values,
/// and the first screen's factor-bets block.
@Suite struct HTMLLayoutTests {
    @Test func chartsShareAGridAndWideOnesTakeARow() {
        var s = HTMLReport.Section(id: "x", title: "X")
        s.chart(BarChart(title: "a", valueLabel: "v (%)", bars: [("a", 1)]).render())
        s.chart(Heatmap(title: "h", rowLabels: (0..<20).map { "n\($0)" }, columnLabels: (0..<20).map { "n\($0)" },
                        values: (0..<20).map { i in (0..<20).map { Double(i == $0 ? 1 : 0) } }).render())
        s.paragraph("after")
        var r = HTMLReport(title: "t", subtitle: "s")
        r.add(s)
        let html = r.render()
        #expect(html.contains("<div class=\"charts\"><figure class=\"chart\">"))
        #expect(html.contains("<figure class=\"chart wide\">"))
        #expect(html.contains("</figure></div>\n<p>after</p>"))
    }

    @Test func tablesScrollInsideABoxAndLongOnesSort() {
        let short = HTMLReport.table(headers: ["a"], rows: [["1"]])
        let long = HTMLReport.table(headers: ["a", "b"], rows: (0..<4).map { ["r\($0)", String($0)] })
        #expect(short.hasPrefix("<div class=\"tw\"><table>") && short.hasSuffix("</table></div>"))
        #expect(long.hasPrefix("<div class=\"tw\"><table class=\"sortable\">"))
        #expect(long.contains("<td class=\"num\">3</td>"))
    }

    @Test func viewsAreAllShownWithoutScriptBehindOneToggle() {
        var s = HTMLReport.Section(id: "x", title: "X")
        s.views("v", [("premium", "Premium", "<p>P</p>"), ("delta", "Delta", "<p>D</p>")])
        let h = s.html.joined()
        #expect(h.contains("<button type=\"button\" data-show=\"premium\" aria-pressed=\"true\">Premium</button>"))
        #expect(h.contains("data-show=\"delta\" aria-pressed=\"false\""))
        #expect(h.contains("data-view=\"premium\"><h3 class=\"viewtitle\">Premium</h3><p>P</p></div>"))
        #expect(h.contains("data-view=\"delta\"><h3 class=\"viewtitle\">Delta</h3><p>D</p></div>"))
        #expect(!h.contains("hidden"))
    }

    @Test func lineChartsCarryHoverValuesPerColumn() {
        let pts = (0..<300).map { (x: Double($0), y: Double($0) / 10) }
        let svg = LineChart(title: "t", xLabel: "day", yLabel: "NAV (%)", series: [.init(name: "book", points: pts)]).render()
        let hovers = svg.components(separatedBy: "<rect class=\"hover\"").count - 1
        #expect(hovers == 100)  // 300 points, every 3rd: at most 120 columns
        #expect(svg.contains("<title>day 0: book 0.00 (NAV (%))</title>"))
        #expect(svg.contains("<title>day 297: book 29.70 (NAV (%))</title>"))
    }

    @Test func factorBetsBlockAppearsOnlyWithAFactorModelResult() throws {
        #expect(ReportBuilder.factorBetsBlock(nil) == nil)
        #expect(ReportBuilder.factorBetsBlock([]) == nil)
        let bets = (1...7).map { FactorBet(factor: "F\($0)", exposurePercentOfNAV: Double($0) * -1.5, detail: $0 == 1 ? "a <b>" : nil) }
        let h = try #require(ReportBuilder.factorBetsBlock(bets))
        #expect(h.hasPrefix("<a class=\"blk\" href=\"#factors\">"))
        #expect(h.components(separatedBy: "<tr>").count - 1 == 5)
        #expect(h.contains("<td>F1</td><td class=\"num\">-1.50%</td><td>a &lt;b&gt;</td>") && !h.contains("F6"))
    }
}
