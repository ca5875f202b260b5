/// How the encoder lays its text out, for the parts written ahead (`ConcurrentlyEncodedArray`).
struct EncodingLayout {
    let pretty: Bool
    /// The depth the encoded value's root stands at in the whole document.
    let depth: Int
}

/// The `Encoder` and its three containers for `SortedJSONEncoder`: each writes into an
/// `EncodingNode`, scalars as their text, nested values as child nodes.
struct NodeEncoder: Encoder {
    let node: EncodingNode
    let path: CodingPath
    let layout: EncodingLayout
    var codingPath: [any CodingKey] { path.keys }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, path: path, layout: layout))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return UnkeyedNodeContainer(node: node, path: path, layout: layout)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(node: node, path: path, layout: layout)
    }
}

/// How each scalar is written: integers and strings as such, floating-point numbers as
/// JSONEncoder writes them (`1.0` as `1`; NaN and infinity are errors).
enum ScalarText {
    static func float<T: BinaryFloatingPoint & CustomStringConvertible>(
        _ value: T, codingPath: [any CodingKey]
    ) throws -> EncodedValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: codingPath, debugDescription: "\(value) is not a JSON number"))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .literal(text)
    }

    /// Encodes any value through a fresh node, and gives it as a parent holds it.
    static func value<T: Encodable>(_ value: T, path: CodingPath, layout: EncodingLayout) throws -> EncodedValue {
        let node = EncodingNode()
        try value.encode(to: NodeEncoder(node: node, path: path, layout: layout))
        return node.value
    }
}

struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    let path: CodingPath
    let layout: EncodingLayout
    var codingPath: [any CodingKey] { path.keys }

    mutating func encodeNil() { node.shape = .single(.literal("null")) }
    mutating func encode(_ value: Bool) { node.shape = .single(.literal(value ? "true" : "false")) }
    mutating func encode(_ value: String) { node.shape = .single(.string(value)) }
    mutating func encode(_ value: Double) throws { node.shape = .single(try ScalarText.float(value, codingPath: codingPath)) }
    mutating func encode(_ value: Float) throws { node.shape = .single(try ScalarText.float(value, codingPath: codingPath)) }
    mutating func encode(_ value: Int) { node.shape = .single(.literal(String(value))) }
    mutating func encode(_ value: Int8) { node.shape = .single(.literal(String(value))) }
    mutating func encode(_ value: Int16) { node.shape = .single(.literal(String(value))) }
    mutating func encode(_ value: Int32) { node.shape = .single(.literal(String(value))) }
    mutating func encode(_ value: Int64) { node.shape = .single(.literal(String(value))) }
    mutating func encode(_ value: UInt) { node.shape = .single(.literal(String(value))) }
    mutating func encode(_ value: UInt8) { node.shape = .single(.literal(String(value))) }
    mutating func encode(_ value: UInt16) { node.shape = .single(.literal(String(value))) }
    mutating func encode(_ value: UInt32) { node.shape = .single(.literal(String(value))) }
    mutating func encode(_ value: UInt64) { node.shape = .single(.literal(String(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try value.encode(to: NodeEncoder(node: node, path: path, layout: layout))
    }
}

struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let path: CodingPath
    let layout: EncodingLayout
    var codingPath: [any CodingKey] { path.keys }

    private func add(_ value: EncodedValue, _ key: Key) {
        node.keys.append(key.stringValue)
        node.values.append(value)
    }

    mutating func encodeNil(forKey key: Key) { add(.literal("null"), key) }
    mutating func encode(_ value: Bool, forKey key: Key) { add(.literal(value ? "true" : "false"), key) }
    mutating func encode(_ value: String, forKey key: Key) { add(.string(value), key) }
    mutating func encode(_ value: Int, forKey key: Key) { add(.literal(String(value)), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        add(try ScalarText.value(value, path: path.appending(key), layout: layout), key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodingNode()
        add(.node(child), key)
        return NodeEncoder(node: child, path: path.appending(key), layout: layout).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = EncodingNode()
        add(.node(child), key)
        return NodeEncoder(node: child, path: path.appending(key), layout: layout).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = EncodingNode()
        add(.node(child), key)
        return NodeEncoder(node: child, path: path.appending(key), layout: layout)
    }
}

struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    let path: CodingPath
    let layout: EncodingLayout
    var codingPath: [any CodingKey] { path.keys }
    var count: Int { node.values.count }

    private func add(_ value: EncodedValue) {
        node.values.append(value)
    }

    mutating func encodeNil() { add(.literal("null")) }
    mutating func encode(_ value: Bool) { add(.literal(value ? "true" : "false")) }
    mutating func encode(_ value: String) { add(.string(value)) }
    mutating func encode(_ value: Int) { add(.literal(String(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        add(try ScalarText.value(value, path: path, layout: layout))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodingNode()
        add(.node(child))
        return NodeEncoder(node: child, path: path, layout: layout).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = EncodingNode()
        add(.node(child))
        return NodeEncoder(node: child, path: path, layout: layout).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let child = EncodingNode()
        add(.node(child))
        return NodeEncoder(node: child, path: path, layout: layout)
    }
}
