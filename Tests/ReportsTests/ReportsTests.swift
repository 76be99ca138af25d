import Basics
import Reports
import Testing

@Suite struct ScaleTests {
    @Test func niceSteps() {
        #expect(LinearScale.niceStep(0.7) == 1)
        #expect(LinearScale.niceStep(1.3) == 2)
        #expect(LinearScale.niceStep(2.2) == 2.5)
        #expect(LinearScale.niceStep(3) == 5)
        #expect(LinearScale.niceStep(0.031) == 0.05)
        #expect(LinearScale.niceStep(420) == 500)
    }

    @Test func scaleCoversDataIncludesZeroAndMapsLinearly() {
        let s = LinearScale(covering: [-3.2, 7.9], range: (0, 100))
        #expect(s.domain.0 <= -3.2 && s.domain.1 >= 7.9)
        // niceStep(11.1 / 5 = 2.22) = 2.5, so the domain widens to (−5, 10).
        #expect(s.domain == (-5, 10))
        #expect(s(s.domain.0) == 0 && s(s.domain.1) == 100)
        let mid = (s.domain.0 + s.domain.1) / 2
        #expect(abs(s(mid) - 50) < 1e-12)
    }

    @Test func ticksAreEvenlySpacedAndInsideTheDomain() {
        let s = LinearScale(domain: (0, 1), range: (0, 1))
        #expect(s.ticks(5) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        let t = LinearScale(covering: [-12, 37], range: (0, 1)).ticks(5)
        #expect(t.first! >= -20 && t.last! <= 40)
        let steps = zip(t, t.dropFirst()).map { $1 - $0 }
        #expect(steps.allSatisfy { abs($0 - steps[0]) < 1e-9 })
        #expect(t.contains(0))
        #expect(LinearScale.decimalsFor(ticks: [0, 0.25, 0.5]) == 2)
        #expect(LinearScale.decimalsFor(ticks: [0, 5, 10]) == 0)
    }

    @Test func degenerateDomainDoesNotDivideByZero() {
        let s = LinearScale(covering: [3, 3], range: (0, 10), includeZero: false)
        #expect(s(3).isFinite)
    }
}

@Suite struct SVGTests {
    @Test func barChartHasOneRectPerBarLabelsAndAxisTitle() {
        let svg = BarChart(title: "P&L by scenario", valueLabel: "P&L (% NAV)",
                           bars: [("bull", 12.5), ("bear <20%>", -8.25), ("base", 3)]).render()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.components(separatedBy: "<rect ").count - 1 == 3)
        #expect(svg.contains(">P&amp;L by scenario<") && svg.contains(">P&amp;L (% NAV)<"))
        #expect(svg.contains("bear &lt;20%&gt;"))  // escaped
        #expect(svg.contains(">-8.25<") && svg.contains(">12.50<"))
        #expect(!svg.contains("nan") && !svg.contains("inf"))
    }

    @Test func emptyAndNonFiniteInputsSayWhy() {
        let svg = BarChart(title: "t", valueLabel: "v", bars: [("a", .nan)]).render()
        #expect(svg.contains("No data: no values to plot"))
        let line = LineChart(title: "l", xLabel: "x", yLabel: "y", series: [.init(name: "s", points: [(0, 1)])]).render()
        #expect(line.contains("No data"))
        #expect(Heatmap(title: "h", rowLabels: [], columnLabels: [], values: []).render().contains("No data"))
    }

    @Test func lineChartPathVisitsEveryPointInPixelSpace() {
        let chart = LineChart(title: "payoff", xLabel: "spot", yLabel: "P&L",
                              series: [.init(name: "expiry", points: [(0, 0), (50, 10), (100, 0)])],
                              markers: [(x: 50, label: "break-even")], width: 200, height: 100)
        let svg = chart.render()
        // left = 70, right = 180; x = 0, 50, 100 → 70, 125, 180.
        #expect(svg.contains("<path d=\"M70.0 "))
        #expect(svg.contains(" L125.0 ") && svg.contains(" L180.0 "))
        #expect(svg.contains("stroke-dasharray=\"4 3\"") && svg.contains(">break-even<"))
    }

    @Test func pathBreaksAtNonFinitePoints() {
        var c = SVGCanvas(width: 10, height: 10)
        c.path([(0, 0), (1, .nan), (2, 2), (3, 3)], stroke: "#000")
        #expect(c.body[0].contains("d=\"M0.0 0.0 M2.0 2.0 L3.0 3.0\""))
    }

    @Test func heatmapColoursAreSymmetricAndValuesPrinted() {
        #expect(Heatmap.colorForTest(0) == "#ffffff")
        #expect(Heatmap.colorForTest(1) == "#1b3a5c" && Heatmap.colorForTest(-1) == "#e08c3c")
        let svg = Heatmap(title: "corr", rowLabels: ["A", "B"], columnLabels: ["A", "B"], values: [[1, -0.5], [-0.5, 1]]).render()
        #expect(svg.contains(">-0.50<") && svg.contains(">1.00<"))
        #expect(svg.components(separatedBy: "<rect ").count - 1 == 4)
    }

    @Test func renderingIsDeterministic() {
        let make = { BarChart(title: "x", valueLabel: "y", bars: [("a", 1.234567), ("b", -2)]).render() }
        #expect(make() == make())
    }
}

@Suite struct TextOutputTests {
    @Test func tableAlignsNumbersRight() {
        var t = TextTable(headers: ["name", "value"])
        t.add(["a", "1.00"])
        t.add(["long name", "-12.50"])
        #expect(t.render() == "name        value\n---------  ------\na            1.00\nlong name  -12.50\n")
    }

    @Test func csvQuotesFieldsThatNeedIt() {
        #expect(CSV.render(headers: ["a", "b"], rows: [["x,y", "say \"hi\""]]) == "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n")
        #expect(CSV.number(.nan) == "")
    }

    @Test func jsonKeepsKeyOrderEscapesAndNeverWritesNaN() {
        let v: JSONValue = .object([("z", 1), ("a", .number(.nan)), ("s", "q\"\n"), ("l", [1.5, 2])])
        #expect(v.serialized(pretty: false) == "{\"z\":1,\"a\":null,\"s\":\"q\\\"\\n\",\"l\":[1.5,2]}")
        #expect(JSONValue.format(0.1) == "0.1" && JSONValue.format(-0.0) == "0" && JSONValue.format(1e20) == "1e+20")
    }
}
