/// One web-identity request (provider, subject, audience) that the access check asks a
/// trust policy about, with Allow and Deny evaluated as STS would.
///
/// Grant sets (`AccessGrant`) compare documents structurally and cannot tell that a Deny
/// forbids what an Allow grants; probes can. The probes of a document are every subject and
/// audience value its conditions name (a glob once with `*` as nothing and once as `x`, so
/// a narrower Deny pattern gets a request of its own), planned values and an outsider, for
/// every OIDC provider it names: enough requests that any Allow or Deny that changes
/// who may assume the role changes the answer for at least one of them.
public struct AccessProbe: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let provider: String
    public let subject: String
    public let audience: String
    /// The issuer (`HOST/PATH`) of the provider, nil when `provider` is not an OIDC provider ARN.
    public let issuer: String?

    public init(provider: String, subject: String, audience: String) {
        self.init(provider: provider, issuer: Self.issuer(of: provider), subject: subject, audience: audience)
    }

    private init(provider: String, issuer: String?, subject: String, audience: String) {
        self.provider = provider
        self.issuer = issuer
        self.subject = subject
        self.audience = audience
    }

    static func issuer(of provider: String) -> String? {
        ARN(provider)?.oidcProviderIssuer.map(ConditionKey.normalisedIssuer)
    }

    public var claims: TokenClaims {
        TokenClaims(iss: "https://" + (issuer ?? provider), sub: subject, aud: [audience])
    }

    /// The same request presented through another provider.
    public func through(_ other: String) -> AccessProbe {
        AccessProbe(provider: other, subject: subject, audience: audience)
    }

    /// `through(_:)` with the provider's issuer (`issuer(of:)`) already known: a planner asks
    /// it for every probe of every role, and parsing the same ARN each time showed.
    func through(_ other: String, issuer: String?) -> AccessProbe {
        AccessProbe(provider: other, issuer: issuer, subject: subject, audience: audience)
    }

    public var description: String { "\(issuer ?? provider) sub=\(subject) aud=\(audience)" }

    public static func < (lhs: AccessProbe, rhs: AccessProbe) -> Bool {
        (lhs.provider, lhs.subject, lhs.audience) < (rhs.provider, rhs.subject, rhs.audience)
    }

    /// A subject no document names, so a statement that lets anyone in is caught.
    public static let outsider = "system:serviceaccount:irsa-migrate-probe:outsider"

    /// Probes for `policies`: their providers plus `providers`, their `:sub` / `:aud` values
    /// plus `subjects` / `audiences`, the outsider and the default audience.
    public static func probes(
        for policies: [TrustPolicy], providers: [String] = [], subjects: [String] = [], audiences: [String] = []
    ) -> [AccessProbe] {
        var providerSet = Set(providers)
        var subjectSet = Set(subjects + [outsider])
        var audienceSet = Set(audiences + [Annotations.defaultAudience])
        // Issuers of the providers the statements name, parsed once per statement.
        var issuers: [String: String?] = [:]
        for policy in policies {
            for statement in policy.statements {
                let values = statement.probeValues
                for (provider, issuer) in values.providers {
                    providerSet.insert(provider)
                    issuers[provider] = issuer
                }
                subjectSet.formUnion(values.subjects)
                audienceSet.formUnion(values.audiences)
            }
        }
        let subjects = subjectSet.sorted()
        let audiences = audienceSet.sorted()
        return providerSet.sorted().flatMap { provider in
            let issuer = issuers[provider] ?? Self.issuer(of: provider)
            return subjects.flatMap { subject in
                audiences.map { AccessProbe(provider: provider, issuer: issuer, subject: subject, audience: $0) }
            }
        }
    }

    /// What one statement adds to the probes: the OIDC providers it names, and the
    /// instances of its `:sub` and `:aud` values.
    struct Values {
        /// Each OIDC provider with its issuer (`issuer(of:)`).
        var providers: [(provider: String, issuer: String?)] = []
        var subjects: [String] = []
        var audiences: [String] = []

        init(_ statement: TrustStatement) {
            for value in statement.principal?.values(of: .federated) ?? [] where value.containsUTF8(":oidc-provider/") {
                providers.append((value, AccessProbe.issuer(of: value)))
            }
            for clause in statement.conditions {
                switch ConditionKey.name(of: clause.key) {
                case "sub": subjects += clause.values.flatMap(instances)
                case "aud": audiences += clause.values.flatMap(instances)
                default: break
                }
            }
        }
    }

    /// A literal as is; a glob as its shortest match and as a match with `x` for every
    /// wildcard (a token's subject or audience never holds a wildcard itself).
    static func instances(_ value: String) -> [String] {
        guard value.hasWildcard else { return [value] }
        // Byte by byte: the generic `replacing` was a visible part of every role's access check.
        var shortest: [UInt8] = []
        var filled: [UInt8] = []
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "*"): filled.append(UInt8(ascii: "x"))
            case UInt8(ascii: "?"):
                shortest.append(UInt8(ascii: "x"))
                filled.append(UInt8(ascii: "x"))
            default:
                shortest.append(byte)
                filled.append(byte)
            }
        }
        return [String(decoding: shortest, as: UTF8.self), String(decoding: filled, as: UTF8.self)]
    }
}

