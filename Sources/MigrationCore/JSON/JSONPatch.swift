/// JSON Patch (RFC 6902) operations, shared by the live workload switch and the exported patches.
public enum JSONPatch {
    public static func operation(_ op: String, _ path: String, _ value: JSONValue? = nil) -> JSONValue {
        var members: [JSONValue.Member] = [.init("op", .string(op)), .init("path", .string(path))]
        if let value { members.append(.init("value", value)) }
        return .object(members)
    }

    /// A JSON pointer segment (RFC 6901): `~` as `~0`, `/` as `~1`.
    public static func escaped(_ segment: String) -> String {
        segment.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
