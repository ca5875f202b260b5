/// Lets plan values that hold JSON fragments be `Codable`.
///
/// `Decoder` exposes object keys unordered, so decoding sorts them. Nothing that is written
/// back to IAM goes through this path: the executor edits the live document it re-reads.
extension JSONValue: Codable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        // Strings first: they are most of the values of a trust document, and every kind
        // tried in vain costs a thrown `DecodingError` with its coding path (report of a
        // 10,000-workload plan spent 30% of its time here, half of it in those errors).
        let single = try decoder.singleValueContainer()
        if let value = try? single.decode(String.self) {
            self = .string(value)
            return
        }
        if let container = try? decoder.container(keyedBy: Key.self) {
            let keys = container.allKeys.map(\.stringValue).sorted()
            self = .object(try keys.map { .init($0, try container.decode(JSONValue.self, forKey: Key(stringValue: $0))) })
            return
        }
        if var container = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !container.isAtEnd { elements.append(try container.decode(JSONValue.self)) }
            self = .array(elements)
            return
        }
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(Int.self) {
            self = .number(String(value))
        } else {
            self = .number(String(try single.decode(Double.self)))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        if let encoder = encoder as? NodeEncoder, EncodingNode.canWrite(self) {
            encoder.node.shape = .single(.json(self))
            return
        }
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .number(let literal):
            var container = encoder.singleValueContainer()
            if let integer = Int(literal) {
                try container.encode(integer)
            } else {
                try container.encode(Double(literal) ?? 0)
            }
        case .string(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements { try container.encode(element) }
        case .object(let members):
            var container = encoder.container(keyedBy: Key.self)
            for member in members { try container.encode(member.value, forKey: Key(stringValue: member.key)) }
        }
    }
}
