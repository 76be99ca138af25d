import Basics
import Foundation

/// Writes files atomically: to a temporary sibling, then `rename(2)` over the target, so a reader never sees
/// a half-written file and a failed run leaves the previous file intact.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    public static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
            try Data(text.utf8).write(to: tmp)
            if rename(tmp.path, url.path) != 0 {
                try? FileManager.default.removeItem(at: tmp)
                throw WriteError(path: path, reason: String(cString: strerror(errno)))
            }
        } catch let e as WriteError {
            throw e
        } catch {
            throw WriteError(path: path, reason: "\(error.localizedDescription)")
        }
    }
}
