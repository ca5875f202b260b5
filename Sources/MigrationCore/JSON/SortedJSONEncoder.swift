import Foundation

/// Encodes `Encodable` values as compact JSON with object keys in UTF-8 byte order: what
/// `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` prints, without its cost.
///
/// The plan of a 10,000-workload estate is tens of megabytes; Foundation's encoder boxed
/// every value in a dictionary and took a fifth of `plan`'s time. This one collects the
/// values in a light tree and writes it straight into one byte buffer. Keys sort by bytes
/// (`JSONValue`'s `.canonical` order), so `JSONReindenter` can always lay the text out.
public struct SortedJSONEncoder: Sendable {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> Data {
        Data(try encodeBytes(value))
    }

    /// The text as bytes, without `Data`'s copy of a plan's tens of megabytes.
    public func encodeBytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        let root = EncodingNode()
        try value.encode(to: NodeEncoder(node: root, path: .root))
        var output: [UInt8] = []
        root.write(to: &output)
        return output
    }
}

/// One value under construction. Containers hand out references to it, since Codable lets
/// a nested container be filled after its parent has moved on.
final class EncodingNode {
    enum Kind {
        case empty, object, array
        /// null, a bool or a number, as written.
        case literal(String)
        case string(String)
    }

    var kind = Kind.empty
    var keys: [String] = []
    var children: [EncodingNode] = []

    func becomeObject() {
        if case .empty = kind { kind = .object }
    }

    func becomeArray() {
        if case .empty = kind { kind = .array }
    }

    func write(to output: inout [UInt8]) {
        switch kind {
        case .empty:
            // A value that encoded nothing at all: what JSONEncoder writes for it.
            output += "{}".utf8
        case .literal(let text):
            output += text.utf8
        case .string(let text):
            JSONText.appendString(text, to: &output)
        case .array:
            output.append(UInt8(ascii: "["))
            for (index, child) in children.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                child.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object:
            output.append(UInt8(ascii: "{"))
            for (number, index) in orderedMembers().enumerated() {
                if number > 0 { output.append(UInt8(ascii: ",")) }
                JSONText.appendString(keys[index], to: &output)
                output.append(UInt8(ascii: ":"))
                children[index].write(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Member indices in key order; a key encoded twice keeps its last value, as in a dictionary.
    private func orderedMembers() -> [Int] {
        let sorted = keys.indices.sorted { JSONText.precedes(keys[$0], keys[$1]) || (keys[$0] == keys[$1] && $0 < $1) }
        return sorted.indices.filter { $0 + 1 == sorted.count || keys[sorted[$0]] != keys[sorted[$0 + 1]] }.map { sorted[$0] }
    }
}
