/// Accumulates Markdown lines; tables escape `|` so messages cannot break them.
///
/// Lines are appended as UTF-8 bytes in place: a report of tens of thousands of steps is
/// megabytes of text, and a temporary string per line or per row showed in a profile.
struct Markdown {
    private var bytes: [UInt8] = []

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func line(_ value: String) {
        append(value)
        blank()
    }

    /// A line given as bytes after a one-byte mark (a diff's `+`, `-` or space).
    mutating func line(mark: UInt8, _ value: ArraySlice<UInt8>) {
        bytes.append(mark)
        bytes += value
        blank()
    }

    mutating func blank() { bytes.append(UInt8(ascii: "\n")) }

    /// The texts of `parts` one after another, copied once into the string.
    static func text(of parts: [Markdown]) -> String {
        String(unsafeUninitializedCapacity: parts.reduce(0) { $0 + $1.bytes.count }) { buffer in
            var written = 0
            for part in parts {
                _ = UnsafeMutableBufferPointer(rebasing: buffer[written...]).initialize(fromContentsOf: part.bytes)
                written += part.bytes.count
            }
            return written
        }
    }

    mutating func table(_ headers: [String], _ rows: [[String]]) {
        tableHeader(headers)
        for row in rows { tableRow(row) }
        blank()
    }

    /// The header and separator lines of a table; rows follow with `tableRow`, then `blank()`.
    mutating func tableHeader(_ headers: [String]) {
        line("| " + headers.joined(separator: " | ") + " |")
        line("|" + headers.map { _ in " --- |" }.joined())
    }

    mutating func tableRow(_ cells: [String]) {
        bytes.append(UInt8(ascii: "|"))
        for cell in cells {
            bytes.append(UInt8(ascii: " "))
            appendEscapingPipes(cell)
            bytes += [UInt8(ascii: " "), UInt8(ascii: "|")]
        }
        blank()
    }

    mutating func section(_ title: String, _ lines: [String]) {
        line("## \(title)")
        blank()
        lines.forEach { line($0) }
        blank()
    }

    /// The string's bytes as a buffer: reading `String.UTF8View` generically went through a
    /// protocol witness per byte, which showed in a profile.
    private mutating func append(_ value: String) {
        var value = value
        value.withUTF8 { bytes += $0 }
    }

    private mutating func appendEscapingPipes(_ cell: String) {
        var cell = cell
        cell.withUTF8 { cellBytes in
            // Most cells have no pipe: copied whole rather than byte by byte.
            guard cellBytes.contains(UInt8(ascii: "|")) else {
                bytes += cellBytes
                return
            }
            for byte in cellBytes {
                if byte == UInt8(ascii: "|") { bytes.append(UInt8(ascii: "\\")) }
                bytes.append(byte)
            }
        }
    }
}
