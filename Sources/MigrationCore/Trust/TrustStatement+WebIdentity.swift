/// The operators the planner writes on a `:sub` key.
public enum SubjectOperator: String, Sendable, Hashable, CaseIterable {
    case stringEquals = "StringEquals"
    case stringLike = "StringLike"
}

/// What a statement of exactly the simple IRSA shape says: one Federated OIDC provider,
/// only sts:AssumeRoleWithWebIdentity, and only StringEquals/StringLike conditions on
/// `ISSUER:sub` (required) and `ISSUER:aud` (optional) of the provider's issuer.
///
/// Only statements of this shape may be merged or extended by the planner; anything else
/// (extra conditions, Deny, NotPrincipal, unknown members) is left as it is.
public struct WebIdentityShape: Sendable, Hashable {
    public var provider: String
    /// The issuer's host (lower case) and path, as in the condition keys.
    public var issuer: String
    /// Sorted and unique; empty when the statement has no `:aud` condition.
    public var audiences: [String]
    /// Sorted and unique.
    public var subjects: [String]
    /// As written, e.g. `StringEquals`.
    public var subjectOperator: String
    /// As written; nil when there is no `:aud` condition.
    public var audienceOperator: String?

    public init(
        provider: String, issuer: String, audiences: [String], subjects: [String], subjectOperator: String,
        audienceOperator: String?
    ) {
        self.provider = provider
        self.issuer = issuer
        self.audiences = audiences
        self.subjects = subjects
        self.subjectOperator = subjectOperator
        self.audienceOperator = audienceOperator
    }
}

extension TrustStatement {
    /// `{"Effect":"Allow","Principal":{"Federated":P},"Action":"sts:AssumeRoleWithWebIdentity",
    /// "Condition":{OP:{"ISSUER:sub":S,"ISSUER:aud":A}}}` with subjects sorted and unique, one
    /// subject as a string, and no Sid. With StringLike the audience stays under StringEquals,
    /// so a glob never widens the audience.
    public static func webIdentity(
        provider: ARN, issuer: IssuerURL, audience: String, subjects: [String],
        subjectOperator: SubjectOperator = .stringEquals
    ) -> TrustStatement {
        let sub = JSONValue.Member(issuer.hostAndPath + ":sub", .stringOrArray(sortedUnique(subjects)))
        let aud = JSONValue.Member(issuer.hostAndPath + ":aud", .string(audience))
        let condition: JSONValue =
            subjectOperator == .stringEquals
            ? .object(["StringEquals": .object([sub, aud])])
            : .object(["StringLike": .object([sub]), "StringEquals": .object([aud])])
        let json = JSONValue.object([
            "Effect": .string("Allow"),
            "Principal": .object(["Federated": .string(provider.description)]),
            "Action": .string("sts:AssumeRoleWithWebIdentity"),
            "Condition": condition,
        ])
        let subClause = ConditionClause(operator: subjectOperator.rawValue, key: sub.key, values: sub.value.stringList)
        let audClause = ConditionClause(operator: "StringEquals", key: aud.key, values: [audience])
        return TrustStatement(
            raw: json, sid: nil, effect: .allow,
            principal: .entries([.init(type: .federated, values: [provider.description])]), notPrincipal: nil,
            actions: ActionList(kind: .action, names: ["sts:AssumeRoleWithWebIdentity"]),
            conditions: [subClause, audClause])
    }

    public var webIdentityShape: WebIdentityShape? {
        guard effect == .allow, notPrincipal == nil, unknownMembers.isEmpty, raw.member(caseInsensitive: "Condition") != nil,
            actions.kind == .action, Set(actions.names.map { $0.lowercased() }) == ["sts:assumerolewithwebidentity"],
            case .entries(let entries) = principal, entries.count == 1, entries[0].type == .federated,
            entries[0].values.count == 1
        else { return nil }
        let provider = entries[0].values[0]
        guard let providerIssuer = ARN(provider)?.oidcProviderIssuer.map(ConditionKey.normalisedIssuer) else { return nil }
        var subClause: ConditionClause?
        var audClause: ConditionClause?
        // IAM matches condition keys as written (case aside): `ISSUER/:sub` or `https://ISSUER:sub`
        // never matches a token, so it is not this provider's key even though it names the issuer.
        let keyPrefix = providerIssuer.lowercased() + ":"
        for clause in conditions {
            guard ["stringequals", "stringlike"].contains(clause.operator.lowercased()),
                let key = ConditionKey(clause.key), key.issuer == providerIssuer,
                clause.key.lowercased() == keyPrefix + key.name
            else { return nil }
            switch key.name {
            case "sub" where subClause == nil: subClause = clause
            case "aud" where audClause == nil: audClause = clause
            default: return nil
            }
        }
        guard let subClause, !subClause.values.isEmpty else { return nil }
        return WebIdentityShape(
            provider: provider, issuer: providerIssuer, audiences: Self.sortedUnique(audClause?.values ?? []),
            subjects: Self.sortedUnique(subClause.values), subjectOperator: subClause.operator,
            audienceOperator: audClause?.operator)
    }

    /// For a simple-shape statement, a copy whose `:sub` values are the union of its own and
    /// `subjects` (sorted, unique; one value stays a string). Sid, key order and every other
    /// member are kept. A statement that already lists every subject, or that is not of the
    /// simple shape, is returned unchanged, so merging is idempotent down to the text.
    public func mergingSubjects(_ subjects: [String]) -> TrustStatement {
        guard webIdentityShape != nil,
            let clause = conditions.first(where: { ConditionKey.name(of: $0.key) == "sub" }),
            !Set(subjects).isSubset(of: clause.values)
        else { return self }
        let merged = Self.sortedUnique(clause.values + subjects)
        return replacingConditionValue(operator: clause.operator, key: clause.key, with: .stringOrArray(merged))
    }

    /// A copy with one condition value replaced, operator and key matched exactly as written.
    func replacingConditionValue(operator: String, key: String, with value: JSONValue) -> TrustStatement {
        guard let condition = raw.member(caseInsensitive: "Condition"), let block = condition[`operator`] else {
            return self
        }
        let edited = condition.setting(`operator`, to: block.setting(key, to: value))
        return TrustStatement(edited: raw.setting(caseInsensitive: "Condition", to: edited), orKeep: self)
    }
}
