import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A sentence saying why an output could not be written (a closed pipe, a full disk, a missing folder).
public struct OutputWriteError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// `write(2)` (named apart from the protocol's `write`).
private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }

/// An open file descriptor (standard output by default): every byte written with `write(2)`, retried on EINTR and
/// short writes. A failure throws "cannot write <what>: <reason>" (SIGPIPE is ignored once a sink exists, so a closed
/// pipe is the error "Broken pipe" instead of a silent death).
public final class FileDescriptorSink: ByteSink {
    public let fd: Int32
    /// What the sentence calls the destination ("the result to standard output", a path).
    public let what: String

    public init(fd: Int32 = 1, what: String = "the result to standard output") {
        self.fd = fd
        self.what = what
        signal(SIGPIPE, SIG_IGN)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard var p = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let r = systemWrite(fd, p, min(left, 1 << 30))
            if r < 0 {
                let e = errno
                if e == EINTR { continue }
                throw OutputWriteError("cannot write \(what): \(String(cString: strerror(e)))")
            }
            p += r
            left -= r
        }
    }
}

extension AtomicFile {
    /// Streams a file atomically: `body` writes into a temporary sibling (through the sink it is given); when it
    /// returns, the file is renamed over `path`. Any failure removes the temporary file and throws a ``WriteError``
    /// naming `path`, so a previous file at `path` stays intact.
    public static func stream(to path: String, _ body: (ByteSink) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: path, reason: "\(error.localizedDescription)")
        }
        let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        let sink = FileDescriptorSink(fd: fd, what: path)
        do {
            try body(sink)
        } catch let e as OutputWriteError {
            close(fd)
            unlink(tmp)
            // "cannot write PATH: reason" is already the WriteError's sentence.
            throw WriteError(path: path, reason: String(e.description.dropFirst("cannot write \(path): ".count)))
        } catch {
            close(fd)
            unlink(tmp)
            throw error
        }
        if close(fd) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            throw WriteError(path: path, reason: reason)
        }
        if rename(tmp, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            throw WriteError(path: path, reason: reason)
        }
    }
}