extension TrustPolicy {
    /// The probes this policy allows (Deny wins over Allow): the same decisions as
    /// `allowsWebIdentity`, with each statement's elements parsed once for all probes.
    public func allowed(_ probes: [AccessProbe]) -> Set<AccessProbe> {
        Set(zip(probes, decisions(probes)).filter(\.1).map(\.0))
    }

    /// Whether each probe is allowed, in the probes' order: `allowed(_:)` without hashing
    /// every probe into a set and again to look it up.
    func decisions(_ probes: [AccessProbe]) -> [Bool] {
        let compiled = CompiledTrustPolicy(self)
        var keys: CompiledTrustPolicy.ClaimKeys?
        return probes.map { compiled.allows($0, keys: &keys) }
    }

    public func allows(_ probe: AccessProbe) -> Bool {
        allowsWebIdentity(provider: probe.provider, claims: probe.claims).isAllowed
    }

    /// `allows(_:)` with the policy compiled once, for asking it about many probes.
    func compiledAllows() -> (AccessProbe) -> Bool {
        let compiled = CompiledTrustPolicy(self)
        return { compiled.allows($0) }
    }
}

extension TrustStatement {
    /// This statement's contribution to `AccessProbe.probes`, computed once per statement.
    var probeValues: AccessProbe.Values {
        facts.probeValues { AccessProbe.Values(self) }
    }
}

/// A trust policy with operators parsed and keys lower-cased once, for many evaluations;
/// each statement is compiled once, however many documents (before, after) it is part of.
struct CompiledTrustPolicy {
    struct Clause {
        let condition: ConditionOperator
        let key: String
        let values: [String]
    }

    struct Statement {
        let isDeny: Bool
        let coversWebIdentity: Bool
        /// Principal `*` (or Federated `*`): names every provider; else the providers it names.
        let namesEvery: Bool
        let providers: Set<String>
        /// NotPrincipal: the providers named are the ones excluded.
        let isNot: Bool
        let clauses: [Clause]

        func names(_ provider: String) -> Bool {
            let named = namesEvery || providers.contains(provider)
            return isNot ? !named : named
        }
    }

    let statements: [Statement]

    init(_ policy: TrustPolicy) {
        statements = policy.statements.map { statement in statement.facts.compiled { Self.compile(statement) } }
    }

    private static func compile(_ statement: TrustStatement) -> Statement {
        let element = statement.principal ?? statement.notPrincipal
        let federated = Set(element?.values(of: .federated) ?? [])
        let namesEvery: Bool
        if case .wildcard = element { namesEvery = true } else { namesEvery = federated.contains("*") }
        return Statement(
            isDeny: statement.effect == .deny,
            coversWebIdentity: element != nil && statement.actions.covers(TrustStatement.webIdentityAction),
            namesEvery: namesEvery, providers: federated, isNot: statement.principal == nil,
            clauses: statement.conditions.map {
                Clause(condition: ConditionOperator($0.operator), key: $0.key.lowercased(), values: $0.values)
            })
    }

    /// The request's condition keys for one issuer, lower-cased: probes come grouped by
    /// provider, so the keys are made once per provider instead of once per probe.
    struct ClaimKeys {
        let issuer: String
        let sub: String
        let aud: String

        init(_ issuer: String) {
            self.issuer = issuer
            sub = (issuer + ":sub").lowercased()
            aud = (issuer + ":aud").lowercased()
        }
    }

    func allows(_ probe: AccessProbe) -> Bool {
        var keys: ClaimKeys?
        return allows(probe, keys: &keys)
    }

    /// `allows(_:)` reusing `keys` when they are the probe issuer's (else replacing them).
    func allows(_ probe: AccessProbe, keys: inout ClaimKeys?) -> Bool {
        guard let issuer = probe.issuer else { return false }
        if keys?.issuer != issuer { keys = ClaimKeys(issuer) }
        guard let (subKey, audKey) = keys.map({ ($0.sub, $0.aud) }) else { return false }
        var allowed = false
        for compiled in statements where compiled.coversWebIdentity {
            guard compiled.names(probe.provider) else { continue }
            let holds = compiled.clauses.allSatisfy { clause in
                let context: [String]? =
                    clause.key == subKey ? [probe.subject] : clause.key == audKey ? [probe.audience] : nil
                return clause.condition.isSatisfied(values: clause.values, context: context)
            }
            guard holds else { continue }
            if compiled.isDeny { return false }
            allowed = true
        }
        return allowed
    }
}
