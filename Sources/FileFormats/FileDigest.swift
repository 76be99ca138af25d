import Basics

/// The content hash of an input file: what a job names besides its path (`hedgebook worker` refuses a file whose
/// bytes changed since the job was planned).
public enum FileDigest {
    /// SHA-256 (lower-case hex, FIPS 180-4) of the file's bytes. - Throws: ``CSVError`` (not found, unreadable).
    public static func sha256(path: String) throws(CSVError) -> String {
        let f = try FileBytes.read(path: path)
        return SHA256.hex(Array(UnsafeBufferPointer(start: f.base, count: f.count)))
    }
}
