/// Whether the OIDC provider a statement names can work: STS looks for the provider in the
/// role's own account, and refuses a token whose audience is not one of its client IDs.
struct ProviderCheck {
    let estate: AuditedEstate

    func findings(
        provider: ARN, issuer: String, audiences: [ConditionClause], role: AuditedEstate.Role, statement: StatementRef
    ) -> [AuditFinding] {
        let arn = role.role.arn
        if provider.account != role.account {
            return [
                AuditFinding(
                    .error, "oidc-provider-missing", subject: arn, statement: statement,
                    "names \(provider), a provider of account \(provider.account); STS only uses providers of the role's own account \(role.account), so this statement never matches: create the provider for \(issuer) in \(role.account) and name that one"
                )
            ]
        }
        guard let providers = estate.providers else { return [] }
        guard let key = AuditedEstate.providerKey(provider), let listed = providers[key] else {
            return [
                AuditFinding(
                    .error, "oidc-provider-missing", subject: arn, statement: statement,
                    "names \(provider), which does not exist in account \(role.account): STS answers \"No OpenIDConnect provider found\" for every token of \(issuer); create the provider or remove the statement"
                )
            ]
        }
        guard let clientIDs = listed.clientIDs, !audiences.isEmpty else { return [] }
        let required = audiences.flatMap(\.values)
        let accepted = required.filter { value in
            clientIDs.contains { Glob.matches($0, pattern: value) || $0 == value }
        }
        guard accepted.isEmpty else { return [] }
        return [
            AuditFinding(
                .error, "oidc-provider-audience-missing", subject: arn, statement: statement,
                "requires audience \(required.joined(separator: " or ")), but provider \(provider) accepts only \(clientIDs.isEmpty ? "no client IDs" : clientIDs.joined(separator: ", ")): STS refuses such tokens (Incorrect token audience); add the client ID (aws iam add-client-id-to-open-id-connect-provider) or fix the condition"
            )
        ]
    }
}
