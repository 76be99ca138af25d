import Foundation
import Reports
import Testing

/// Issue 12: a report never destroys what the user did not ask to destroy.
@Suite struct ReportFolderTests {
    func tempDir(_ name: String) throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("hb-rf-\(name)-\(getpid())").path
        try? FileManager.default.removeItem(atPath: d)
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    func leftovers(in parent: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: parent).filter { $0.hasPrefix(".") }
    }

    @Test func aFolderOfUserFilesIsNeverReplaced() throws {
        let parent = try tempDir("user")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let target = parent + "/mine"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        try "precious".write(toFile: target + "/notes.txt", atomically: true, encoding: .utf8)
        #expect(throws: ReportFolder.RefusedError.self) { try ReportFolder.write([("index.html", "x")], to: target) }
        #expect(try String(contentsOfFile: target + "/notes.txt", encoding: .utf8) == "precious")
        #expect(try leftovers(in: parent).isEmpty)
        // Asked for explicitly: replaced.
        try ReportFolder.write([("index.html", "new")], to: target, force: true)
        #expect(!FileManager.default.fileExists(atPath: target + "/notes.txt"))
        #expect(try String(contentsOfFile: target + "/index.html", encoding: .utf8) == "new")
    }

    @Test func aFileIsNeverReplaced() throws {
        let parent = try tempDir("file")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let target = parent + "/report"
        try "a user's file".write(toFile: target, atomically: true, encoding: .utf8)
        #expect(throws: ReportFolder.RefusedError.self) { try ReportFolder.write([("index.html", "x")], to: target) }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "a user's file")
    }

    @Test func aPreviousReportIsExchangedWholeAndTemporariesAreRemoved() throws {
        let parent = try tempDir("prev")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let target = parent + "/r"
        try ReportFolder.write([("index.html", "v1"), ("a.json", "{}")], to: target)
        #expect(FileManager.default.fileExists(atPath: target + "/" + ReportFolder.marker))
        try ReportFolder.write([("index.html", "v2")], to: target)
        #expect(try String(contentsOfFile: target + "/index.html", encoding: .utf8) == "v2")
        #expect(!FileManager.default.fileExists(atPath: target + "/a.json"))   // replaced as a whole
        #expect(try leftovers(in: parent).isEmpty)
        // An empty folder (e.g. made by the user for the report) is accepted.
        let empty = parent + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        try ReportFolder.write([("index.html", "v")], to: empty)
        #expect(FileManager.default.fileExists(atPath: empty + "/index.html"))
    }

    @Test func aFailedWriteLeavesThePreviousReportAndNoTemporaries() throws {
        let parent = try tempDir("fail")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let target = parent + "/r"
        try ReportFolder.write([("index.html", "v1")], to: target)
        // The second file cannot be created (its parent is the first file): the run fails half-way.
        #expect(throws: (any Error).self) { try ReportFolder.write([("index.html", "v2"), ("index.html/x", "y")], to: target) }
        #expect(try String(contentsOfFile: target + "/index.html", encoding: .utf8) == "v1")
        #expect(try leftovers(in: parent).isEmpty)
    }
}
