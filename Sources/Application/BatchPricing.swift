import Dispatch
import FileFormats
import Pricing
#if canImport(Glibc)
import Glibc
#endif

/// `hedgebook price`: values every case of a price input file.
public enum BatchPricing {
    /// One output row: the case id and its valuation, or the sentence saying why it could not be valued.
    public struct Row: Sendable, Equatable {
        public var id: String?
        public var result: VanillaResult?
        public var error: String?

        public init(id: String?, result: VanillaResult?, error: String?) {
            self.id = id
            self.result = result
            self.error = error
        }
    }

    /// Cases per unit of work: large inputs are cut into blocks of this many contiguous cases, taken by the workers
    /// in turn (American trees cost ~10⁴ times a European case, so blocks balance better than one range per worker).
    static let blockSize = 2_048

    /// Values every entry, in input order. Each row depends only on its own case (each block has its own tree
    /// workspace, which only holds scratch arrays), so the rows are **bit-identical** whatever `workers` is
    /// (`BatchPricingTests` checks 1 against 2 and more). `workers: nil` uses the machine's online cores (at most 8);
    /// inputs of one block are valued on the calling thread.
    public static func run(_ entries: [PriceCasesFile.Entry], workers: Int? = nil) -> [Row] {
        let n = entries.count
        let blocks = (n + blockSize - 1) / blockSize
        let nw = max(1, min(workers ?? maxWorkers, blocks))
        return [Row](unsafeUninitializedCapacity: n) { out, initialized in
            let dst = RowPointer(base: out.baseAddress)
            entries.withUnsafeBufferPointer { src in
                let src = EntryPointer(base: src.baseAddress)
                if nw == 1 {
                    valueRange(src, dst, 0, n)
                } else {
                    DispatchQueue.concurrentPerform(iterations: blocks) { k in
                        valueRange(src, dst, k * blockSize, min(n, (k + 1) * blockSize))
                    }
                }
            }
            initialized = n
        }
    }

    /// Worker threads for `workers: nil` (the machine's online cores, at most 8).
    static let maxWorkers = min(8, max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))

    struct RowPointer: @unchecked Sendable { let base: UnsafeMutablePointer<Row>? }
    struct EntryPointer: @unchecked Sendable { let base: UnsafePointer<PriceCasesFile.Entry>? }

    /// Initialises rows `lo..<hi` from entries `lo..<hi` (one tree workspace for the range, as the whole file had
    /// before the split).
    static func valueRange(_ src: EntryPointer, _ dst: RowPointer, _ lo: Int, _ hi: Int) {
        guard lo < hi, let s = src.base, let d = dst.base else { return }
        var ws = BinomialWorkspace(steps: BinomialTree.defaultSteps)
        for i in lo..<hi {
            (d + i).initialize(to: value(s[i], workspace: &ws))
        }
    }

    static func value(_ e: PriceCasesFile.Entry, workspace ws: inout BinomialWorkspace) -> Row {
        switch e.parsed {
        case .failure(let err): return Row(id: e.id, result: nil, error: err.message)
        case .success(let c):
            do { return Row(id: e.id, result: try VanillaPricer.value(c, workspace: &ws), error: nil) } catch {
                return Row(id: e.id, result: nil, error: PriceCasesFile.sentence(String(describing: error)))
            }
        }
    }
}
