import LinearAlgebra

/// A square numeric matrix from CSV: optionally a header row of names (a first row with a non-numeric cell; an empty
/// corner cell is ignored) and/or a first column of names. `#` comment lines and blank lines are ignored. Names come
/// from the first column, else the header, else `x1…xn`. Errors (``CSVError``) name the file, line and column:
/// a row with other than n numbers, a cell that is not a finite number, an empty file.
public enum MatrixCSVFile {
    public static func read(path: String) throws(CSVError) -> (names: [String], matrix: Matrix) {
        var reader = try CSVReader(path: path, options: .commented)
        var rows = try reader.readAll()
        guard !rows.isEmpty else { throw CSVError(.empty, path: path, message: "empty matrix file (expected a square matrix of numbers)") }
        var header: [String]? = nil
        let firstCells = rows[0].strings
        if firstCells.contains(where: { !$0.isEmpty && Double($0) == nil }) {
            header = firstCells.filter { !$0.isEmpty }
            rows.removeFirst()
        }
        let n = rows.count
        var names: [String] = []
        var values = [Double](repeating: 0, count: n * n)
        for (i, row) in rows.enumerated() {
            var offset = 0
            if row.count == n + 1, row.double(at: 0) == nil {
                names.append(row.string(at: 0))
                offset = 1
            }
            guard row.count - offset == n else {
                throw row.error(.fieldCount, "expected \(n) numbers (a square matrix), found \(row.count - offset)")
            }
            for j in 0..<n {
                guard let v = row.double(at: j + offset), v.isFinite else {
                    var e = row.error(at: j + offset, .notANumber, "cannot parse '\(row.string(at: j + offset))' as a finite number")
                    e.column = j + 1
                    throw e
                }
                values[j * n + i] = v
            }
        }
        if names.count != n { names = header?.count == n ? header! : (1...max(1, n)).map { "x\($0)" } }
        return (names, Matrix(rows: n, cols: n, columnMajor: values))
    }
}
