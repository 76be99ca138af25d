import ArgumentParser
import Foundation
import Instruments
import Pricing
import Reports

/// `hedgebook price --input FILE.json [--format json|table]`: batch pricing of vanilla options for pipelines.
struct PriceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "price",
        abstract: "Price vanilla options (or back out implied volatility) from a JSON array of cases.",
        discussion: """
        Each case: id, kind (call|put), exercise (european|american), spot, strike, timeToExpiry (years, ACT/365F), \
        rate and dividendYield (continuous, fractions per year), and either volatility (fraction) or price. \
        Optional steps for American trees (default \(BinomialTree.defaultSteps), CRR). European: Black-Scholes-Merton. \
        Output: the same array in the same order; each case has id and price, delta, gamma, vega, theta, rho, \
        dividendRho (vega/rho per 1.00, theta per year), or impliedVolatility when a price was given, or error. \
        A bad case gets an error sentence and never stops the others; exit code 1 only when the file cannot be read.
        """)

    @Option(name: .long, help: "JSON file: an array of option cases.") var input: String
    @Option(name: .long, help: "json | table") var format: PriceFormat = .json
    @OptionGroup var global: GlobalOptions

    enum PriceFormat: String, ExpressibleByArgument, CaseIterable { case json, table }

    func run() throws {
        try runReportingErrors(quiet: global.quiet) {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: input))
            } catch {
                throw PriceInputError.unreadable(path: input, reason: "\(error.localizedDescription)")
            }
            let rows = try BatchPricing.run(data: data, source: input)
            let failed = rows.filter { $0.error != nil }.count
            if failed > 0 && !global.quiet { Console.warning("\(failed) of \(rows.count) cases could not be priced (see their error fields)") }
            switch format {
            case .json: try emit(BatchPricing.json(rows).serialized(), options: global)
            case .table: try emit(BatchPricing.table(rows), options: global)
            }
        }
    }
}

/// The whole input could not be used (as opposed to one bad case).
enum PriceInputError: Error, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case malformedJSON(path: String, reason: String)
    case notAnArray(path: String)

    var description: String {
        switch self {
        case let .unreadable(p, r): return "cannot read \(p): \(r)"
        case let .malformedJSON(p, r): return "\(p) is not valid JSON: \(r)"
        case let .notAnArray(p): return "\(p) must contain a JSON array of option cases (got another JSON value)"
        }
    }
}

/// A JSON value as read from input (numbers, strings, booleans are kept distinct).
enum InputJSON: Decodable {
    case null, bool(Bool), number(Double), string(String), array([InputJSON]), object([String: InputJSON])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([InputJSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: InputJSON].self)) }
    }

    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// One output row of `hedgebook price`.
struct PricedRow {
    var id: String?
    var result: VanillaResult?
    var error: String?
}

enum BatchPricing {
    /// Parses and values every case. Throws only when the file as a whole is unusable.
    static func run(data: Data, source: String) throws -> [PricedRow] {
        let root: InputJSON
        do {
            root = try JSONDecoder().decode(InputJSON.self, from: data)
        } catch {
            throw PriceInputError.malformedJSON(path: source, reason: malformedReason(data))
        }
        guard case .array(let items) = root else { throw PriceInputError.notAnArray(path: source) }
        var ws = BinomialWorkspace(steps: BinomialTree.defaultSteps)
        return items.enumerated().map { (i, item) in
            var row = PricedRow()
            do {
                guard case .object(let obj) = item else {
                    throw CaseError("Case \(i + 1) must be a JSON object, got \(item.typeName).")
                }
                if case .string(let s)? = obj["id"] { row.id = s } else if case .number(let d)? = obj["id"] { row.id = JSONValue.format(d) }
                let c = try parseCase(obj, index: i)
                row.result = try VanillaPricer.value(c, workspace: &ws)
            } catch let e as CaseError {
                row.error = e.message
            } catch let e as PricingError {
                row.error = sentence(e.description)
            } catch {
                row.error = sentence("\(error)")
            }
            return row
        }
    }

