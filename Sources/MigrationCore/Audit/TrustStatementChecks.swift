/// Checks on each trust statement by itself: how wide its web-identity trust is, whether the
/// OIDC provider it names can work, and principals that are deleted or anyone.
struct TrustStatementChecks {
    let estate: AuditedEstate

    func findings() -> [AuditFinding] {
        estate.roles.flatMap { role -> [AuditFinding] in
            guard let policy = role.policy else { return [] }
            let principals = policy.statements.enumerated().flatMap { index, statement in
                principalFindings(statement, StatementRef(index: index, sid: statement.sid), role: role)
            }
            return principals + policy.webIdentityTrust.flatMap { webIdentityFindings($0, role: role) }
        }
    }

    private func webIdentityFindings(_ trust: WebIdentityTrust, role: AuditedEstate.Role) -> [AuditFinding] {
        var findings: [AuditFinding] = []
        let arn = role.role.arn
        for (provider, issuer) in trust.providers {
            let subjects = trust.statement.positiveClauses(named: "sub", issuer: issuer)
            let audiences = trust.statement.positiveClauses(named: "aud", issuer: issuer)
            if subjects.isEmpty, admitsAnySubject(trust.statement, provider: provider, issuer: issuer, audiences: audiences) {
                findings.append(
                    AuditFinding(
                        .error, "trust-without-subject", subject: arn, statement: trust.ref,
                        "trusts \(issuer) without a :sub condition, so every service account of that cluster can assume the role: add StringEquals \(issuer):sub with the service accounts that use it"
                    ))
            }
            findings += SubjectPatternCheck.findings(subjects, role: arn, statement: trust.ref, issuer: issuer)
            findings += audienceFindings(audiences, role: arn, statement: trust.ref, issuer: issuer)
            findings += ProviderCheck(estate: estate).findings(
                provider: provider, issuer: issuer, audiences: audiences, role: role, statement: trust.ref)
        }
        return findings
    }

    private func audienceFindings(_ clauses: [ConditionClause], role: String, statement: StatementRef, issuer: String)
        -> [AuditFinding]
    {
        guard !clauses.isEmpty else {
            return [
                AuditFinding(
                    .warning, "trust-without-audience", subject: role, statement: statement,
                    "trusts \(issuer) without an :aud condition, so tokens minted for any audience of that issuer are accepted: add StringEquals \(issuer):aud sts.amazonaws.com (or the audience the pods use)"
                )
            ]
        }
        return clauses.compactMap { clause in
            guard ConditionOperator(clause.operator).base == .stringLike else { return nil }
            let wild = clause.values.filter { $0.contains("*") || $0.contains("?") }
            if wild.isEmpty {
                return AuditFinding(
                    .info, "audience-stringlike", subject: role, statement: statement,
                    "uses \(clause.operator) on \(clause.key) with plain values (\(clause.values.joined(separator: ", "))): it behaves like StringEquals today; write StringEquals so a later wildcard cannot widen it"
                )
            }
            return AuditFinding(
                .warning, "audience-stringlike", subject: role, statement: statement,
                "uses \(clause.operator) on \(clause.key) with \(wild.joined(separator: ", ")): tokens for other audiences match; use StringEquals with the exact audience"
            )
        }
    }

    /// Whether the statement alone admits a subject no trust names, for the most permissive token
    /// (every audience it lists). A statement whose other conditions no token of this issuer
    /// meets (keys of another issuer, say) grants nothing and is not reported as unscoped.
    func admitsAnySubject(_ statement: TrustStatement, provider: ARN, issuer: String, audiences: [ConditionClause])
        -> Bool
    {
        let audience = [estate.options.audience] + audiences.flatMap(\.values)
        let claims = TokenClaims(iss: "https://" + issuer, sub: AccessMapBuilder.probeSubject, aud: audience)
        return TrustPolicy(statements: [statement]).allowsWebIdentity(provider: provider.description, claims: claims).isAllowed
    }

    /// Principals that are deleted (IAM shows their unique id) or that are anyone.
    private func principalFindings(_ statement: TrustStatement, _ ref: StatementRef, role: AuditedEstate.Role) -> [AuditFinding] {
        guard statement.effect == .allow, let principal = statement.principal else { return [] }
        var findings: [AuditFinding] = []
        for id in principal.values(of: .aws) where Self.isUniqueID(id) {
            findings.append(
                AuditFinding(
                    .warning, "principal-deleted", subject: role.role.arn, statement: ref,
                    "names \(id), a unique id: the role or user it trusted was deleted, and a new one of the same name is not trusted; remove the principal (or the statement)"
                ))
        }
        let isAnyone = principal == .wildcard || principal.values(of: .aws).contains("*")
        if isAnyone, !statement.hasPositiveCondition {
            findings.append(
                AuditFinding(
                    .error, "principal-wildcard-unscoped", subject: role.role.arn, statement: ref,
                    "trusts any principal (\(principal == .wildcard ? "Principal \"*\"" : "AWS \"*\"")) with \(statement.conditions.isEmpty ? "no condition" : "only negative conditions"): anyone who can call STS may assume the role; name the principals, or add a positive condition such as aws:PrincipalOrgID"
                ))
        }
        return findings
    }

    /// `AROA...` (role) or `AIDA...` (user): what IAM shows in place of a deleted principal.
    static func isUniqueID(_ value: String) -> Bool {
        (value.hasPrefix("AROA") || value.hasPrefix("AIDA")) && value.count >= 16
            && value.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }
}

/// `:sub` patterns that reach beyond one namespace.
enum SubjectPatternCheck {
    static let prefix = "system:serviceaccount:"

    static func findings(_ clauses: [ConditionClause], role: String, statement: StatementRef, issuer: String) -> [AuditFinding] {
        clauses.flatMap { clause -> [AuditFinding] in
            // ArnLike is a pattern operator too, but a subject is not an ARN, so it never matches one.
            guard ConditionOperator(clause.operator).base == .stringLike else { return [] }
            return clause.values.compactMap { value in
                guard let scope = namespaceScope(value), scope != .oneNamespace else { return nil }
                if scope == .anyNamespace {
                    return AuditFinding(
                        .error, "subject-wildcard-cross-namespace", subject: role, statement: statement,
                        "\(clause.operator) \(clause.key) \"\(value)\" matches service accounts of every namespace of \(issuer): list the exact system:serviceaccount:NAMESPACE:NAME subjects"
                    )
                }
                return AuditFinding(
                    .warning, "subject-wildcard-cross-namespace", subject: role, statement: statement,
                    "\(clause.operator) \(clause.key) \"\(value)\" matches service accounts of several namespaces (any namespace the pattern fits, also ones created later): list the exact subjects"
                )
            }
        }
    }

    enum Scope { case oneNamespace, someNamespaces, anyNamespace }

    /// Nil when the value has no wildcard (it is one subject).
    static func namespaceScope(_ value: String) -> Scope? {
        guard value.contains("*") || value.contains("?") else { return nil }
        guard value.hasPrefix(prefix) else {
            // A wildcard before the namespace: `*`, `system:*`, `system:serviceaccount*`.
            return .anyNamespace
        }
        let rest = value.dropFirst(prefix.count)
        let namespace = rest.prefix { $0 != ":" }
        if !namespace.contains("*") && !namespace.contains("?") { return .oneNamespace }
        return namespace.allSatisfy { $0 == "*" } ? .anyNamespace : .someNamespaces
    }
}
