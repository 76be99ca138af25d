import FileFormats
import Pricing

/// `hedgebook price`: values every case of a price input file (one tree workspace reused across cases).
public enum BatchPricing {
    /// One output row: the case id and its valuation, or the sentence saying why it could not be valued.
    public struct Row: Sendable {
        public var id: String?
        public var result: VanillaResult?
        public var error: String?
    }

    public static func run(_ entries: [PriceCasesFile.Entry]) -> [Row] {
        var ws = BinomialWorkspace(steps: BinomialTree.defaultSteps)
        return entries.map { e in
            switch e.parsed {
            case .failure(let err): return Row(id: e.id, result: nil, error: err.message)
            case .success(let c):
                do { return Row(id: e.id, result: try VanillaPricer.value(c, workspace: &ws), error: nil) } catch {
                    return Row(id: e.id, result: nil, error: PriceCasesFile.sentence(String(describing: error)))
                }
            }
        }
    }
}
