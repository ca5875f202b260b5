/// A value as a node holds it: a scalar or a whole `JSONValue` in place, anything with
/// members as a node of its own. Most values of a plan are scalars: a node for each was
/// most of the tree's allocations.
enum EncodedValue {
    /// null, a bool or a number, as written.
    case literal(String)
    case string(String)
    /// A whole `JSONValue`, written as its `Codable` encoding would be (`EncodingNode.write(_:to:indent:)`).
    case json(JSONValue)
    case node(EncodingNode)

    func write(to output: inout [UInt8], indent: Int?, flush: ((inout [UInt8]) -> Void)?) {
        switch self {
        case .literal(let text): output += text.utf8
        case .string(let text): JSONText.appendString(text, to: &output)
        case .json(let value): EncodingNode.write(value, to: &output, indent: indent)
        case .node(let node): node.write(to: &output, indent: indent, flush: flush)
        }
    }
}

/// One value under construction. Containers hand out references to it, since Codable lets
/// a nested container be filled after its parent has moved on.
final class EncodingNode {
    enum Shape {
        /// Nothing encoded: written as `{}`, what JSONEncoder writes for such a value.
        case empty
        case object, array
        /// What a single-value container was given.
        case single(EncodedValue)
        /// An array's elements already written, in slices (`ConcurrentlyEncodedArray`).
        case written([ArraySlice<UInt8>])
    }

    var shape = Shape.empty
    /// An object's keys, and its values in the same order; an array's elements.
    var keys: [String] = []
    var values: [EncodedValue] = []

    /// How a parent holds this value: a single scalar in place, anything else as the node.
    var value: EncodedValue {
        if case .single(let value) = shape { value } else { .node(self) }
    }

    func becomeObject() {
        if case .empty = shape { shape = .object }
    }

    func becomeArray() {
        if case .empty = shape { shape = .array }
    }

    /// Writes the value at depth `indent`, compact when nil. With `flush`, the buffer is
    /// offered to it after each slice of written text, and each slice is dropped once
    /// written; without, the buffer grows to the whole text. A tree is written once: an
    /// object's members are sorted in place.
    func write(to output: inout [UInt8], indent: Int?, flush: ((inout [UInt8]) -> Void)?) {
        let inner = indent.map { $0 + 1 }
        switch shape {
        case .empty:
            output += "{}".utf8
        case .single(let value):
            value.write(to: &output, indent: indent, flush: flush)
        case .written(var slices):
            shape = .empty
            if let flush {
                Self.write(&slices, to: &output, indent: indent, flush: flush)
            } else {
                // Tens of megabytes at once: grown by doubling, the buffer would hold its old
                // and new storage together.
                let size = slices.reduce(0) { $0 + $1.count }
                output.reserveCapacity(output.count + size + size / 8 + 65_536)
                Self.write(&slices, to: &output, indent: indent) { _ in }
            }
        case .array:
            JSONText.appendContainer(UInt8(ascii: "["), UInt8(ascii: "]"), count: values.count, indent: indent, to: &output) {
                output, index in
                values[index].write(to: &output, indent: inner, flush: flush)
            }
        case .object:
            sortMembers()
            let written = Self.lastOfEachKey(keys)
            JSONText.appendContainer(
                UInt8(ascii: "{"), UInt8(ascii: "}"), count: written?.count ?? keys.count, indent: indent, to: &output
            ) { output, number in
                let index = written?[number] ?? number
                JSONText.appendMember(keys[index], pretty: indent != nil, to: &output)
                values[index].write(to: &output, indent: inner, flush: flush)
            }
        }
    }

    /// Sorts the members by key, equal keys kept in the order they were encoded. A struct's
    /// dozen keys sort in place, without the index arrays a general sort needs.
    private func sortMembers() {
        guard keys.count > 12 else {
            for end in keys.indices.dropFirst() {
                var index = end
                while index > 0, JSONText.precedes(keys[index], keys[index - 1]) {
                    keys.swapAt(index, index - 1)
                    values.swapAt(index, index - 1)
                    index -= 1
                }
            }
            return
        }
        let order = keys.indices.sorted { JSONText.precedes(keys[$0], keys[$1]) || (keys[$0] == keys[$1] && $0 < $1) }
        keys = order.map { keys[$0] }
        values = order.map { values[$0] }
    }

    /// The indices of sorted `keys` to write when a key was encoded twice (its last value,
    /// as in a dictionary), or nil when every key is written.
    private static func lastOfEachKey(_ keys: [String]) -> [Int]? {
        guard zip(keys, keys.dropFirst()).contains(where: { $0 == $1 }) else { return nil }
        return keys.indices.filter { $0 + 1 == keys.count || keys[$0] != keys[$0 + 1] }
    }

    /// An array of slices written by `ConcurrentlyEncodedArray`: each slice starts with its
    /// first element's line break when pretty, so only the closing one is added here.
    private static func write(
        _ slices: inout [ArraySlice<UInt8>], to output: inout [UInt8], indent: Int?, flush: (inout [UInt8]) -> Void
    ) {
        output.append(UInt8(ascii: "["))
        for index in slices.indices {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output += slices[index]
            slices[index] = []
            flush(&output)
        }
        if let indent { JSONText.appendNewline(indent: indent, to: &output) }
        output.append(UInt8(ascii: "]"))
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
    static func write(_ value: JSONValue, to output: inout [UInt8], indent: Int?) {
        let inner = indent.map { $0 + 1 }
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
            JSONText.appendContainer(UInt8(ascii: "["), UInt8(ascii: "]"), count: elements.count, indent: indent, to: &output) {
                output, index in
                write(elements[index], to: &output, indent: inner)
            }
        case .object(let members):
            let order = memberOrder(members.map(\.key))
            JSONText.appendContainer(UInt8(ascii: "{"), UInt8(ascii: "}"), count: order.count, indent: indent, to: &output) {
                output, number in
                JSONText.appendMember(members[order[number]].key, pretty: indent != nil, to: &output)
                write(members[order[number]].value, to: &output, indent: inner)
            }
        }
    }
}
