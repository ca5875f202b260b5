/// The plan document (docs/plan-format.md): sorted keys, two-space indentation, so the same
/// plan always gives the same bytes.
public enum PlanJSONRenderer {
    public static func render(_ plan: Plan) -> String {
        // Encoding plain value types cannot fail, and the encoder's output is JSON; an empty
        // document would show it if either ever did. Re-serialising gives one layout on every
        // platform (Foundation's pretty printing differs between Linux and macOS).
        guard let data = try? Plan.jsonEncoder().encode(plan), let document = try? JSONValue(parsing: Array(data)) else {
            return "{}\n"
        }
        return document.serialized(.prettySorted) + "\n"
    }
}
