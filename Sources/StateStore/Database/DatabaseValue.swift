/// A value bound to, or read from, an SQLite statement.
public enum DatabaseValue: Equatable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

extension DatabaseValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(nilLiteral: ()) { self = .null }
}

extension DatabaseValue {
    public static func int(_ value: Int) -> DatabaseValue { .integer(Int64(value)) }

    /// `.text` for a value, `.null` for nil.
    public static func optionalText(_ value: String?) -> DatabaseValue { value.map(DatabaseValue.text) ?? .null }

    public var textValue: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    public var intValue: Int? {
        if case .integer(let value) = self { return Int(value) }
        return nil
    }
}
