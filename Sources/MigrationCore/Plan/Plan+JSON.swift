import Foundation

extension Plan {
    /// The one encoder for plans, printed or stored: sorted keys and unescaped slashes, so
    /// the same plan always gives the same bytes.
    public static func jsonEncoder() -> SortedJSONEncoder {
        SortedJSONEncoder()
    }

    /// The plan as compact JSON with sorted keys, what the printed document is laid out from.
    /// (The state file keeps `storedJSON()`.)
    public func compactJSON() throws -> [UInt8] {
        try Plan.jsonEncoder().encodeBytes(self)
    }

    /// Reads a plan document. A failure says which key of which step (say) is wrong, in one line.
    public init(json text: String) throws(PlanDecodingError) {
        try self.init(document: try Plan.parse(text))
    }

    static func parse(_ text: String) throws(PlanDecodingError) -> JSONValue {
        do {
            return try JSONValue(parsing: text)
        } catch {
            throw PlanDecodingError(description: "the document is not valid JSON: \(error)")
        }
    }

    init(document: JSONValue) throws(PlanDecodingError) {
        do {
            if let (rest, steps) = Self.stepsDecodedApart(document) {
                self = try JSONValueDecoder().decode(Plan.self, from: rest)
                self.steps = steps
            } else {
                self = try JSONValueDecoder().decode(Plan.self, from: document)
            }
        } catch let error as DecodingError {
            throw PlanDecodingError(error)
        } catch {
            throw PlanDecodingError(description: "\(error)")
        }
    }

    /// The steps are most of a large plan (`report` spent a third of its time on them) and
    /// decode independently, so they are decoded in slices on every core, and the document
    /// is handed back without them. Nil when there are few or one fails: decoding the whole
    /// document then throws the error, with its path, that it always threw.
    private static func stepsDecodedApart(_ document: JSONValue) -> (JSONValue, [Step])? {
        let key = CodingKeys.steps.stringValue
        guard case .object(var members) = document, let index = members.firstIndex(where: { $0.key == key }),
            case .array(let steps) = members[index].value, steps.count >= 2 * chunk
        else { return nil }
        let slices = stride(from: 0, to: steps.count, by: chunk).map { $0..<min($0 + chunk, steps.count) }
        let decoded = slices.concurrentMap { slice in
            try? slice.map { try JSONValueDecoder().decode(Step.self, from: steps[$0]) }
        }
        guard decoded.allSatisfy({ $0 != nil }) else { return nil }
        members[index].value = .array([])
        return (.object(members), decoded.flatMap { $0 ?? [] })
    }

    private static let chunk = 512
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
