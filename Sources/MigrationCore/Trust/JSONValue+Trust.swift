/// Small editing helpers for policy documents, whose element names IAM reads case-insensitively.
extension JSONValue {
    /// The key as written of the first member whose name equals `key` ignoring case.
    func memberKey(caseInsensitive key: String) -> String? {
        let wanted = key.lowercased()
        return members?.first { $0.key.lowercased() == wanted }?.key
    }

    /// Replaces the value of the member named `key` (ignoring case), keeping its spelling and
    /// position, or appends a member spelled `key` when there is none.
    func setting(caseInsensitive key: String, to value: JSONValue) -> JSONValue {
        setting(memberKey(caseInsensitive: key) ?? key, to: value)
    }

    /// Removes every member named `key` ignoring case.
    func removing(caseInsensitive key: String) -> JSONValue {
        guard let members else { return self }
        let wanted = key.lowercased()
        return .object(members.filter { $0.key.lowercased() != wanted })
    }

    /// A single string for one value, an array otherwise: the form IAM documents use.
    static func stringOrArray(_ values: [String]) -> JSONValue {
        values.count == 1 ? .string(values[0]) : .strings(values)
    }

    /// The literal text of a condition value: strings as they are, booleans and numbers as
    /// written (IAM compares condition values as text).
    var literalText: String? {
        switch self {
        case .string(let value): return value
        case .bool(let value): return value ? "true" : "false"
        case .number(let literal): return literal
        default: return nil
        }
    }
}
