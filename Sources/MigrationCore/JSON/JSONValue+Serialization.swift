extension JSONValue {
    /// How to write JSON text.
    public struct WritingOptions: Sendable, Equatable {
        /// Two-space indentation and one member per line; minified otherwise.
        public var pretty: Bool
        /// Object keys sorted by their UTF-8 bytes (for reports and golden files); kept in
        /// their order otherwise (for documents written back to IAM).
        public var sortedKeys: Bool

        public init(pretty: Bool = false, sortedKeys: Bool = false) {
            self.pretty = pretty
            self.sortedKeys = sortedKeys
        }

        public static let minified = WritingOptions()
        public static let canonical = WritingOptions(sortedKeys: true)
        public static let pretty = WritingOptions(pretty: true)
        public static let prettySorted = WritingOptions(pretty: true, sortedKeys: true)
    }

    /// JSON text. Minified output contains no whitespace outside strings, which is what the
    /// IAM size quota is measured against.
    public func serialized(_ options: WritingOptions = .minified) -> String {
        var output = ""
        write(to: &output, options: options, indent: 0)
        return output
    }

    private func write(to output: inout String, options: WritingOptions, indent: Int) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .number(let literal): output += literal
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let elements):
            writeContainer(open: "[", close: "]", count: elements.count, to: &output, options: options, indent: indent) {
                output, index in
                elements[index].write(to: &output, options: options, indent: indent + 1)
            }
        case .object(let unsorted):
            let members =
                options.sortedKeys ? unsorted.sorted { Array($0.key.utf8).lexicographicallyPrecedes($1.key.utf8) } : unsorted
            writeContainer(open: "{", close: "}", count: members.count, to: &output, options: options, indent: indent) {
                output, index in
                Self.writeString(members[index].key, to: &output)
                output += options.pretty ? ": " : ":"
                members[index].value.write(to: &output, options: options, indent: indent + 1)
            }
        }
    }

    private func writeContainer(
        open: String, close: String, count: Int, to output: inout String, options: WritingOptions, indent: Int,
        element: (inout String, Int) -> Void
    ) {
        output += open
        guard count > 0 else {
            output += close
            return
        }
        for index in 0..<count {
            if index > 0 { output += "," }
            if options.pretty { output += "\n" + String(repeating: "  ", count: indent + 1) }
            element(&output, index)
        }
        if options.pretty { output += "\n" + String(repeating: "  ", count: indent) }
        output += close
    }

    private static func writeString(_ value: String, to output: inout String) {
        output += "\""
        // Most strings need no escaping: append them whole.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            output += value
            output += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