    /// Foundation's parser message with its character offset turned into line:column.
    static func malformedReason(_ data: Data) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return "the data is not a JSON document"
        } catch {
            let debug = ((error as NSError).userInfo["NSDebugDescription"] as? String) ?? "\(error)"
            guard let r = debug.range(of: "character "),
                  let offset = Int(debug[r.upperBound...].prefix { $0.isNumber }) else { return debug }
            var line = 1, col = 1
            for b in data.prefix(offset) { if b == 0x0A { line += 1; col = 1 } else { col += 1 } }
            let what = debug.components(separatedBy: " around character").first ?? debug
            return "\(what.prefix(1).lowercased() + what.dropFirst()) at line \(line), column \(col)"
        }
    }

    struct CaseError: Error { let message: String; init(_ m: String) { message = m } }

    static func sentence(_ s: String) -> String {
        guard let first = s.first else { return s }
        let t = first.uppercased() + s.dropFirst()
        return t.hasSuffix(".") ? t : t + "."
    }

    static func parseCase(_ o: [String: InputJSON], index: Int) throws -> VanillaCase {
        var missing: [String] = []
        func number(_ key: String, required: Bool = true) throws -> Double? {
            switch o[key] {
            case .number(let d)?: return d
            case nil, .null?:
                if required { missing.append(key) }
                return nil
            case let v?: throw CaseError("Field `\(key)` must be a number, got \(v.typeName).")
            }
        }
        func string(_ key: String) throws -> String? {
            switch o[key] {
            case .string(let s)?: return s
            case nil, .null?: missing.append(key); return nil
            case let v?: throw CaseError("Field `\(key)` must be a string, got \(v.typeName).")
            }
        }
        if o["id"] == nil { missing.append("id") }
        let kind = try string("kind")
        let exercise = try string("exercise")
        let spot = try number("spot"), strike = try number("strike"), time = try number("timeToExpiry")
        let rate = try number("rate"), q = try number("dividendYield")
        let vol = try number("volatility", required: false), price = try number("price", required: false)
        let steps = try number("steps", required: false)
        if vol == nil && price == nil { missing.append("volatility or price") }
        guard missing.isEmpty else {
            throw CaseError("Case \(index + 1) is missing \(missing.count == 1 ? "field" : "fields") \(missing.map { "`\($0)`" }.joined(separator: ", ")).")
        }
        guard let right = OptionRight(rawValue: kind!.lowercased()) else {
            throw CaseError("Unknown kind '\(kind!)': expected call or put.")
        }
        guard let style = ExerciseStyle(rawValue: exercise!.lowercased()) else {
            throw CaseError("Unknown exercise '\(exercise!)': expected european or american.")
        }
        if vol != nil && price != nil { throw CaseError("Give either `volatility` or `price`, not both.") }
        var n = BinomialTree.defaultSteps
        if let s = steps {
            guard s == s.rounded(), s >= Double(BinomialTree.minSteps), s <= Double(VanillaPricer.maxSteps) else {
                throw CaseError("Field `steps` must be an integer in \(BinomialTree.minSteps)…\(VanillaPricer.maxSteps), got \(JSONValue.format(s)).")
            }
            n = Int(s)
        }
        return VanillaCase(right: right, exercise: style, spot: spot!, strike: strike!, time: time!, rate: rate!,
                           dividendYield: q!, input: vol.map { .volatility($0) } ?? .price(price!), steps: n)
    }

    /// JSON output: the input order; keys id, model, (impliedVolatility), price, delta, gamma, vega, theta, rho,
    /// dividendRho — or id, error.
    static func json(_ rows: [PricedRow]) -> JSONValue {
        .array(rows.map { row in
            var pairs: [(String, JSONValue)] = [("id", .string(row.id))]
            if let r = row.result {
                pairs.append(("model", .string(r.model)))
                if let iv = r.impliedVolatility { pairs.append(("impliedVolatility", .number(iv))) }
                let g = r.greeks
                pairs += [("price", .number(g.price)), ("delta", .number(g.delta)), ("gamma", .number(g.gamma)),
                          ("vega", .number(g.vega)), ("theta", .number(g.theta)), ("rho", .number(g.rho)),
                          ("dividendRho", .number(g.dividendRho))]
            } else {
                pairs.append(("error", .string(row.error ?? "Unknown error.")))
            }
            return .object(pairs)
        })
    }

    static func table(_ rows: [PricedRow]) -> String {
        var t = TextTable(
            title: "Option prices (per unit of underlying; vega/rho per 1.00, theta per year; ACT/365F)",
            headers: ["id", "model", "impl.vol", "price", "delta", "gamma", "vega", "theta", "rho", "error"],
            alignments: [.left, .left, .right, .right, .right, .right, .right, .right, .right, .left])
        for r in rows {
            if let v = r.result {
                let g = v.greeks
                t.add([r.id ?? "-", v.model, v.impliedVolatility.map { fmt($0, 6) } ?? "", fmt(g.price, 6), fmt(g.delta, 6),
                       fmt(g.gamma, 6), fmt(g.vega, 6), fmt(g.theta, 6), fmt(g.rho, 6), ""])
            } else {
                t.add([r.id ?? "-", "", "", "", "", "", "", "", "", r.error ?? ""])
            }
        }
        return t.render()
    }
}
