/// Decodes `Decodable` values from a parsed `JSONValue`, throwing the `DecodingError`s
/// Foundation's `JSONDecoder` throws (same kinds, same coding paths).
///
/// A stored plan of a 10,000-workload estate is tens of megabytes, and `report`, `apply` and
/// `rollback` read it whole: Foundation's decoder spent half of `report` on it, most of that
/// rebuilding the trust documents a plan holds as `JSONValue`. Here those are handed over as
/// parsed, in the form `JSONValue`'s own `Decodable` conformance gives (keys sorted).
public struct JSONValueDecoder: Sendable {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try ValueDecoder(value: value, path: .root).decode(type)
    }
}

/// One value being decoded; it is its own single-value container.
struct ValueDecoder: Decoder, SingleValueDecodingContainer {
    let value: JSONValue
    let path: CodingPath
    var codingPath: [any CodingKey] { path.keys }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch([String: JSONValue].self) }
        return KeyedDecodingContainer(KeyedValueContainer<Key>(members: members, path: path))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw mismatch([JSONValue].self) }
        return UnkeyedValueContainer(elements: elements, path: path)
    }

    func singleValueContainer() -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { value == .null }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch(type) }
        return flag
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let text) = value else { throw mismatch(type) }
        return text
    }

    func decode(_ type: Double.Type) throws -> Double { try number(type) }
    func decode(_ type: Float.Type) throws -> Float { try number(type) }
    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == JSONValue.self, let json = value.asDecoded as? T { return json }
        return try T(from: self)
    }

    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        guard case .number(let literal) = value else { throw mismatch(type) }
        guard let number = T(literal) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: codingPath, debugDescription: "Parsed JSON number <\(literal)> does not fit in \(type)."))
        }
        return number
    }

    private func number<T: LosslessStringConvertible>(_ type: T.Type) throws -> T {
        guard case .number(let literal) = value, let number = T(literal) else { throw mismatch(type) }
        return number
    }

    private func mismatch(_ type: Any.Type) -> DecodingError {
        if value == .null {
            return .valueNotFound(
                type, .init(codingPath: codingPath, debugDescription: "Cannot get \(type) -- found null value instead"))
        }
        return .typeMismatch(
            type,
            .init(codingPath: codingPath, debugDescription: "Expected to decode \(type) but found \(value.kindName) instead."))
    }
}

extension JSONValue {
    /// What `JSONValue(from:)` makes of this value when Foundation's decoder hands it over:
    /// object keys sorted (a repeated key keeps its first value), numbers as their `Int` or
    /// `Double` text.
    var asDecoded: JSONValue {
        switch self {
        case .null, .bool, .string: return self
        case .number(let literal):
            // Foundation reads `1e2` as the Int 100, as it reads `100`.
            if let integer = Int(literal) ?? Double(literal).flatMap({ Int(exactly: $0) }) { return .number(String(integer)) }
            return .number(String(Double(literal) ?? 0))
        case .array(let elements): return .array(elements.map(\.asDecoded))
        case .object(let members):
            var seen = Set<String>()
            let unique = members.filter { seen.insert($0.key).inserted }
            return .object(unique.map { Member($0.key, $0.value.asDecoded) }.sorted { $0.key < $1.key })
        }
    }

    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "a string"
        case .array: "an array"
        case .object: "a dictionary"
        }
    }
}
