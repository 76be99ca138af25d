import Application
import FileFormats
import Foundation
import Pricing
import Testing

/// `BatchPricing.run` split over workers gives rows bit-identical to one worker (every Double compared by its bit
/// pattern), on a mix of European, American (few steps), implied-volatility and bad cases spanning many blocks.
@Suite struct BatchPricingTests {
    func bits(_ rows: [BatchPricing.Row]) -> [String] {
        rows.map { r in
            guard let v = r.result else { return "\(r.id ?? "nil") error \(r.error ?? "")" }
            let g = v.greeks
            return "\(r.id ?? "nil") \(v.model) \(v.impliedVolatility?.bitPattern ?? 0) "
                + [g.price, g.delta, g.gamma, g.vega, g.theta, g.rho, g.dividendRho].map { String($0.bitPattern, radix: 16) }.joined(separator: " ")
        }
    }

    @Test func workersGiveBitIdenticalRows() throws {
        var items: [String] = []
        for i in 0..<9_000 {
            let x = Double(i)
            let spot = 50 + (x * 0.618).truncatingRemainder(dividingBy: 1) * 100
            let strike = 60 + (x * 0.7548).truncatingRemainder(dividingBy: 1) * 80
            let t = 0.05 + (x * 0.5698).truncatingRemainder(dividingBy: 1) * 2
            let kind = i % 2 == 0 ? "call" : "put"
            switch i % 10 {
            case 0: items.append(#"{"id": "a\#(i)", "kind": "\#(kind)", "exercise": "american", "spot": \#(spot), "strike": \#(strike), "timeToExpiry": \#(t), "rate": 0.03, "dividendYield": 0.01, "volatility": 0.25, "steps": 25}"#)
            case 1: items.append(#"{"id": "iv\#(i)", "kind": "\#(kind)", "exercise": "european", "spot": 100, "strike": \#(strike), "timeToExpiry": \#(t), "rate": 0.03, "dividendYield": 0.01, "price": \#(5 + x.truncatingRemainder(dividingBy: 7))}"#)
            case 2: items.append(#"{"id": "bad\#(i)", "kind": "\#(kind)", "exercise": "european", "spot": -1, "strike": 1, "timeToExpiry": 1, "rate": 0, "dividendYield": 0, "volatility": 0.2}"#)
            default: items.append(#"{"id": "e\#(i)", "kind": "\#(kind)", "exercise": "european", "spot": \#(spot), "strike": \#(strike), "timeToExpiry": \#(t), "rate": 0.04, "dividendYield": 0.02, "volatility": \#(0.1 + x.truncatingRemainder(dividingBy: 5) / 10)}"#)
            }
        }
        let entries = try PriceCasesFile.parse(data: Data(("[" + items.joined(separator: ",") + "]").utf8), source: "t.json")
        let one = bits(BatchPricing.run(entries, workers: 1))
        #expect(one.count == 9_000)
        #expect(one.filter { $0.contains("error") }.count >= 900)
        for w in [2, 3, 8] { #expect(bits(BatchPricing.run(entries, workers: w)) == one, "workers \(w)") }
        #expect(bits(BatchPricing.run(entries)) == one)
        #expect(BatchPricing.run([], workers: 2).isEmpty)
    }
}
