import Basics
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// The `price` input read in one pass over its bytes: the JSON array of cases, each object's known fields picked out
/// as they go by, numbers parsed in place (``DecimalParsing``), no tree and no Foundation.
///
/// It accepts exactly the documents it can read the way the Foundation path (``PriceCasesFile/parseFoundation(data:source:)``)
/// reads them, and returns nil for anything else — malformed JSON (so the error message, with its line and column,
/// stays the Foundation parser's), a document that is not an array, invalid UTF-8, a byte-order mark, a number that
/// overflows, a known key given twice, nesting deeper than 64 levels — and the caller then takes the Foundation path.
/// `Tests/FileFormatsTests/PriceCasesJSONTests.swift` runs both paths over the same documents and checks that the
/// entries agree.
enum PriceCasesJSON {
    struct Malformed: Error {}

    /// The entries of the document in `bytes[0..<count]` (padded as ``FileBytes`` pads: a readable byte at
    /// `base[count]` and fifteen more after it), or nil when the Foundation path must decide.
    static func parse(_ file: FileBytes, workers: Int? = nil) -> [PriceCasesFile.Entry]? {
        // Non-ASCII bytes are legal only inside strings; the Foundation path rejects invalid UTF-8 (and decodes
        // UTF-16/32, which start with a NUL or a byte-order mark — neither is '[' after whitespace, so both fall back).
        guard file.firstInvalidUTF8(from: 0) == nil else { return nil }
        let nw = max(1, min(workers ?? maxWorkers, file.count / (4 << 20)))
        if nw > 1, let entries = parseSplit(file, workers: nw) { return entries }
        var s = Scanner(base: file.base, count: file.count)
        do {
            return try s.document()
        } catch {
            return nil
        }
    }

