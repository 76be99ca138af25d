import Basics
import Foundation

/// Writes a report folder atomically and safely.
///
/// The files are written into a hidden sibling folder, then swapped into place with `rename(2)`; a failed run leaves
/// the previous report intact. Every report folder carries a marker file (`.hedgebook-report`); an existing target
/// is replaced only when it carries that marker (a previous report). A file, or a folder of anything else, is never
/// replaced or deleted unless the user asks with `force` (`--force`): the write fails with a sentence saying so.
///
/// The swap exchanges the new folder with the old one in one `renameat2(RENAME_EXCHANGE)` (Linux ≥ 3.15), so either
/// the old or the new report is at the target path at every instant, then deletes the old one; where the kernel or
/// file system refuses the exchange, two renames are used (a window of a few microseconds without a folder). The
/// temporary folder is removed on every failure path.
public enum ReportFolder {
    public static let marker = ".hedgebook-report"

    public struct RefusedError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "refusing to write the report to \(path): \(reason)" }
    }

    public static func write(_ files: [(name: String, text: String)], to dir: String, force: Bool = false) throws {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        let exists = fm.fileExists(atPath: dir, isDirectory: &isDir)
        if exists && !isDir.boolValue && !force {
            throw RefusedError(path: dir, reason: "it is an existing file, not a report folder; choose another --out (or --force to replace it)")
        }
        if exists && isDir.boolValue && !force && !fm.fileExists(atPath: (dir as NSString).appendingPathComponent(marker)) {
            let n = ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).count
            if n > 0 {
                throw RefusedError(path: dir, reason: "it is an existing folder with \(n) entries that is not a Hedgebook report (no \(marker) file); choose a new or empty folder (or --force to replace it)")
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
        if exists, exchange(tmp, dir) {
            // `tmp` now holds the previous content.
            try? fm.removeItem(atPath: tmp)
            return
        }
        let old = base + "/.\(name).old-\(getpid())"
        do {
            if exists { try fm.moveItem(atPath: dir, toPath: old) }
        } catch {
            try? fm.removeItem(atPath: tmp)
            throw error
        }
        do {
            try fm.moveItem(atPath: tmp, toPath: dir)
        } catch {
            if fm.fileExists(atPath: old) { try? fm.moveItem(atPath: old, toPath: dir) }
            try? fm.removeItem(atPath: tmp)
            throw error
        }
        try? fm.removeItem(atPath: old)
    }

    /// Atomically exchanges two paths with `renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE)`; false when the
    /// call is unavailable or refused (the caller falls back to two renames).
    static func exchange(_ a: String, _ b: String) -> Bool {
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return false }
        let f = unsafeBitCast(sym, to: RenameAt2.self)
        let atFDCWD: Int32 = -100, renameExchange: UInt32 = 1 << 1
        return f(atFDCWD, a, atFDCWD, b, renameExchange) == 0
    }
}
