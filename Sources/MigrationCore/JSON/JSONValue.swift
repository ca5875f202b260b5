/// A JSON value that keeps object key order and number literals exactly as read.
///
/// Trust policies must be written back as they were when we did not change them, and
/// neither `JSONSerialization` nor `JSONDecoder` keeps key order, so documents we edit are
/// held in this type. Large inventories are decoded into narrow `Decodable` types instead.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// The literal text of the number, so `1.0` stays `1.0` and big integers stay exact.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([Member])

    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: JSONValue

        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }
}

extension JSONValue {
    /// Builds an object from ordered pairs.
    public static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(pairs.map { Member($0.key, $0.value) })
    }

    public static func strings(_ values: [String]) -> JSONValue {
        .array(values.map(JSONValue.string))
    }

    public static func int(_ value: Int) -> JSONValue {
        .number(String(value))
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    public var members: [Member]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The value of the first member named `key`, if this is an object.
    public subscript(key: String) -> JSONValue? {
        members?.first { $0.key == key }?.value
    }

    /// The value of the first member whose name equals `key` ignoring case (IAM element
    /// names and condition keys are case-insensitive).
    public func member(caseInsensitive key: String) -> JSONValue? {
        let wanted = key.lowercased()
        return members?.first { $0.key.lowercased() == wanted }?.value
    }

    /// A string or an array of strings as a list; anything else as an empty list.
    public var stringList: [String] {
        switch self {
        case .string(let value): return [value]
        case .array(let values): return values.compactMap(\.stringValue)
        default: return []
        }
    }

    /// Replaces or appends the member `key`, keeping the position of an existing one.
    public func setting(_ key: String, to value: JSONValue) -> JSONValue {
        guard var members else { return self }
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].value = value
        } else {
            members.append(Member(key, value))
        }
        return .object(members)
    }

    public func removing(_ key: String) -> JSONValue {
        guard let members else { return self }
        return .object(members.filter { $0.key != key })
    }
}
