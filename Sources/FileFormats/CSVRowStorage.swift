/// The field ranges of one row, in a buffer a ``CSVReader`` reuses for the next row when no ``CSVRow`` holds it any
/// more (so reading a file allocates per row only while the caller keeps rows).
@usableFromInline
final class CSVRowStorage: @unchecked Sendable {
    @usableFromInline
    struct Field: Sendable {
        /// Byte range of the field's text in the file (inside the quotes for a quoted field, trimmed otherwise).
        @usableFromInline var start: Int
        @usableFromInline var end: Int
        @usableFromInline var quoted: Bool
        /// Quoted with `""` inside (the bytes need unescaping).
        @usableFromInline var escaped: Bool
    }

    private(set) var fields: UnsafeMutablePointer<Field>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 16) {
        self.capacity = max(capacity, 1)
        fields = .allocate(capacity: self.capacity)
    }

    deinit { fields.deallocate() }

    @inline(__always)
    func removeAll() { count = 0 }

    @inline(__always)
    func append(_ f: Field) {
        if count == capacity { grow() }
        (fields + count).initialize(to: f)
        count += 1
    }

    private func grow() {
        let bigger = UnsafeMutablePointer<Field>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: fields, count: count)
        fields.deallocate()
        fields = bigger
        capacity *= 2
    }
}
