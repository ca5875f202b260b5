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
        var structure = JSONStructure()
        for (index, byte) in bytes.enumerated() {
            let kind = structure.classify(byte)
            if kind == .whitespace { continue }
            if start == nil { start = index }
            switch kind {
            case .open: depth += 1
            case .close: depth -= 1
            case .string, .whitespace, .other: continue
            }
            if depth <= 0, let first = start, kind == .close {
                documents.append(bytes[first...index])
                start = nil
                depth = 0
            }
        }
        if let first = start { documents.append(bytes[first...]) }
        return documents
    }
}
