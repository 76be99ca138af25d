#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `read(2)` (named apart from ``FileBytes/read(path:)``).
private func systemRead(_ fd: Int32, _ p: UnsafeMutablePointer<UInt8>, _ n: Int) -> Int { read(fd, p, n) }

/// The bytes of a file (or an in-memory copy) in one allocation, followed by a `\n` sentinel byte at `base[count]`
/// (a scanner looking for a line end stops without a bounds check) and fifteen zero bytes (a scanner may load sixteen
/// bytes at any offset up to `count`). Immutable once made.
@usableFromInline
final class FileBytes: @unchecked Sendable {
    let base: UnsafeMutablePointer<UInt8>
    let count: Int

    /// Bytes allocated past `count`: the sentinel and the padding.
    static let padding = 16

    /// Takes `base` (allocated with at least `count + padding` bytes).
    private init(base: UnsafeMutablePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
        base[count] = 0x0A
        (base + count + 1).initialize(repeating: 0, count: Self.padding - 1)
    }

    deinit { base.deallocate() }

    /// A copy of `bytes`.
    convenience init(copying bytes: some Collection<UInt8>) {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count + Self.padding)
        _ = UnsafeMutableBufferPointer(start: p, count: bytes.count).initialize(from: bytes)
        self.init(base: p, count: bytes.count)
    }

    /// The whole file, read with one `read` call per chunk into a buffer sized from `fstat` (grown for files that do
    /// not report their size, such as pipes).
    static func read(path: String) throws(CSVError) -> FileBytes {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let e = errno
            if e == ENOENT || e == ENOTDIR { throw CSVError(.fileNotFound, path: path, message: "file not found") }
            throw CSVError(.unreadable, path: path, message: "cannot read (\(reason(e)))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw CSVError(.unreadable, path: path, message: "cannot read (\(reason(errno)))") }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw CSVError(.unreadable, path: path, message: "cannot read (it is a directory)") }
        // One spare byte so a file of exactly the reported size ends with a read of 0 without growing.
        var capacity = max(Int(st.st_size), 0) + 1
        var p = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity + Self.padding)
        var n = 0
        while true {
            if n == capacity {
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * capacity + Self.padding)
                bigger.update(from: p, count: n)
                p.deallocate()
                p = bigger
                capacity *= 2
            }
            let r = systemRead(fd, p + n, capacity - n)
            if r < 0 {
                let e = errno
                if e == EINTR { continue }
                p.deallocate()
                throw CSVError(.unreadable, path: path, message: "cannot read (\(reason(e)))")
            }
            if r == 0 { break }
            n += r
        }
        return FileBytes(base: p, count: n)
    }

    private static func reason(_ e: Int32) -> String { String(cString: strerror(e)) }

    /// Offset of the first byte that does not belong to a valid UTF-8 sequence in `[from, count)`; nil when valid.
    func firstInvalidUTF8(from: Int) -> Int? {
        var i = from
        let n = count
        let b = base
        while i < n {
            // Eight ASCII bytes at a time.
            while i + 8 <= n, UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            guard i < n else { break }
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            @inline(__always) func cont(_ k: Int) -> Bool { i + k < n && b[i + k] & 0xC0 == 0x80 }
            let len: Int
            switch c {
            case 0xC2...0xDF: len = 2
            case 0xE0: guard i + 1 < n, (0xA0...0xBF).contains(b[i + 1]) else { return i }; len = 3
            case 0xED: guard i + 1 < n, (0x80...0x9F).contains(b[i + 1]) else { return i }; len = 3
            case 0xE1...0xEC, 0xEE...0xEF: len = 3
            case 0xF0: guard i + 1 < n, (0x90...0xBF).contains(b[i + 1]) else { return i }; len = 4
            case 0xF4: guard i + 1 < n, (0x80...0x8F).contains(b[i + 1]) else { return i }; len = 4
            case 0xF1...0xF3: len = 4
            default: return i
            }
            for k in 1..<len where !cont(k) { return i }
            i += len
        }
        return nil
    }
}
