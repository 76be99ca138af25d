/// The programme as free-format MPS text (the format `glpsol --freemps`, `clp` and HiGHS read): ROWS (N obj, then G/L/E
/// rows), COLUMNS (objective entry first, then the column's rows), RHS, BOUNDS (FR free, UP finite upper), ENDATA.
/// Numbers in Swift's shortest round-trip form (Double(text) gives back the same bits).
public enum MPSWriter {
    public static func text(_ lp: LinearProgram, name: String = "HEDGEBOOK") -> String {
        var out = "NAME \(name)\nROWS\n N obj\n"
        out.reserveCapacity(lp.nonzeroCount * 32)
        for i in 0..<lp.rowCount { out += " \(lp.senses[i].rawValue) \(lp.rowNames[i])\n" }
        out += "COLUMNS\n"
        for j in 0..<lp.columnCount {
            let c = lp.columnNames[j]
            if lp.objective[j] != 0 { out += " \(c) obj \(lp.objective[j])\n" }
            for k in lp.columnStarts[j]..<lp.columnStarts[j + 1] {
                out += " \(c) \(lp.rowNames[Int(lp.rowIndices[k])]) \(lp.values[k])\n"
            }
            if lp.objective[j] == 0 && lp.columnStarts[j] == lp.columnStarts[j + 1] { out += " \(c) obj 0.0\n" }
        }
        out += "RHS\n"
        for i in 0..<lp.rowCount where lp.rhs[i] != 0 { out += " rhs \(lp.rowNames[i]) \(lp.rhs[i])\n" }
        out += "BOUNDS\n"
        for j in 0..<lp.columnCount {
            let c = lp.columnNames[j]
            if lp.lowerBounds[j] == -.infinity {
                out += lp.upperBounds[j] == .infinity ? " FR bnd \(c)\n" : " MI bnd \(c)\n UP bnd \(c) \(lp.upperBounds[j])\n"
            } else if lp.upperBounds[j] != .infinity {
                out += " UP bnd \(c) \(lp.upperBounds[j])\n"
            }
        }
        out += "ENDATA\n"
        return out
    }
}
