/// A parsed role trust policy (the role's `AssumeRolePolicyDocument`).
///
/// The document is kept as read: top-level members in order, each statement's object as
/// written, and a single-object `Statement` stays an object while it holds one statement.
/// So a role whose trust we do not change is written back exactly as it was, and a change
/// shows in a diff as the statements we touched and nothing else.
public struct TrustPolicy: Sendable, Hashable {
    public var statements: [TrustStatement]
    /// Top-level members as read; the value of the Statement member is rebuilt from `statements`.
    private let members: [JSONValue.Member]
    private let statementKey: String
    private let singleStatementForm: Bool

    public init(parsing text: String) throws(TrustPolicyError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: Self.percentDecodedIfNeeded(text))
        } catch {
            throw .notJSON(error)
        }
        try self.init(json: value)
    }

    public init(json: JSONValue) throws(TrustPolicyError) {
        guard let members = json.members else { throw .notAnObject }
        if let version = json.member(caseInsensitive: "Version") {
            guard let text = version.stringValue, Self.versions.contains(text) else {
                throw .badVersion(version.serialized())
            }
        }
        guard let statementKey = json.memberKey(caseInsensitive: "Statement"),
            let statementValue = json[statementKey]
        else { throw .missingStatement }
        switch statementValue {
        case .object:
            statements = [try TrustStatement(json: statementValue, index: 0)]
            singleStatementForm = true
        case .array(let elements):
            statements = []
            for (index, element) in elements.enumerated() {
                statements.append(try TrustStatement(json: element, index: index))
            }
            singleStatementForm = false
        default:
            throw .statementsNotAList
        }
        self.members = members
        self.statementKey = statementKey
    }

    /// A new document: `Version` then `Statement` (always an array).
    public init(version: String = "2012-10-17", statements: [TrustStatement]) {
        self.statements = statements
        members = [.init("Version", .string(version)), .init("Statement", .array([]))]
        statementKey = "Statement"
        singleStatementForm = false
    }

    static let versions: Set<String> = ["2012-10-17", "2008-10-17"]

    /// The policy language version; IAM applies 2008-10-17 when it is absent.
    public var version: String? {
        members.first { $0.key.lowercased() == "version" }?.value.stringValue
    }

    /// The document to write back: untouched statements exactly as read, other members in order.
    public var json: JSONValue {
        let statementValue: JSONValue =
            singleStatementForm && statements.count == 1 ? statements[0].raw : .array(statements.map(\.raw))
        return .object(members.map { $0.key == statementKey ? .init($0.key, statementValue) : $0 })
    }

    /// Characters in the minified document: what the ACLSizePerRole quota (2048 by default)
    /// is measured against.
    public var minifiedSize: Int {
        let bytes = json.serializedBytes(.minified)
        // Characters, counted by grapheme cluster only when needed: in ASCII text each byte is
        // one, since minified JSON holds no raw CR LF (strings escape both, and no whitespace
        // is written outside them).
        return bytes.allSatisfy { $0 < 0x80 } ? bytes.count : String(decoding: bytes, as: UTF8.self).count
    }

    /// Members other than Version, Id and Statement, which equivalence must not ignore.
    var otherMembers: [JSONValue.Member] {
        members.filter { !["version", "id", "statement"].contains($0.key.lowercased()) }
    }

    /// GetRole and ListRoles return the document URL-encoded, and the aws CLI passes it
    /// through undecoded when the stored text is not valid JSON; a JSON document never
    /// starts with `%`, so decoding such text is unambiguous. Like the CLI, `+` is kept.
    static func percentDecodedIfNeeded(_ text: String) -> String {
        let trimmed = text.trimmingWhitespace()
        guard trimmed.hasPrefix("%") else { return text }
        var bytes: [UInt8] = []
        let utf8 = Array(trimmed.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
                let value = UInt8(String(decoding: utf8[index + 1...index + 2], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
