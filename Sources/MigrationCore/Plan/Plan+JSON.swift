import Foundation

extension Plan {
    /// The one encoder for plans, printed (`pretty`) or stored: sorted keys and unescaped
    /// slashes, so the same plan always gives the same bytes.
    public static func jsonEncoder(pretty: Bool = false) -> SortedJSONEncoder {
        SortedJSONEncoder(pretty: pretty)
    }

    /// The plan as compact JSON with sorted keys: the body of a plan stored whole.
    /// (The state file keeps `storedJSON()`.)
    public func compactJSON() throws -> [UInt8] {
        try Plan.jsonEncoder().encodeBytes(self)
    }

    /// Reads a plan document. A failure says which key of which step (say) is wrong, in one line.
    public init(json text: String) throws(PlanDecodingError) {
        try self.init(document: try Plan.parse(Array(text.utf8)))
    }

    static func parse(_ bytes: [UInt8]) throws(PlanDecodingError) -> JSONValue {
        do {
            return try JSONValue(parsing: bytes)
        } catch {
            throw PlanDecodingError(description: "the document is not valid JSON: \(error)")
        }
    }

    init(document: JSONValue) throws(PlanDecodingError) {
        do {
            // The steps are most of a large plan (`report` spent a third of its time on them).
            let decoder = JSONValueDecoder()
            if let (rest, steps) = decoder.decode(
                Plan.self, from: document, elementsOf: CodingKeys.steps.stringValue, as: Step.self)
            {
                self = rest
                self.steps = steps
            } else {
                self = try decoder.decode(Plan.self, from: document)
            }
        } catch let error as DecodingError {
            throw PlanDecodingError(error)
        } catch {
            throw PlanDecodingError(description: "\(error)")
        }
    }
}

/// Why a plan document cannot be read, in one line (not Foundation's nested dump).
public struct PlanDecodingError: Error, Equatable, CustomStringConvertible {
    public var description: String

    init(description: String) {
        self.description = description
    }

    public init(_ error: DecodingError) {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "the document" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            description = "\(path(context)) has no \(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            description = "\(path(context)) has the wrong type"
        case .dataCorrupted(let context):
            description = "\(path(context)): \(context.debugDescription)"
        @unknown default:
            description = "\(error)"
        }
    }
}
