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
    public var provider: String
    public var subject: String
    public var audience: String

    public init(provider: String, subject: String, audience: String) {
        self.provider = provider
        self.subject = subject
        self.audience = audience
    }

    /// The issuer (`HOST/PATH`) of the provider, nil when `provider` is not an OIDC provider ARN.
    public var issuer: String? {
        ARN(provider)?.oidcProviderIssuer.map(ConditionKey.normalisedIssuer)
    }

    public var claims: TokenClaims {
        TokenClaims(iss: "https://" + (issuer ?? provider), sub: subject, aud: [audience])
    }

    /// The same request presented through another provider.
    public func through(_ other: String) -> AccessProbe {
        AccessProbe(provider: other, subject: subject, audience: audience)
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
        for statement in policies.flatMap(\.statements) {
            for value in statement.principal?.values(of: .federated) ?? [] where ARN(value)?.oidcProviderIssuer != nil {
                providerSet.insert(value)
            }
            for clause in statement.conditions {
                switch ConditionKey(clause.key)?.name {
                case "sub": subjectSet.formUnion(clause.values.flatMap(instances))
                case "aud": audienceSet.formUnion(clause.values.flatMap(instances))
                default: break
                }
            }
        }
        return providerSet.sorted().flatMap { provider in
            subjectSet.sorted().flatMap { subject in
                audienceSet.sorted().map { AccessProbe(provider: provider, subject: subject, audience: $0) }
            }
        }
    }

    /// A literal as is; a glob as its shortest match and as a match with `x` for every wildcard.
    static func instances(_ value: String) -> [String] {
        guard value.contains("*") || value.contains("?") else { return [value] }
        let shortest = value.replacing("*", with: "").replacing("?", with: "x")
        let filled = value.replacing("*", with: "x").replacing("?", with: "x")
        return [value, shortest, filled]
    }
}

extension TrustPolicy {
    /// The probes this policy allows (Deny wins over Allow).
    public func allowed(_ probes: [AccessProbe]) -> Set<AccessProbe> {
        Set(probes.filter(allows))
    }

    public func allows(_ probe: AccessProbe) -> Bool {
        allowsWebIdentity(provider: probe.provider, claims: probe.claims).isAllowed
    }
}