    /// Worker threads for `workers: nil` (the machine's online cores, at most 8); files under 4 MiB per worker are
    /// read on the calling thread.
    static let maxWorkers = min(8, max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))

    /// A large array read by `workers` threads at once, each from a guessed element start (a `{` after a `,`) to the
    /// next guess. The guesses are proven, not trusted: worker 0 starts at the array's first element, and each worker
    /// must end exactly on the next worker's start after a `,`, which a correct reading from a true element start only
    /// does when that start is a true element start too — so the parts are exactly what one pass would read. A failed
    /// proof (a guess inside a string, say) or any error returns nil and the caller reads in one pass. Entries whose
    /// error sentence names the case number are read again with their index in the whole file.
    static func parseSplit(_ file: FileBytes, workers nw: Int) -> [PriceCasesFile.Entry]? {
        var s = Scanner(base: file.base, count: file.count)
        let b = s.b, n = s.n
        s.skipWhitespace()
        guard s.i < n, b[s.i] == 0x5B else { return nil }
        s.i += 1
        s.skipWhitespace()
        guard s.i < n, b[s.i] != 0x5D else { return nil }
        let first = s.i
        var starts = [first]
        @inline(__always) func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }
        for k in 1..<nw {
            var p = max(first + (n - first) / nw * k, starts[k - 1] + 1)
            while p < n {
                if b[p] == 0x7B {
                    var q = p - 1
                    while q > first && isSpace(b[q]) { q -= 1 }
                    if b[q] == 0x2C { break }
                }
                p += 1
            }
            guard p < n else { return nil }
            starts.append(p)
        }
        starts.append(n)
        let bounds = starts
        let parts = PartsBox(count: nw)
        DispatchQueue.concurrentPerform(iterations: nw) { k in
            var sc = Scanner(base: file.base, count: file.count)
            sc.i = bounds[k]
            parts.set(k, sc.elements(until: bounds[k + 1], last: k == nw - 1))
        }
        var total = 0
        for k in 0..<nw {
            guard let part = parts.get(k) else { return nil }
            total += part.entries.count
        }
        var entries: [PriceCasesFile.Entry] = []
        entries.reserveCapacity(total)
        for k in 0..<nw {
            var part = parts.get(k)!
            let offset = entries.count
            for pos in part.failures {
                // Read again with the index in the whole file (error sentences name the case number).
                var sc = Scanner(base: file.base, count: file.count)
                sc.i = pos.position
                guard let e = try? sc.element(index: offset + pos.local) else { return nil }
                part.entries[pos.local] = e
            }
            entries.append(contentsOf: part.entries)
            parts.clear(k)
        }
        return entries
    }

    /// What one worker read: its entries (indices local to the part), where its failed entries start, and whether
    /// it ended where it had to.
    struct Part {
        var entries: [PriceCasesFile.Entry]
        var failures: [(local: Int, position: Int)]
    }

    final class PartsBox: @unchecked Sendable {
        private var parts: [Part?]
        init(count: Int) { parts = Array(repeating: nil, count: count) }
        // Each worker writes its own slot; the reads happen after `concurrentPerform` returns.
        func set(_ k: Int, _ p: Part?) { parts.withUnsafeMutableBufferPointer { $0[k] = p } }
        func get(_ k: Int) -> Part? { parts[k] }
        func clear(_ k: Int) { parts[k] = nil }
    }

    struct Scanner {
        let b: UnsafePointer<UInt8>
        let n: Int
        var i = 0
        /// The fields of the case being read (one buffer reused for every case).
        var fields = PriceCasesFile.CaseFields()

        init(base: UnsafeMutablePointer<UInt8>, count: Int) {
            b = UnsafePointer(base)
            n = count
        }

        @inline(__always)
        mutating func skipWhitespace() {
            while i < n {
                let c = b[i]
                guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
                i += 1
            }
        }

        @inline(__always)
        mutating func expect(_ c: UInt8) throws(Malformed) {
            guard i < n, b[i] == c else { throw Malformed() }
            i += 1
        }

        /// Elements from `i` (an element start) on: a part that is not the last must stop exactly at `limit` after a
        /// `,`; the last one reads through the closing `]` to the end of the file. Nil when it does not.
        mutating func elements(until limit: Int, last: Bool) -> Part? {
            var part = Part(entries: [], failures: [])
            part.entries.reserveCapacity((limit - i) / 120 + 1)
            do {
                while true {
                    skipWhitespace()
                    let start = i
                    let e = try element(index: part.entries.count)
                    if case .failure = e.parsed { part.failures.append((part.entries.count, start)) }
                    part.entries.append(e)
                    skipWhitespace()
                    guard i < n else { return nil }
                    if b[i] == 0x2C {
                        i += 1
                        skipWhitespace()
                        if !last && i >= limit { return i == limit ? part : nil }
                        continue
                    }
                    guard last, b[i] == 0x5D else { return nil }
                    i += 1
                    skipWhitespace()
                    return i == n ? part : nil
                }
            } catch {
                return nil
            }
        }

        /// One array element at `i`: a case object, or the error entry of any other value.
        mutating func element(index: Int) throws(Malformed) -> PriceCasesFile.Entry {
            guard i < n else { throw Malformed() }
            if b[i] == 0x7B { return try caseObject(index: index) }
            let kind = try skipValue(depth: 1)
            return PriceCasesFile.Entry(id: nil, parsed: .failure(PriceCasesFile.CaseError(
                "Case \(index + 1) must be a JSON object, got \(kind.typeName).")))
        }

        mutating func document() throws(Malformed) -> [PriceCasesFile.Entry] {
            skipWhitespace()
            try expect(0x5B)  // [
            var entries: [PriceCasesFile.Entry] = []
            // About one case per 150 bytes; a generous guess avoids most regrowth of a million-entry array.
            entries.reserveCapacity(min(n / 120 + 1, 1 << 24))
            skipWhitespace()
            if i < n, b[i] == 0x5D {
                i += 1
            } else {
                while true {
                    skipWhitespace()
                    guard i < n else { throw Malformed() }
                    entries.append(try element(index: entries.count))
                    skipWhitespace()
                    guard i < n else { throw Malformed() }
                    if b[i] == 0x2C { i += 1; continue }
                    if b[i] == 0x5D { i += 1; break }
                    throw Malformed()
                }
            }
            skipWhitespace()
            guard i == n else { throw Malformed() }
            return entries
        }

        /// One case object: the known keys into their slots, every other value checked and skipped.
        mutating func caseObject(index: Int) throws(Malformed) -> PriceCasesFile.Entry {
            i += 1  // {
            fields.clear()
            var seen: UInt32 = 0
            skipWhitespace()
            if i < n, b[i] == 0x7D {
                i += 1
            } else {
                while true {
                    skipWhitespace()
                    guard i < n, b[i] == 0x22 else { throw Malformed() }
                    let slot = try keySlot()
                    skipWhitespace()
                    try expect(0x3A)  // :
                    skipWhitespace()
                    if slot >= 0 {
                        // A key given twice: which one wins is the Foundation decoder's business.
                        guard seen & (1 << UInt32(slot)) == 0 else { throw Malformed() }
                        seen |= 1 << UInt32(slot)
                        fields.values[slot] = try fieldValue(wantString: slot <= 2)
                    } else {
                        _ = try skipValue(depth: 2)
                    }
                    skipWhitespace()
                    guard i < n else { throw Malformed() }
                    if b[i] == 0x2C { i += 1; continue }
                    if b[i] == 0x7D { i += 1; break }
                    throw Malformed()
                }
            }
            return PriceCasesFile.entry(fields, index: index)
        }

        /// The slot of the key `p[0..<len]` (``PriceCasesFile/CaseFields/keys`` order), or −1.
        @inline(__always)
        static func slot(_ p: UnsafePointer<UInt8>, _ len: Int) -> Int {
            @inline(__always) func eq(_ s: StaticString) -> Bool { memcmpEqual(s.utf8Start, p, len) }
            switch len {
            case 2: return eq("id") ? 0 : -1
            case 4: return eq("kind") ? 1 : eq("spot") ? 3 : eq("rate") ? 6 : -1
            case 5: return eq("price") ? 9 : eq("steps") ? 10 : -1
            case 6: return eq("strike") ? 4 : -1
            case 8: return eq("exercise") ? 2 : -1
            case 10: return eq("volatility") ? 8 : -1
            case 12: return eq("timeToExpiry") ? 5 : -1
            case 13: return eq("dividendYield") ? 7 : -1
            default: return -1
            }
        }

        /// The slot of the key at `i` (a string), or −1 for a key the cases do not use.
        mutating func keySlot() throws(Malformed) -> Int {
            let start = i + 1
            var j = start
            while true {
                let c = b[j]
                if c == 0x22 || c == 0x5C || c < 0x20 || j >= n { break }
                j += 1
            }
            if j < n, b[j] == 0x22 {
                // No escapes: compare the bytes with the keys of that length.
                i = j + 1
                return Self.slot(b + start, j - start)
            }
            let s = try string()
            return PriceCasesFile.CaseFields.keys.firstIndex(of: s) ?? -1
        }

        /// A known key's value: scalars kept (strings only where the case needs the text), containers checked and
        /// kept as their kind.
        mutating func fieldValue(wantString: Bool) throws(Malformed) -> InputJSON {
            guard i < n else { throw Malformed() }
            switch b[i] {
            case 0x22:
                if wantString { return .string(try string()) }
                try skipString()
                return .string("")
            case 0x2D, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39: return .number(try number())
            case 0x74, 0x66, 0x6E:
                let k = try literal()
                return k == 0 ? .null : .bool(k == 1)
            case 0x5B:
                _ = try skipValue(depth: 2)
                return .array([])
            case 0x7B:
                _ = try skipValue(depth: 2)
                return .object([:])
            default: throw Malformed()
            }
        }

        enum Kind {
            case null, bool, number, string, array, object
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

        /// Checks and skips any value; returns its kind.
        mutating func skipValue(depth: Int) throws(Malformed) -> Kind {
            guard i < n, depth <= 64 else { throw Malformed() }
            switch b[i] {
            case 0x22: try skipString(); return .string
            case 0x2D, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39: _ = try number(); return .number
            case 0x74, 0x66, 0x6E: return try literal() == 0 ? .null : .bool
            case 0x5B:
                i += 1
                skipWhitespace()
                if i < n, b[i] == 0x5D { i += 1; return .array }
                while true {
                    skipWhitespace()
                    _ = try skipValue(depth: depth + 1)
                    skipWhitespace()
                    guard i < n else { throw Malformed() }
                    if b[i] == 0x2C { i += 1; continue }
                    if b[i] == 0x5D { i += 1; return .array }
                    throw Malformed()
                }
            case 0x7B:
                i += 1
                skipWhitespace()
                if i < n, b[i] == 0x7D { i += 1; return .object }
                while true {
                    skipWhitespace()
                    guard i < n, b[i] == 0x22 else { throw Malformed() }
                    try skipString()
                    skipWhitespace()
                    try expect(0x3A)
                    skipWhitespace()
                    _ = try skipValue(depth: depth + 1)
                    skipWhitespace()
                    guard i < n else { throw Malformed() }
                    if b[i] == 0x2C { i += 1; continue }
                    if b[i] == 0x7D { i += 1; return .object }
                    throw Malformed()
                }
            default: throw Malformed()
            }
        }

        /// `null` → 0, `true` → 1, `false` → 2.
        mutating func literal() throws(Malformed) -> Int {
            @inline(__always) func match(_ s: StaticString) -> Bool {
                let len = s.utf8CodeUnitCount
                guard i + len <= n, memcmpEqual(s.utf8Start, b + i, len) else { return false }
                i += len
                return true
            }
            if match("null") { return 0 }
            if match("true") { return 1 }
            if match("false") { return 2 }
            throw Malformed()
        }

        /// A JSON number (RFC 8259 grammar, checked), its value as `Double(String)` reads it.
        mutating func number() throws(Malformed) -> Double {
            let start = i
            var j = i
            if b[j] == 0x2D { j += 1 }
            guard j < n else { throw Malformed() }
            if b[j] == 0x30 {
                j += 1
            } else if b[j] >= 0x31 && b[j] <= 0x39 {
                while j < n, b[j] &- 0x30 <= 9 { j += 1 }
            } else {
                throw Malformed()
            }
            var nonzero = false
            if j < n, b[j] == 0x2E {
                j += 1
                let f = j
                while j < n, b[j] &- 0x30 <= 9 { j += 1 }
                guard j > f else { throw Malformed() }
            }
            let mantissaEnd = j
            if j < n, b[j] | 0x20 == 0x65 {
                j += 1
                if j < n, b[j] == 0x2B || b[j] == 0x2D { j += 1 }
                let e = j
                while j < n, b[j] &- 0x30 <= 9 { j += 1 }
                guard j > e else { throw Malformed() }
            }
            i = j
            let len = j - start
            if let v = DecimalParsing.parseFast(b + start, len) { return v }
            // Rare: more than 19 digits, or an exponent beyond the fast path. Double(String) rounds correctly;
            // overflow to infinity or underflow of a nonzero mantissa is left to the Foundation path.
            let text = String(decoding: UnsafeBufferPointer(start: b + start, count: len), as: UTF8.self)
            guard let v = Double(text), v.isFinite else { throw Malformed() }
            if v == 0 {
                for k in start..<mantissaEnd where b[k] >= 0x31 && b[k] <= 0x39 { nonzero = true }
                if nonzero { throw Malformed() }
            }
            return v
        }

        /// Checks and skips a string at `i`.
        mutating func skipString() throws(Malformed) {
            var j = i + 1
            while true {
                guard j < n else { throw Malformed() }
                let c = b[j]
                if c == 0x22 { break }
                if c < 0x20 { throw Malformed() }
                if c == 0x5C {
                    guard j + 1 < n else { throw Malformed() }
                    let e = b[j + 1]
                    if e == 0x75 {
                        i = j
                        _ = try escapedScalar()
                        j = i
                        continue
                    }
                    guard e == 0x22 || e == 0x5C || e == 0x2F || e == 0x62 || e == 0x66 || e == 0x6E || e == 0x72 || e == 0x74
                    else { throw Malformed() }
                    j += 2
                    continue
                }
                j += 1
            }
            i = j + 1
        }

        /// A string at `i`, unescaped.
        mutating func string() throws(Malformed) -> String {
            let start = i + 1
            var j = start
            while j < n {
                let c = b[j]
                if c == 0x22 || c == 0x5C || c < 0x20 { break }
                j += 1
            }
            guard j < n else { throw Malformed() }
            if b[j] == 0x22 {
                i = j + 1
                return String(decoding: UnsafeBufferPointer(start: b + start, count: j - start), as: UTF8.self)
            }
            // Escapes: build the text.
            var out = Array(UnsafeBufferPointer(start: b + start, count: j - start))
            i = j
            while true {
                guard i < n else { throw Malformed() }
                let c = b[i]
                if c == 0x22 { i += 1; break }
                if c < 0x20 { throw Malformed() }
                if c != 0x5C { out.append(c); i += 1; continue }
                guard i + 1 < n else { throw Malformed() }
                switch b[i + 1] {
                case 0x22: out.append(0x22)
                case 0x5C: out.append(0x5C)
                case 0x2F: out.append(0x2F)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75:
                    let scalar = try escapedScalar()
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    continue
                default: throw Malformed()
                }
                i += 2
            }
            return String(decoding: out, as: UTF8.self)
        }

        /// `\uXXXX` (or a surrogate pair of them) at `i`; a lone surrogate falls back.
        mutating func escapedScalar() throws(Malformed) -> Unicode.Scalar {
            let hi = try hex4(at: i + 2)
            i += 6
            if hi >= 0xD800 && hi <= 0xDBFF {
                guard i + 1 < n, b[i] == 0x5C, b[i + 1] == 0x75 else { throw Malformed() }
                let lo = try hex4(at: i + 2)
                guard lo >= 0xDC00 && lo <= 0xDFFF else { throw Malformed() }
                i += 6
                guard let u = Unicode.Scalar(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)) else { throw Malformed() }
                return u
            }
            guard let u = Unicode.Scalar(hi) else { throw Malformed() }  // a lone low surrogate
            return u
        }

        func hex4(at k: Int) throws(Malformed) -> UInt32 {
            guard k + 4 <= n else { throw Malformed() }
            var v: UInt32 = 0
            for t in 0..<4 {
                let c = b[k + t]
                let d: UInt8
                switch c {
                case 0x30...0x39: d = c - 0x30
                case 0x41...0x46: d = c - 0x41 + 10
                case 0x61...0x66: d = c - 0x61 + 10
                default: throw Malformed()
                }
                v = v << 4 | UInt32(d)
            }
            return v
        }
    }
}

@inline(__always)
private func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    for k in 0..<n where a[k] != b[k] { return false }
    return true
}
