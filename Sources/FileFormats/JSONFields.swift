/// Typed access to the keys of a JSON object, with errors that name where the object came from, the key and what was
/// expected ("job line 3, key 'chunks': expected an array of 2 integers, found a string"). Unknown keys are errors.
public struct JSONFields: Sendable {
    /// Where the object is: "job line 3", "result line 7, key 'inputs'[2]".
    public let context: String
    public let fields: [(String, JSONNode)]

    public init(_ node: JSONNode, context: String) throws(JSONFieldError) {
        guard case .object(let f) = node else { throw JSONFieldError("\(context): expected a JSON object, found \(node.kindName)") }
        self.context = context
        fields = f
    }

    public func has(_ key: String) -> Bool { fields.contains { $0.0 == key } }

    func fail(_ key: String, _ expected: String, _ found: JSONNode?) -> JSONFieldError {
        JSONFieldError("\(context), key '\(key)': expected \(expected)" + (found.map { ", found \($0.kindName)" } ?? ", missing"))
    }

    /// Refuses keys outside `allowed` (a misspelt key is never silently ignored).
    public func onlyKeys(_ allowed: [String]) throws(JSONFieldError) {
        for (k, _) in fields where !allowed.contains(k) {
            throw JSONFieldError("\(context): unknown key '\(k)' (expected one of \(allowed.joined(separator: ", ")))")
        }
    }

    public func node(_ key: String) -> JSONNode? { fields.first { $0.0 == key }?.1 }

    public func string(_ key: String) throws(JSONFieldError) -> String {
        guard case .string(let s)? = node(key) else { throw fail(key, "a string", node(key)) }
        return s
    }

    public func optionalString(_ key: String) throws(JSONFieldError) -> String? {
        if node(key) == nil { return nil }
        return try string(key)
    }

    public func bool(_ key: String) throws(JSONFieldError) -> Bool {
        guard case .bool(let v)? = node(key) else { throw fail(key, "true or false", node(key)) }
        return v
    }

    public func number(_ key: String) throws(JSONFieldError) -> Double {
        guard case .number(let v)? = node(key) else { throw fail(key, "a number", node(key)) }
        return v
    }

    /// An integer in `range` (written without a fraction).
    public func int(_ key: String, in range: ClosedRange<Int> = 0...Int(Int32.max)) throws(JSONFieldError) -> Int {
        guard case .number(let v)? = node(key), let i = JSONFields.integer(v), range.contains(i) else {
            throw fail(key, "an integer in \(range.lowerBound)…\(range.upperBound)", node(key))
        }
        return i
    }

    static func integer(_ v: Double) -> Int? {
        guard v == v.rounded(), abs(v) < 9.0e15 else { return nil }
        return Int(v)
    }

    public func array(_ key: String) throws(JSONFieldError) -> [JSONNode] {
        guard case .array(let a)? = node(key) else { throw fail(key, "an array", node(key)) }
        return a
    }

    public func numbers(_ key: String) throws(JSONFieldError) -> [Double] {
        var out: [Double] = []
        let a = try array(key)
        out.reserveCapacity(a.count)
        for (i, n) in a.enumerated() {
            guard case .number(let v) = n else { throw JSONFieldError("\(context), key '\(key)'[\(i)]: expected a number, found \(n.kindName)") }
            out.append(v)
        }
        return out
    }

    public func strings(_ key: String) throws(JSONFieldError) -> [String] {
        try array(key).enumerated().map { (i, n) throws(JSONFieldError) -> String in
            guard case .string(let s) = n else { throw JSONFieldError("\(context), key '\(key)'[\(i)]: expected a string, found \(n.kindName)") }
            return s
        }
    }

    /// A half-open integer range written `[lower, upper]` with lower < upper.
    public func range(_ key: String) throws(JSONFieldError) -> Range<Int> {
        let a = try array(key)
        guard a.count == 2, case .number(let l) = a[0], case .number(let u) = a[1],
              let lo = JSONFields.integer(l), let hi = JSONFields.integer(u), lo >= 0, lo < hi else {
            throw JSONFieldError("\(context), key '\(key)': expected [first, end] (two integers, 0 ≤ first < end)")
        }
        return lo..<hi
    }

    public func object(_ key: String) throws(JSONFieldError) -> JSONFields {
        guard let n = node(key) else { throw fail(key, "an object", nil) }
        return try JSONFields(n, context: "\(context), key '\(key)'")
    }

    public func objects(_ key: String) throws(JSONFieldError) -> [JSONFields] {
        try array(key).enumerated().map { (i, n) throws(JSONFieldError) -> JSONFields in
            try JSONFields(n, context: "\(context), key '\(key)'[\(i)]")
        }
    }
}

/// A JSON object did not have the keys or types expected.
public struct JSONFieldError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ d: String) { description = d }
}
