import Foundation

/// The plan document (docs/plan-format.md): sorted keys, two-space indentation, so the same
/// plan always gives the same bytes.
public enum PlanJSONRenderer {
    public static func render(_ plan: Plan) -> String {
        // Encoding plain value types cannot fail, and the encoder's output is JSON; an empty
        // document would show it if either ever did. Re-serialising gives one layout on every
        // platform (Foundation's pretty printing differs between Linux and macOS).
        guard let bytes = try? plan.compactJSON() else { return "{}\n" }
        if var laidOut = JSONReindenter.layOut(bytes) {
            laidOut.append(UInt8(ascii: "\n"))
            return String(decoding: laidOut, as: UTF8.self)
        }
        guard let document = try? JSONValue(parsing: bytes) else { return "{}\n" }
        return document.serialized(.prettySorted) + "\n"
    }
}
