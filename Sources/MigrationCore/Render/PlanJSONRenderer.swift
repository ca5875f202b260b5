import Foundation

/// The plan document (docs/plan-format.md): sorted keys, two-space indentation, so the same
/// plan always gives the same bytes.
public enum PlanJSONRenderer {
    /// - Parameter compact: `plan.compactJSON()` when the caller has it already.
    public static func render(_ plan: Plan, compact: Data? = nil) -> String {
        // Encoding plain value types cannot fail, and the encoder's output is JSON; an empty
        // document would show it if either ever did. Re-serialising gives one layout on every
        // platform (Foundation's pretty printing differs between Linux and macOS).
        guard let data = try? compact ?? plan.compactJSON() else { return "{}\n" }
        let bytes = [UInt8](data)
        if let text = JSONReindenter.prettySorted(bytes) { return text + "\n" }
        guard let document = try? JSONValue(parsing: bytes) else { return "{}\n" }
        return document.serialized(.prettySorted) + "\n"
    }
}
