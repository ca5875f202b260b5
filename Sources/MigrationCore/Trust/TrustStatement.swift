/// One statement of a role trust policy: the object as read plus its parsed elements.
///
/// `raw` is what gets written back, so a statement nobody edits keeps its key order, its
/// unknown members and its value forms. The parsed elements are read-only views of `raw`;
/// edits build a new statement from an edited `raw`. `==` compares the raw objects; use
/// `isEquivalent(to:)` for what IAM would treat as the same statement.
public struct TrustStatement: Sendable, Hashable {
    public enum Effect: String, Sendable, Hashable, Comparable {
        case allow = "Allow"
        case deny = "Deny"

        public static func < (lhs: Effect, rhs: Effect) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public let raw: JSONValue
    /// The Sid as written; an empty Sid stays empty, a missing one is nil.
    public let sid: String?
    public let effect: Effect
    public let principal: Principal?
    public let notPrincipal: Principal?
    public let actions: ActionList
    /// Every (operator, key, values) of the Condition block in document order.
    public let conditions: [ConditionClause]
    /// The canonical form `isEquivalent(to:)` compares, computed once: comparing statements
    /// pairwise recomputed it every time, which made an issuer move quadratic in serialising.
    public private(set) var canonicalText = ""
    /// Grants, compiled form, probe values and condition issuers, each computed once.
    let facts: StatementFacts

    /// Parses one statement object.
    public init(json: JSONValue) throws(TrustPolicyError) {
        try self.init(json: json, index: 0)
    }

    init(json: JSONValue, index: Int) throws(TrustPolicyError) {
        guard json.members != nil else { throw .statementNotAnObject(index: index) }
        raw = json
        facts = StatementFacts()
        sid = try Self.parseSid(json, index: index)
        effect = try Self.parseEffect(json, index: index)
        let principalValue = json.member(caseInsensitive: "Principal")
        let notPrincipalValue = json.member(caseInsensitive: "NotPrincipal")
        if principalValue != nil, notPrincipalValue != nil { throw .principalAndNotPrincipal(index: index) }
        principal = try principalValue.map { value throws(TrustPolicyError) in try Principal(json: value, index: index) }
        notPrincipal = try notPrincipalValue.map { value throws(TrustPolicyError) in
            try Principal(json: value, index: index)
        }
        actions = try ActionList(statement: json, index: index)
        conditions = try ConditionClause.parse(json.member(caseInsensitive: "Condition"), index: index)
        canonicalText = canonicalForm()
    }

    private static func parseSid(_ json: JSONValue, index: Int) throws(TrustPolicyError) -> String? {
        guard let value = json.member(caseInsensitive: "Sid") else { return nil }
        guard let sid = value.stringValue else { throw .badSid(index: index) }
        return sid
    }

    private static func parseEffect(_ json: JSONValue, index: Int) throws(TrustPolicyError) -> Effect {
        let value = json.member(caseInsensitive: "Effect")
        guard let text = value?.stringValue, let effect = Effect(rawValue: text) else {
            throw .badEffect(index: index, found: value.map { $0.serialized() })
        }
        return effect
    }

    /// A copy with the Sid set (or removed when nil), keeping the member's position.
    public func withSid(_ sid: String?) -> TrustStatement {
        let edited = sid.map { raw.setting(caseInsensitive: "Sid", to: .string($0)) } ?? raw.removing(caseInsensitive: "Sid")
        return TrustStatement(edited: edited, orKeep: self)
    }

    /// A statement whose parsed elements the caller built together with `raw`; tests check
    /// that parsing `raw` gives the same elements.
    init(
        raw: JSONValue, sid: String?, effect: Effect, principal: Principal?, notPrincipal: Principal?,
        actions: ActionList, conditions: [ConditionClause]
    ) {
        self.raw = raw
        facts = StatementFacts()
        self.sid = sid
        self.effect = effect
        self.principal = principal
        self.notPrincipal = notPrincipal
        self.actions = actions
        self.conditions = conditions
        canonicalText = canonicalForm()
    }

    /// The elements as before the cache of facts: `facts` is derived from them.
    public static func == (lhs: TrustStatement, rhs: TrustStatement) -> Bool {
        lhs.raw == rhs.raw && lhs.sid == rhs.sid && lhs.effect == rhs.effect && lhs.principal == rhs.principal
            && lhs.notPrincipal == rhs.notPrincipal && lhs.actions == rhs.actions && lhs.conditions == rhs.conditions
            && lhs.canonicalText == rhs.canonicalText
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(raw)
    }

    /// Re-parses an edited copy of a valid statement. Our edits keep every element
    /// well-formed, so a failure here is a bug in the edit: the unedited statement is kept
    /// rather than crashing or writing a broken document, and tests cover each edit.
    init(edited json: JSONValue, orKeep original: TrustStatement) {
        self = (try? TrustStatement(json: json)) ?? original
    }
}
