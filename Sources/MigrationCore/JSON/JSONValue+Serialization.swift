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
        String(decoding: serializedBytes(options), as: UTF8.self)
    }

    /// The UTF-8 bytes of `serialized(options)`.
    public func serializedBytes(_ options: WritingOptions = .minified) -> [UInt8] {
        var output: [UInt8] = []
        write(to: &output, options: options, indent: 0)
        return output
    }

    func write(to output: inout [UInt8], options: WritingOptions, indent: Int) {
        switch self {
        case .null: output += "null".utf8
        case .bool(let value): output += (value ? "true" : "false").utf8
        case .number(let literal): output += literal.utf8
        case .string(let value): JSONText.appendString(value, to: &output)
        case .array(let elements):
            JSONText.appendContainer(
                UInt8(ascii: "["), UInt8(ascii: "]"), count: elements.count, indent: options.pretty ? indent : nil,
                to: &output
            ) { output, index in
                elements[index].write(to: &output, options: options, indent: indent + 1)
            }
        case .object(let unsorted):
            let members = options.sortedKeys ? unsorted.sorted { JSONText.precedes($0.key, $1.key) } : unsorted
            JSONText.appendContainer(
                UInt8(ascii: "{"), UInt8(ascii: "}"), count: members.count, indent: options.pretty ? indent : nil,
                to: &output
            ) { output, index in
                JSONText.appendMember(members[index].key, pretty: options.pretty, to: &output)
                members[index].value.write(to: &output, options: options, indent: indent + 1)
            }
        }
    }
}
