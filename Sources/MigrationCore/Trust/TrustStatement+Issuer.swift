/// A condition key split at its last colon: `HOST/PATH:sub` -> issuer `HOST/PATH`, name `sub`.
struct ConditionKey: Hashable, Sendable {
    /// The prefix with the host lower-cased, as `IssuerURL.hostAndPath` spells it.
    let issuer: String
    /// The part after the last colon, lower-cased (`sub`, `aud`, `amr`).
    let name: String

    init?(_ key: String) {
        guard let colon = key.utf8.lastIndex(of: UInt8(ascii: ":")) else { return nil }
        issuer = Self.normalisedIssuer(String(key[..<colon]))
        name = Self.name(after: colon, in: key)
    }

    /// `name` alone (nil without a colon), without normalising the issuer: the access
    /// check asks it of every clause many times per role.
    static func name(of key: String) -> String? {
        key.utf8.lastIndex(of: UInt8(ascii: ":")).map { name(after: $0, in: key) }
    }

    private static func name(after colon: String.Index, in key: String) -> String {
        key[key.utf8.index(after: colon)...].lowercased()
    }

    /// `IssuerURL(text)?.hostAndPath ?? text`. A text of visible ASCII without a colon, a
    /// trailing slash or an upper-case host letter is its own result either way (valid and
    /// already normal, or invalid and kept): returned without parsing, since every access
    /// check normalises the same few issuers once per condition key and provider.
    static func normalisedIssuer(_ text: String) -> String {
        if isAlreadyNormal(text) { return text }
        return IssuerURL(text)?.hostAndPath ?? text
    }

    static func isAlreadyNormal(_ text: String) -> Bool {
        guard let last = text.utf8.last, last != UInt8(ascii: "/") else { return false }
        var inHost = true
        for byte in text.utf8 {
            guard (0x21..<0x7F).contains(byte), byte != UInt8(ascii: ":") else { return false }
            if byte == UInt8(ascii: "/") { inHost = false }
            if inHost, (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) { return false }
        }
        return true
    }

    /// Claim names OIDC providers expose as condition keys.
    static let webIdentityNames: Set<String> = ["sub", "aud", "amr", "oaud", "azp"]

    /// Whether this is a web-identity key: a known claim under a prefix that looks like an
    /// issuer (it has a dot), which excludes `aws:`, `sts:` and `saml:` keys.
    var isWebIdentityKey: Bool {
        Self.webIdentityNames.contains(name) && issuer.containsUTF8(".")
    }
}

extension TrustStatement {
    /// The `Principal.Federated` values in document order.
    public var federatedProviders: [String] {
        principal?.values(of: .federated) ?? []
    }

    /// Whether some condition scopes `ISSUER:sub` to given values: any operator except Null
    /// and the Not forms, since those do not restrict who may assume the role. Keys compare
    /// case-insensitively, as IAM compares them.
    public func hasSubjectCondition(forIssuer issuer: IssuerURL) -> Bool {
        let wanted = (issuer.hostAndPath + ":sub").lowercased()
        return conditions.contains { $0.key.lowercased() == wanted && ConditionOperator($0.operator).isPositiveMatch }
    }

    /// Whether the statement requires a claim that only tokens of `issuer` carry: a clause on
    /// an `ISSUER:NAME` key whose operator fails when the key is absent (no IfExists, no
    /// ForAllValues, not a Not form or Null). Through any principal but that issuer's
    /// provider such a statement never matches: what is left of it once the provider goes is dead.
    public func requiresClaim(of issuer: IssuerURL) -> Bool {
        let prefix = issuer.hostAndPath.lowercased()
        return conditions.contains { clause in
            let condition = ConditionOperator(clause.operator)
            guard let key = ConditionKey(clause.key), key.issuer.lowercased() == prefix, key.isWebIdentityKey else {
                return false
            }
            return condition.isPositiveMatch && !condition.ifExists && condition.qualifier != .forAllValues
        }
    }

    /// Issuers (`HOST/PATH`, host lower-cased) named by web-identity condition keys.
    public var conditionIssuers: Set<String> {
        facts.conditionIssuers {
            Set(conditions.compactMap { ConditionKey($0.key) }.filter(\.isWebIdentityKey).map(\.issuer))
        }
    }

