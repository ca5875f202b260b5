import Foundation

/// Encodes `Encodable` values as JSON with object keys in UTF-8 byte order: compact, what
/// `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` prints, without its cost;
/// or `pretty`, what `JSONValue.serialized(.prettySorted)` prints of that text.
///
/// The plan of a 10,000-workload estate is tens of megabytes; Foundation's encoder boxed
/// every value in a dictionary and took a fifth of `plan`'s time. This one collects the
/// values in a light tree and writes it straight into one byte buffer, or in pieces.
public struct SortedJSONEncoder: Sendable {
    /// One member or element per line, two spaces a level.
    public var pretty: Bool

    public init(pretty: Bool = false) {
        self.pretty = pretty
    }

    public func encode<T: Encodable>(_ value: T) throws -> Data {
        Data(try encodeBytes(value))
    }

    /// The text as bytes, without `Data`'s copy of a plan's tens of megabytes.
    public func encodeBytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        try encodeBytes(value, indent: 0)
    }

    /// The text of `value` as if it stood at depth `indent` of a larger document.
    func encodeBytes<T: Encodable>(_ value: T, indent: Int) throws -> [UInt8] {
        let root = try tree(value, indent: indent)
        var output: [UInt8] = []
        root.write(to: &output, indent: pretty ? indent : nil, flush: nil)
        return output
    }

    /// Hands the text to `emit` in pieces of about a mebibyte: a large plan's document is
    /// never held whole. Encoding finishes before the first piece, so a failure emits nothing.
    public func encode<T: Encodable>(_ value: T, emittingPieces emit: ([UInt8]) -> Void) throws {
        let root = try tree(value, indent: 0)
        var output: [UInt8] = []
        withoutActuallyEscaping(emit) { emit in
            root.write(to: &output, indent: pretty ? 0 : nil) { output in
                guard output.count >= 1 << 20 else { return }
                emit(output)
                output.removeAll(keepingCapacity: true)
            }
        }
        if !output.isEmpty { emit(output) }
    }

    private func tree<T: Encodable>(_ value: T, indent: Int) throws -> EncodingNode {
        let root = EncodingNode()
        try value.encode(to: NodeEncoder(node: root, path: .root, layout: EncodingLayout(pretty: pretty, depth: indent)))
        return root
    }
}
