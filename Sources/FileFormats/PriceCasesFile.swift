import Basics
import Foundation
import Instruments
import Pricing

/// The whole input could not be used (as opposed to one bad case).
public enum PriceInputError: Error, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case malformedJSON(path: String, reason: String)
    case notAnArray(path: String)

    public var description: String {
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
        let kind: PriceCasesJSON.Scanner.Kind
        switch self {
        case .null: kind = .null
        case .bool: kind = .bool
        case .number: kind = .number
        case .string: kind = .string
        case .array: kind = .array
        case .object: kind = .object
        }
        return kind.typeName
    }
}

/// Reads the `hedgebook price` input: a JSON array of option cases (format in README, `## hedgebook price`).
/// One bad case becomes that case's error sentence; only an unreadable file, invalid JSON (with line and column) or a
/// value other than an array throws.
public enum PriceCasesFile {
    /// One case as read: its id (string or number, echoed), and the case or the sentence saying what is wrong.
    public struct Entry: Sendable {
        public var id: String?
        public var parsed: Result<VanillaCase, CaseError>
    }

    public struct CaseError: Error, Sendable { public let message: String; init(_ m: String) { message = m } }

    /// Reads and parses the file: one pass over its bytes (``PriceCasesJSON``); documents that pass does not take
    /// (malformed JSON, whose message comes from Foundation's parser with line and column, and the rare forms listed
    /// there) go through ``parseFoundation(data:source:)``, so every document gets the same entries or error as before.
    public static func load(path: String) throws -> [Entry] {
        if let file = try? FileBytes.read(path: path), let entries = PriceCasesJSON.parse(file) { return entries }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw PriceInputError.unreadable(path: path, reason: "\(error.localizedDescription)")
        }
        return try parseFoundation(data: data, source: path)
    }

    public static func parse(data: Data, source: String) throws -> [Entry] {
        if let entries = PriceCasesJSON.parse(FileBytes(copying: data)) { return entries }
        return try parseFoundation(data: data, source: source)
    }

    /// The reference path: Foundation's JSONDecoder into an ``InputJSON`` tree, then each case's fields.
    public static func parseFoundation(data: Data, source: String) throws -> [Entry] {
        let root: InputJSON
        do {
            root = try JSONDecoder().decode(InputJSON.self, from: data)
        } catch {
            throw PriceInputError.malformedJSON(path: source, reason: malformedReason(data))
        }
        guard case .array(let items) = root else { throw PriceInputError.notAnArray(path: source) }
        return items.enumerated().map { (i, item) in
            guard case .object(let obj) = item else {
                return Entry(id: nil, parsed: .failure(CaseError("Case \(i + 1) must be a JSON object, got \(item.typeName).")))
            }
            var f = CaseFields()
            for (k, key) in CaseFields.keys.enumerated() { f.values[k] = obj[key] }
            return entry(f, index: i)
        }
    }

    /// The fields of one case object that the case uses (absent keys nil), in ``keys`` order.
    struct CaseFields {
        static let keys = ["id", "kind", "exercise", "spot", "strike", "timeToExpiry", "rate", "dividendYield",
                           "volatility", "price", "steps"]
        var values: [InputJSON?] = Array(repeating: nil, count: 11)

        mutating func clear() {
            for k in values.indices { values[k] = nil }
        }
    }

    /// One case's entry: its id (a string, or a number in shortest form) and the case or its error sentence.
    static func entry(_ f: CaseFields, index i: Int) -> Entry {
        var id: String?
        if case .string(let s)? = f.values[0] { id = s } else if case .number(let d)? = f.values[0] { id = NumberFormat.shortest(d) }
        do { return Entry(id: id, parsed: .success(try parseCase(f, index: i))) } catch let e as CaseError {
            return Entry(id: id, parsed: .failure(e))
        } catch {
            return Entry(id: id, parsed: .failure(CaseError("\(error)")))
        }
    }

    /// Foundation's parser message with its character offset turned into line:column.
    public static func malformedReason(_ data: Data) -> String {
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


    public static func sentence(_ s: String) -> String {
        guard let first = s.first else { return s }
        let t = first.uppercased() + s.dropFirst()
        return t.hasSuffix(".") ? t : t + "."
    }

    static func parseCase(_ o: CaseFields, index: Int) throws -> VanillaCase {
        var missing: [String] = []
        func number(_ slot: Int, required: Bool = true) throws -> Double? {
            let key = CaseFields.keys[slot]
            switch o.values[slot] {
            case .number(let d)?: return d
            case nil, .null?:
                if required { missing.append(key) }
                return nil
            case let v?: throw CaseError("Field `\(key)` must be a number, got \(v.typeName).")
            }
        }
        func string(_ slot: Int) throws -> String? {
            let key = CaseFields.keys[slot]
            switch o.values[slot] {
            case .string(let s)?: return s
            case nil, .null?: missing.append(key); return nil
            case let v?: throw CaseError("Field `\(key)` must be a string, got \(v.typeName).")
            }
        }
        if o.values[0] == nil { missing.append("id") }
        let kind = try string(1)
        let exercise = try string(2)
        let spot = try number(3), strike = try number(4), time = try number(5)
        let rate = try number(6), q = try number(7)
        let vol = try number(8, required: false), price = try number(9, required: false)
        let steps = try number(10, required: false)
        if vol == nil && price == nil { missing.append("volatility or price") }
        guard missing.isEmpty else {
            throw CaseError("Case \(index + 1) is missing \(missing.count == 1 ? "field" : "fields") \(missing.map { "`\($0)`" }.joined(separator: ", ")).")
        }
        // The lower-case spellings first: `lowercased()` only for the others.
        guard let right = OptionRight(rawValue: kind!) ?? OptionRight(rawValue: kind!.lowercased()) else {
            throw CaseError("Unknown kind '\(kind!)': expected call or put.")
        }
        guard let style = ExerciseStyle(rawValue: exercise!) ?? ExerciseStyle(rawValue: exercise!.lowercased()) else {
            throw CaseError("Unknown exercise '\(exercise!)': expected european or american.")
        }
        if vol != nil && price != nil { throw CaseError("Give either `volatility` or `price`, not both.") }
        var n = BinomialTree.defaultSteps
        if let s = steps {
            guard s == s.rounded(), s >= Double(BinomialTree.minSteps), s <= Double(VanillaPricer.maxSteps) else {
                throw CaseError("Field `steps` must be an integer in \(BinomialTree.minSteps)…\(VanillaPricer.maxSteps), got \(NumberFormat.shortest(s)).")
            }
            n = Int(s)
        }
        return VanillaCase(right: right, exercise: style, spot: spot!, strike: strike!, time: time!, rate: rate!,
                           dividendYield: q!, input: vol.map { .volatility($0) } ?? .price(price!), steps: n)
    }

}
