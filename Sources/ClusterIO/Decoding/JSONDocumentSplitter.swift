/// Splits a byte stream holding several JSON documents one after another (what
/// `cat a.json b.json` or running the CLI once per account into one file produces).
///
/// Only structure is tracked (strings, escapes, nesting), not validity: each piece is parsed
/// properly afterwards, so malformed input still gets the parser's precise error.
enum JSONDocumentSplitter {
    static func split(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var documents: [ArraySlice<UInt8>] = []
        var start: Int?
        var depth = 0
        var inString = false
        var escaped = false
        for (index, byte) in bytes.enumerated() {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                continue
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
            default:
                break
            }
            if start == nil { start = index }
            if depth <= 0, let first = start, byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                documents.append(bytes[first...index])
                start = nil
                depth = 0
            }
        }
        if let first = start { documents.append(bytes[first...]) }
        return documents
    }
}
