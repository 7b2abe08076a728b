/// A cell's A1-style name: column letters (A … Z, AA … XFD), then the row number from 1.
struct CellReference: Hashable, CustomStringConvertible {
    /// The column, from 0 (A).
    var column: Int
    /// The row, from 0 (row 1).
    var row: Int

    /// The most columns and rows a sheet holds (XFD, 1048576).
    static let columnLimit = 16_384
    static let rowLimit = 1_048_576

    /// `B3`.
    var description: String {
        Self.columnName(column) + String(row + 1)
    }

    /// The letters of column `index` (0 is A, 25 is Z, 26 is AA): bijective base 26.
    static func columnName(_ index: Int) -> String {
        var letters: [Unicode.Scalar] = []
        var rest = index + 1
        while rest > 0 {
            let digit = (rest - 1) % 26
            letters.append(Unicode.Scalar(UInt8(65 + digit)))
            rest = (rest - 1) / 26
        }
        return String(String.UnicodeScalarView(letters.reversed()))
    }
}
