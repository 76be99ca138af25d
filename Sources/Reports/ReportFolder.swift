import Basics
import Foundation

/// Writes a report folder atomically and safely.
///
/// The files are written into a hidden sibling folder, then swapped into place with `rename(2)`; a failed run leaves
/// the previous report intact. Every report folder carries a marker file (`.hedgebook-report`); an existing target
/// is replaced only when it carries that marker (a previous report). A file, or a folder of anything else, is never
/// replaced or deleted: the write fails with a sentence saying so.
public enum ReportFolder {
    public static let marker = ".hedgebook-report"

    public struct RefusedError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "refusing to write the report to \(path): \(reason)" }
    }

    public static func write(_ files: [(name: String, text: String)], to dir: String) throws {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        let exists = fm.fileExists(atPath: dir, isDirectory: &isDir)
        if exists && !isDir.boolValue {
            throw RefusedError(path: dir, reason: "it is an existing file, not a report folder; choose another --out")
        }
        if exists && !fm.fileExists(atPath: (dir as NSString).appendingPathComponent(marker)) {
            let n = ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).count
            if n > 0 {
                throw RefusedError(path: dir, reason: "it is an existing folder with \(n) entries that is not a Hedgebook report (no \(marker) file); choose a new or empty folder")
            }
        }
        let parent = (dir as NSString).deletingLastPathComponent
        let name = (dir as NSString).lastPathComponent
        let base = parent.isEmpty ? "." : parent
        let tmp = base + "/.\(name).tmp-\(getpid())"
        try? fm.removeItem(atPath: tmp)
        try fm.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        do {
            for f in files { try AtomicFile.write(f.text, to: tmp + "/" + f.name) }
            try AtomicFile.write("Hedgebook report folder: replaced as a whole by `hedgebook report`.\n", to: tmp + "/" + marker)
        } catch {
            try? fm.removeItem(atPath: tmp)
            throw error
        }
        let old = base + "/.\(name).old-\(getpid())"
        if exists { try fm.moveItem(atPath: dir, toPath: old) }
        do {
            try fm.moveItem(atPath: tmp, toPath: dir)
        } catch {
            if fm.fileExists(atPath: old) { try? fm.moveItem(atPath: old, toPath: dir) }
            try? fm.removeItem(atPath: tmp)
            throw error
        }
        try? fm.removeItem(atPath: old)
    }
}
