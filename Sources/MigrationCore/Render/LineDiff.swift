/// A unified-style line diff (every line, prefixed `+`, `-` or space) by longest common
/// subsequence. Trust documents are a few dozen lines, so the quadratic table is fine.
enum LineDiff {
    static func lines(from old: [String], to new: [String]) -> [String] {
        let rows = old.count
        let columns = new.count
        var table = [[Int]](repeating: [Int](repeating: 0, count: columns + 1), count: rows + 1)
        for row in stride(from: rows - 1, through: 0, by: -1) {
            for column in stride(from: columns - 1, through: 0, by: -1) {
                table[row][column] =
                    old[row] == new[column]
                    ? table[row + 1][column + 1] + 1 : max(table[row + 1][column], table[row][column + 1])
            }
        }
        var output: [String] = []
        var (row, column) = (0, 0)
        while row < rows || column < columns {
            if row < rows, column < columns, old[row] == new[column] {
                output.append(" " + old[row])
                row += 1
                column += 1
            } else if column < columns, row == rows || table[row][column + 1] >= table[row + 1][column] {
                output.append("+" + new[column])
                column += 1
            } else {
                output.append("-" + old[row])
                row += 1
            }
        }
        return output
    }
}
