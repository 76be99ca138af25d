// Fuzz target `workspace`: a workspace YAML file (hedgebook.yaml) → WorkspaceFile (parse(text:file:)).
@testable import FileFormats

@_silgen_name("hedgebook_fuzz_workspace")
public func fuzzWorkspace(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let text = utf8Text(data, size) else { return 0 }
    _ = try? WorkspaceFile.parse(text: text, file: "fuzz/hedgebook.yaml")
    return 0
}
