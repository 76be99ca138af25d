#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `read(2)` (named apart from ``LineStream/next()``).
private func readBytes(_ fd: Int32, _ p: UnsafeMutablePointer<UInt8>, _ n: Int) -> Int { read(fd, p, n) }

/// Lines of a file or of standard input, read in 1 MiB blocks (JSON Lines: `hedgebook worker` reads jobs from standard
/// input, `hedgebook merge` results from files or standard input). A line ends at `\n` (a `\r` before it is dropped);
/// a last line without `\n` is still a line. Lines of any length.
public final class LineStream {
    let fd: Int32
    let owned: Bool
    /// What the stream reads, for messages ("standard input", a path).
    public let name: String
    var buffer: [UInt8] = []
    var start = 0
    var eof = false
    /// 1-based number of the last line returned.
    public private(set) var lineNumber = 0

    /// Standard input (or another open descriptor, not closed by the stream).
    public init(fileDescriptor: Int32 = 0, name: String = "standard input") {
        fd = fileDescriptor; owned = false; self.name = name
    }

    /// A file. - Throws: ``CSVError`` (not found, unreadable).
    public init(path: String) throws(CSVError) {
        let f = open(path, O_RDONLY)
        guard f >= 0 else {
            let e = errno
            if e == ENOENT || e == ENOTDIR { throw CSVError(.fileNotFound, path: path, message: "file not found") }
            throw CSVError(.unreadable, path: path, message: "cannot read (\(String(cString: strerror(e))))")
        }
        fd = f; owned = true; name = path
    }

    deinit { if owned { close(fd) } }

    /// The next line (without its end), nil at the end. - Throws: ``CSVError`` when the stream cannot be read.
    public func next() throws(CSVError) -> String? {
        while true {
            if let nl = buffer[start...].firstIndex(of: 0x0A) {
                var end = nl
                if end > start && buffer[end - 1] == 0x0D { end -= 1 }
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = nl + 1
                lineNumber += 1
                return line
            }
            if eof {
                guard start < buffer.count else { return nil }
                let line = String(decoding: buffer[start...], as: UTF8.self)
                start = buffer.count
                lineNumber += 1
                return line
            }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            let old = buffer.count
            buffer += [UInt8](repeating: 0, count: 1 << 20)
            var r = 0
            repeat {
                r = buffer.withUnsafeMutableBufferPointer { readBytes(fd, $0.baseAddress! + old, 1 << 20) }
            } while r < 0 && errno == EINTR
            if r < 0 {
                let e = errno
                buffer.removeLast(1 << 20)
                throw CSVError(.unreadable, path: name, message: "cannot read (\(String(cString: strerror(e))))")
            }
            buffer.removeLast((1 << 20) - r)
            if r == 0 { eof = true }
        }
    }
}
