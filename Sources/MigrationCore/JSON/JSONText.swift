/// The byte-level pieces of writing JSON text, shared by `JSONValue`'s serializer and
/// `SortedJSONEncoder`, so both escape strings and order keys the same way.
enum JSONText {
    /// Appends `value` as a JSON string: quotes, backslashes and control characters escaped
    /// (`\n`-style where JSON has a short form, `\u00xx` otherwise), everything else as is.
    static func appendString(_ value: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                // Most strings need no escaping: runs between escapes are copied whole.
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                appendEscape(byte, to: &output)
                start = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(_ byte: UInt8, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
        case UInt8(ascii: "\n"): output.append(UInt8(ascii: "n"))
        case UInt8(ascii: "\r"): output.append(UInt8(ascii: "r"))
        case UInt8(ascii: "\t"): output.append(UInt8(ascii: "t"))
        case 0x08: output.append(UInt8(ascii: "b"))
        case 0x0C: output.append(UInt8(ascii: "f"))
        default:
            let hex = Array("0123456789abcdef".utf8)
            output += [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
        }
    }

    /// Sorted-key order: by UTF-8 bytes, so the same object always gives the same text.
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// Appends an array or object of `count` elements, each written by `element`. With an
    /// `indent` (the container's depth), one element per line, two spaces a level, and an
    /// empty container kept on one line; without, compact.
    static func appendContainer(
        _ open: UInt8, _ close: UInt8, count: Int, indent: Int?, to output: inout [UInt8],
        element: (inout [UInt8], Int) -> Void
    ) {
        output.append(open)
        for index in 0..<count {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            if let indent { appendNewline(indent: indent + 1, to: &output) }
            element(&output, index)
        }
        if let indent, count > 0 { appendNewline(indent: indent, to: &output) }
        output.append(close)
    }

    /// Appends an object member's key and the colon before its value.
    static func appendMember(_ key: String, pretty: Bool, to output: inout [UInt8]) {
        appendString(key, to: &output)
        output.append(UInt8(ascii: ":"))
        if pretty { output.append(UInt8(ascii: " ")) }
    }

    static func appendNewline(indent: Int, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * indent))
    }
}