    /// A copy for another issuer (dual trust during an issuer move): Federated values that
    /// are providers for `old` become `newProvider`, and every condition key whose prefix is
    /// `old` becomes `new:NAME` under every operator. The prefix compares ignoring case,
    /// because IAM applies condition keys case-insensitively: any key IAM would apply to the
    /// old issuer's tokens is moved. The Sid is dropped, since the original keeps it.
    public func rewritingIssuer(from old: IssuerURL, to new: IssuerURL, newProvider: ARN) -> TrustStatement {
        var json = raw.removing(caseInsensitive: "Sid")
        if let principal = raw.member(caseInsensitive: "Principal"), let members = principal.members {
            let rewritten = members.map { member -> JSONValue.Member in
                guard member.key.lowercased() == "federated" else { return member }
                let values = member.value.stringList.map { Self.isProvider($0, for: old) ? newProvider.description : $0 }
                return .init(member.key, Self.sameForm(as: member.value, values: Self.uniqueInOrder(values)))
            }
            json = json.setting(caseInsensitive: "Principal", to: .object(rewritten))
        }
        if let condition = raw.member(caseInsensitive: "Condition"), let blocks = condition.members {
            let oldPrefix = old.hostAndPath.lowercased()
            let rewritten = blocks.map { block -> JSONValue.Member in
                guard let keys = block.value.members else { return block }
                return .init(block.key, .object(keys.map { Self.rewritingKey($0, oldPrefix: oldPrefix, new: new) }))
            }
            json = json.setting(caseInsensitive: "Condition", to: .object(rewritten))
        }
        return TrustStatement(edited: json, orKeep: self)
    }

    /// For a statement whose Principal names `provider` beside other principals, the
    /// statement for `provider` alone (without Sid) and the rest (keeping the Sid), so one
    /// provider's trust can be copied or removed without touching the others'. Nil when the
    /// statement does not name `provider` or names nothing else.
    public func splittingFederated(provider: String) -> (matching: TrustStatement, rest: TrustStatement)? {
        guard let principalValue = raw.member(caseInsensitive: "Principal"), let members = principalValue.members,
            federatedProviders.contains(provider)
        else { return nil }
        let remaining = members.compactMap { member -> JSONValue.Member? in
            guard member.key.lowercased() == "federated" else { return member }
            let values = member.value.stringList.filter { $0 != provider }
            return values.isEmpty ? nil : .init(member.key, Self.sameForm(as: member.value, values: values))
        }
        guard !remaining.isEmpty else { return nil }
        let federatedKey = members.first { $0.key.lowercased() == "federated" }?.key ?? "Federated"
        let matchingJSON = raw.removing(caseInsensitive: "Sid")
            .setting(caseInsensitive: "Principal", to: .object([.init(federatedKey, .string(provider))]))
        return (
            TrustStatement(edited: matchingJSON, orKeep: self),
            TrustStatement(edited: raw.setting(caseInsensitive: "Principal", to: .object(remaining)), orKeep: self)
        )
    }

    private static func isProvider(_ value: String, for issuer: IssuerURL) -> Bool {
        guard let arn = ARN(value), let providerIssuer = arn.oidcProviderIssuer else { return false }
        return ConditionKey.normalisedIssuer(providerIssuer).lowercased() == issuer.hostAndPath.lowercased()
    }

    private static func rewritingKey(_ member: JSONValue.Member, oldPrefix: String, new: IssuerURL) -> JSONValue.Member {
        guard let colon = member.key.lastIndex(of: ":") else { return member }
        let prefix = member.key[..<colon].lowercased()
        guard ConditionKey.normalisedIssuer(prefix) == oldPrefix else { return member }
        // IAM applies a key only as the issuer is written in tokens (case aside): a key spelled
        // `https://ISSUER` or `ISSUER/` never matches, and its copy keeps that spelling, so a
        // dead condition is not made live (a dead Deny would otherwise start denying).
        let scheme = prefix.hasPrefix("https://") ? String(member.key.prefix(8)) : ""
        let slash = prefix.hasSuffix("/") ? "/" : ""
        return .init(scheme + new.hostAndPath + slash + String(member.key[colon...]), member.value)
    }

    /// An array stays an array (of one, if need be); a string stays a string when one value is left.
    private static func sameForm(as original: JSONValue, values: [String]) -> JSONValue {
        original.arrayValue != nil ? .strings(values) : .stringOrArray(values)
    }

    private static func uniqueInOrder(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }
}
