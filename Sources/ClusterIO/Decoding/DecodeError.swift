import Foundation

/// Why a client output or snapshot file could not be read, naming the source first so the
/// user knows which file or command to regenerate.
public struct DecodeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file name or command the bytes came from, e.g. `kubernetes.json`.
    public var source: String
    public var message: String

    public init(source: String, message: String) {
        self.source = source
        self.message = message
    }

    public var description: String { "\(source): \(message)" }

    /// Wraps a `DecodingError` with the JSON path where it happened, keeping the cause's text.
    static func wrapping(_ error: any Error, source: String, context: String = "") -> DecodeError {
        let prefix = context.isEmpty ? "" : context + ": "
        guard let decoding = error as? DecodingError else {
            return DecodeError(source: source, message: prefix + "\(error)")
        }
        switch decoding {
        case .dataCorrupted(let ctx):
            return DecodeError(source: source, message: prefix + "not valid JSON\(path(ctx.codingPath)): \(ctx.debugDescription)")
        case .keyNotFound(let key, let ctx):
            return DecodeError(source: source, message: prefix + "missing field '\(key.stringValue)'\(path(ctx.codingPath))")
        case .typeMismatch(let type, let ctx):
            return DecodeError(source: source, message: prefix + "expected \(kind(type))\(path(ctx.codingPath))")
        case .valueNotFound(let type, let ctx):
            return DecodeError(source: source, message: prefix + "expected \(kind(type)) but found null\(path(ctx.codingPath))")
        @unknown default:
            return DecodeError(source: source, message: prefix + "not the expected JSON")
        }
    }

    /// The JSON kind a Swift type stands for: users read "an array", not `Array<Any>`.
    private static func kind(_ type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Array") { return "an array" }
        if name.hasPrefix("Dictionary") { return "an object" }
        if name == "String" { return "a string" }
        if name == "Bool" { return "true or false" }
        if ["Int", "Int64", "Int32", "Double", "Float", "UInt"].contains(name) { return "a number" }
        return "an object"
    }

    /// `items[3].metadata.labels.app` style, as a user would look for it in the file.
    private static func path(_ codingPath: [any CodingKey]) -> String {
        guard !codingPath.isEmpty else { return "" }
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return " at " + text
    }
}
