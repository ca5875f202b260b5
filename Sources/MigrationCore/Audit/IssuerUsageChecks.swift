/// Trust and providers for issuers the audited clusters no longer use: stale statements,
/// dual trust left behind after a move, and OIDC providers no role trusts.
struct IssuerUsageChecks {
    let estate: AuditedEstate

    func findings() -> [AuditFinding] {
        staleTrustFindings() + unusedProviderFindings()
    }

    /// Needs `--issuer`: without it the audit cannot tell an old issuer from a live one.
    private func staleTrustFindings() -> [AuditFinding] {
        guard !estate.issuersInUse.isEmpty else { return [] }
        return estate.roles.flatMap { role -> [AuditFinding] in
            let trust = role.policy?.webIdentityTrust ?? []
            let live = Set(trust.flatMap { $0.providers.map(\.issuer) }).intersection(estate.issuersInUse)
            return trust.flatMap { statement in
                statement.providers.filter { !estate.issuersInUse.contains($0.issuer) }.map { provider in
                    staleFinding(role: role.role.arn, statement: statement.ref, stale: provider.issuer, live: live.sorted())
                }
            }
        }
    }

    private func staleFinding(role: String, statement: StatementRef, stale: String, live: [String]) -> AuditFinding {
        guard live.isEmpty else {
            return AuditFinding(
                .warning, "dual-trust-left-behind", subject: role, statement: statement,
                "still trusts \(stale) beside the live issuer \(live.joined(separator: ", ")): once every pod holds a token of the new issuer (the token lifetime after the switch) remove it with irsa-migrate plan issuer-move --from https://\(stale) --to https://\(live[0]) and its cleanup phase"
            )
        }
        return AuditFinding(
            .warning, "issuer-not-in-use", subject: role, statement: statement,
            "trusts \(stale), which none of the audited clusters uses (--issuer): whoever runs that issuer can mint tokens this role accepts; remove the statement, or add --issuer if a cluster still uses it"
        )
    }

    /// Providers of the inventory's accounts that no role of the same account names.
    private func unusedProviderFindings() -> [AuditFinding] {
        guard let providers = estate.providers else { return [] }
        var named: Set<String> = []
        for role in estate.roles {
            for trust in role.policy?.webIdentityTrust ?? [] {
                for provider in trust.providers where provider.arn.account == role.account {
                    if let key = AuditedEstate.providerKey(provider.arn) { named.insert(key) }
                }
            }
        }
        let unused = providers.filter { key, _ in
            !named.contains(key) && estate.accounts.contains(String(key.prefix { $0 != "|" }))
        }
        return unused.map { key, provider in
            let issuer = String(key.drop { $0 != "|" }.dropFirst())
            let live =
                estate.issuersInUse.isEmpty
                ? "" : estate.issuersInUse.contains(issuer) ? "" : ", and no audited cluster uses its issuer"
            return AuditFinding(
                .info, "oidc-provider-unused", subject: provider.arn,
                "no role of the inventory trusts this provider\(live): delete it (aws iam delete-open-id-connect-provider) unless roles outside the inventory use it"
            )
        }
    }
}
