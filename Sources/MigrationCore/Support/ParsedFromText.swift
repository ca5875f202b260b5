/// A value the plan document stores as its text (`description`) and reads back by parsing
/// that text: object references and step targets.
public protocol ParsedFromText: Codable, CustomStringConvertible {
    init?(parsing text: String)
}

extension ParsedFromText {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a valid \(Self.self)")
        }
        self = value
    }
}
