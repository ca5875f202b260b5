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
        /// A whole `JSONValue`, written as its `Codable` encoding would be (`write(_:to:)`).
        case json(JSONValue)
        /// An array's elements already written, in slices (`ConcurrentlyEncodedArray`).
        case written([ArraySlice<UInt8>])
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
        case .json(let value):
            Self.write(value, to: &output)
        case .written(let slices):
            // Tens of megabytes at once: grown by doubling, the buffer would hold its old and
            // new storage together, the peak of a large `plan`'s memory.
            let size = slices.reduce(0) { $0 + $1.count }
            output.reserveCapacity(output.count + size + size / 8 + 65_536)
            output.append(UInt8(ascii: "["))
            for (index, slice) in slices.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                output += slice
            }
            output.append(UInt8(ascii: "]"))
        case .array:
            output.append(UInt8(ascii: "["))
            for (index, child) in children.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                child.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object:
            output.append(UInt8(ascii: "{"))
            for (number, index) in Self.memberOrder(keys).enumerated() {
                if number > 0 { output.append(UInt8(ascii: ",")) }
                JSONText.appendString(keys[index], to: &output)
                output.append(UInt8(ascii: ":"))
                children[index].write(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Member indices in key order; a key encoded twice keeps its last value, as in a dictionary.
    private static func memberOrder(_ keys: [String]) -> [Int] {
        let sorted = keys.indices.sorted { JSONText.precedes(keys[$0], keys[$1]) || (keys[$0] == keys[$1] && $0 < $1) }
        return sorted.indices.filter { $0 + 1 == sorted.count || keys[sorted[$0]] != keys[sorted[$0 + 1]] }.map { sorted[$0] }
    }
}

/// A plan holds its trust documents as `JSONValue`s: encoded through `Codable`, each value
/// became a node of its own, a fifth of encoding an issuer-move plan. `JSONValue.encode(to:)`
/// hands its value over whole instead, and it is written as those nodes would have been.
extension EncodingNode {
    /// Whether `value` can be written without the `Codable` path: every number must be an
    /// integer or a finite double, since only that path throws the error for the others.
    static func canWrite(_ value: JSONValue) -> Bool {
        switch value {
        case .null, .bool, .string: true
        case .number(let literal): Int(literal) != nil || (Double(literal) ?? 0).isFinite
        case .array(let elements): elements.allSatisfy(canWrite)
        case .object(let members): members.allSatisfy { canWrite($0.value) }
        }
    }

    /// `value` as `JSONValue.encode(to:)` into nodes writes it: numbers read as `Int` or
    /// `Double`, keys in byte order, a repeated key's last value.
    fileprivate static func write(_ value: JSONValue, to output: inout [UInt8]) {
        switch value {
        case .null: output += "null".utf8
        case .bool(let flag): output += (flag ? "true" : "false").utf8
        case .string(let text): JSONText.appendString(text, to: &output)
        case .number(let literal):
            if let integer = Int(literal) {
                output += String(integer).utf8
            } else if case .literal(let text)? = try? ScalarText.float(Double(literal) ?? 0, codingPath: []) {
                output += text.utf8
            }
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                write(element, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (number, index) in memberOrder(members.map(\.key)).enumerated() {
                if number > 0 { output.append(UInt8(ascii: ",")) }
                JSONText.appendString(members[index].key, to: &output)
                output.append(UInt8(ascii: ":"))
                write(members[index].value, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }
}
