import Foundation

/// The plan document (docs/plan-format.md): sorted keys, two-space indentation, so the same
/// plan always gives the same bytes.
public enum PlanJSONRenderer {
    /// The document's UTF-8 bytes.
    public static func render(_ plan: Plan) -> [UInt8] {
        var document: [UInt8] = []
        write(plan) { document += $0 }
        return document
    }

    /// Hands the document to `emit` in pieces: a large plan's tens of megabytes are never
    /// held whole, nor as a `String`.
    public static func write(_ plan: Plan, to emit: ([UInt8]) -> Void) {
        // Encoding plain value types cannot fail; an empty document would show it if it ever
        // did. Written by our own encoder, the layout is the same on every platform
        // (Foundation's pretty printing differs between Linux and macOS).
        do {
            try Plan.jsonEncoder(pretty: true).encode(plan, emittingPieces: emit)
        } catch {
            emit(Array("{}".utf8))
        }
        emit([UInt8(ascii: "\n")])
    }
}
