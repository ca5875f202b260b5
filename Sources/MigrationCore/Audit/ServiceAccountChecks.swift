/// Service accounts annotated with `eks.amazonaws.com/role-arn` whose pods cannot get that
/// role today: the role does not exist, lives in an account the audit cannot see, or its
/// trust (evaluated locally, Deny statements included) does not admit the service account.
struct ServiceAccountChecks {
    let estate: AuditedEstate

    func findings() -> [AuditFinding] {
        estate.inventory.serviceAccounts.sorted { $0.ref < $1.ref }.compactMap { account in
            account.annotations[Annotations.irsaRoleARN].flatMap { check(account, annotation: $0) }
        }
    }

    private func check(_ account: ServiceAccount, annotation: String) -> AuditFinding? {
        let subject = account.ref.description
        let value = String(annotation.trimmingWhitespace())
        guard let arn = ARN(value), arn.roleName != nil else {
            return AuditFinding(
                .error, "role-annotation-invalid", subject: subject,
                "has \(Annotations.irsaRoleARN)=\"\(annotation)\", which is not a role ARN: the webhook injects it as is and STS refuses it; fix the annotation"
            )
        }
        guard estate.accounts.contains(arn.account) else {
            return AuditFinding(
                .warning, "service-account-role-other-account", subject: subject,
                "is annotated with \(value), in account \(arn.account), which is not in the inventory: its trust was not checked; audit with that account's roles too (--profile)"
            )
        }
        guard let role = estate.role(value) else {
            return AuditFinding(
                .error, "service-account-role-not-found", subject: subject,
                "is annotated with \(value), which does not exist: its pods get AccessDenied from STS; fix the annotation or create the role"
            )
        }
        guard let policy = role.policy else { return nil }
        let audience = account.annotations[Annotations.irsaAudience] ?? estate.options.audience
        let claimsSubject = "system:serviceaccount:\(account.namespace):\(account.name)"
        let issuers = issuersToCheck(policy)
        let allowed = issuers.contains { issuer in
            policy.allowsWebIdentity(
                provider: estate.providerARN(for: role, issuer: issuer),
                claims: TokenClaims(iss: "https://" + issuer, sub: claimsSubject, aud: [audience])
            ).isAllowed
        }
        guard !allowed else { return nil }
        let through =
            issuers.isEmpty
            ? "its trust has no web-identity statement"
            : "its trust does not admit \(claimsSubject) (aud \(audience)) from \(issuers.sorted().joined(separator: " or "))"
        return AuditFinding(
            .error, "service-account-role-not-trusted", subject: subject,
            "is annotated with \(value), but \(through): its pods get AccessDenied from STS; add a statement for it (irsa-migrate plan kiam-to-irsa writes one) or fix the annotation"
        )
    }

    /// The `--issuer` values; without them every issuer the role trusts, since the audit does
    /// not know which one the cluster uses.
    private func issuersToCheck(_ policy: TrustPolicy) -> [String] {
        if !estate.issuersInUse.isEmpty { return estate.issuersInUse.sorted() }
        return Array(Set(policy.webIdentityTrust.flatMap { $0.providers.map(\.issuer) })).sorted()
    }
}
