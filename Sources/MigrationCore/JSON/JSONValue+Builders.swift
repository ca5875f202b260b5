/// Small builders for the journal's before/after states and event details.
extension JSONValue {
    static func optionalString(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    static func stringMap(_ values: [String: String]) -> JSONValue {
        .object(values.keys.sorted().map { Member($0, .string(values[$0] ?? "")) })
    }
}
