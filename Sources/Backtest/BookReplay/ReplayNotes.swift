import Foundation
import Instruments
import Portfolio

/// The policy notes every replay ends with: where the prices came from, what is not replayed, FX and missing
/// history (the calendar, availability, borrow and option notes are written by the steps that apply them).
extension BookReplay {
    static func sourceNotes(_ rb: ResolvedBook, book: Book, history: ReplayHistory) -> [String] {
        var notes: [String] = []
        let used = rb.positions.compactMap { rp -> String? in
            guard let f = history.clean[rp.position.marketKey]?.file else { return nil }
            let url = URL(fileURLWithPath: f)
            return "\(rp.position.id) ← \(url.deletingLastPathComponent().lastPathComponent)/\(url.lastPathComponent)"
        }
        notes.append("price files (adjusted closes where the file has them; see ../shared/data/SOURCES.md): " + used.joined(separator: ", "))
        for h in book.hedges {
            notes.append("hedge package \(h.id) (\(h.held ? "held" : "proposed, not held")): not replayed; only book positions are")
        }
        notes.append("FX: prices converted to \(book.baseCurrency) at the snapshot's constant rates (no FX history); returns are local-currency returns")
        notes.append("missing history: cash until a name's data starts, bought at target on its first day, sold at its last close when data ends")
        return notes
    }
}
