/// A unified-style line diff (every line, marked `+`, `-` or space) by longest common
/// subsequence. Trust documents are a few dozen lines, so the quadratic table is fine.
enum LineDiff {
    /// One output line: a line of `old` kept or removed, or a line of `new` added, by index.
    enum Edit: Equatable {
        case kept(Int)
        case removed(Int)
        case added(Int)
    }

    /// The edits from `old` to `new`, whose lines the caller compares with `same(oldIndex, newIndex)`.
    static func edits(oldCount rows: Int, newCount columns: Int, same: (Int, Int) -> Bool) -> [Edit] {
        // A common prefix is matched line by line before the table is consulted, so only the
        // rest needs one: most of a document is the same before and after.
        var prefix = 0
        while prefix < rows, prefix < columns, same(prefix, prefix) { prefix += 1 }
        let width = columns + 1
        // table[row * width + column]: the common subsequence length of old[row...] and new[column...].
        var table = [Int](repeating: 0, count: (rows + 1) * width)
        for row in stride(from: rows - 1, through: prefix, by: -1) {
            for column in stride(from: columns - 1, through: prefix, by: -1) {
                table[row * width + column] =
                    same(row, column)
                    ? table[(row + 1) * width + column + 1] + 1
                    : max(table[(row + 1) * width + column], table[row * width + column + 1])
            }
        }
        var output = (0..<prefix).map(Edit.kept)
        var (row, column) = (prefix, prefix)
        while row < rows || column < columns {
            if row < rows, column < columns, same(row, column) {
                output.append(.kept(row))
                row += 1
                column += 1
            } else if column < columns, row == rows || table[row * width + column + 1] >= table[(row + 1) * width + column] {
                output.append(.added(column))
                column += 1
            } else {
                output.append(.removed(row))
                row += 1
            }
        }
        return output
    }
}
