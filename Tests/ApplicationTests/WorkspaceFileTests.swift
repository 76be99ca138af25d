import Application
import FileFormats
import Foundation
import Testing

let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

@Suite struct WorkspaceFileTests {
    @Test func bundledWorkspaceNamesEveryInput() throws {
        let w = try WorkspaceFile.load(path: repoRoot + "/hedgebook.yaml")
        #expect(w.book == repoRoot + "/fixtures/books/ai-infra-thesis.yaml")
        #expect(w.market == repoRoot + "/fixtures/market/snapshot-2026-08-03.yaml")
        #expect(w.scenarios == [repoRoot + "/scenarios"])
        #expect(w.historyRoot == repoRoot + "/../shared/data")
        #expect(w.policies.treeSteps == 1000)
        #expect(w.policies.confidences == ["0.95", "0.975", "0.99"])
        #expect(w.policies.americanScenarioModel == "tree")
    }

    @Test func unknownKeysAndBadValuesNameFileLineAndKey() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hb-ws-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("hedgebook.yaml").path
        try """
        version: 1
        book: b.yaml
        market: m.yaml
        polices: {}
        history: {root: data, folder: [x]}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try WorkspaceFile.load(path: path)
            Issue.record("expected an error")
        } catch let e as InputErrors {
            let text = e.description
            #expect(text.contains("\(path):4: polices: unknown key 'polices' (did you mean 'policies'?)"))
            #expect(text.contains("history.folder: unknown key 'folder' (did you mean 'folders'?)"))
        }
        try """
        version: 1
        book: b.yaml
        market: m.yaml
        policies:
          risk: {paths: -5, confidences: [0.99, 2]}
          options: {americanScenarioModel: binomial}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try WorkspaceFile.load(path: path)
            Issue.record("expected an error")
        } catch let e as InputErrors {
            let text = e.description
            #expect(text.contains(":5: policies.risk.paths: expected a number of Monte Carlo paths (0 = none) in 0…10000000, got -5"))
            #expect(text.contains("policies.risk.confidences[1]: expected a confidence level in [0.5, 0.9999], got 2"))
            #expect(text.contains("policies.options.americanScenarioModel: unknown model 'binomial'; expected tree, bjerksund-stensland or european"))
        }
    }

    @Test func missingBookIsAClearSessionError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hb-ws2-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let cwd = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(dir.path)
        defer { FileManager.default.changeCurrentDirectoryPath(cwd) }
        #expect(throws: SessionError.self) { try Session(workspace: nil) }
    }
}
