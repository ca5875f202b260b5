/// Plans the trust statements that let each role's new service accounts assume it.
struct IRSATrustPlanner {
    let issuer: IssuerURL
    let audience: String
    let quota: Int

    /// The edit for `role` so that every subject can assume it through the issuer, or nil
    /// when the trust policy already allows all of them.
    ///
    /// Missing subjects are merged into an existing statement of the same shape (provider,
    /// issuer, audience) when there is one, else added as one new statement.
    func edit(role: IAMRole, policy: TrustPolicy, provider: ARN, subjects: [String]) throws(PlanningError) -> Result<
        TrustEdit?, Finding
    > {
        let missing = subjects.filter { subject in
            !policy.allowsWebIdentity(
                provider: provider.description, claims: TokenClaims(iss: issuer.url, sub: subject, aud: [audience])
            ).isAllowed
        }.sorted()
        guard !missing.isEmpty else { return .success(nil) }
        let grant = TrustStatement.webIdentity(provider: provider, issuer: issuer, audience: audience, subjects: missing)
        let after: TrustPolicy
        if let existing = policy.statements.first(where: { isSameShape($0, provider: provider) }) {
            after = policy.replacing(existing, with: existing.mergingSubjects(missing))
        } else {
            after = policy.adding([grant])
        }
        switch TrustEdit(role: role, before: policy, after: after).fitting(quota: quota) {
        case .failure(let finding):
            return .failure(finding)
        case .success(let edit):
            try edit.checkAccess(granted: [grant], revoked: [])
            return .success(edit)
        }
    }

    private func isSameShape(_ statement: TrustStatement, provider: ARN) -> Bool {
        guard let shape = statement.webIdentityShape else { return false }
        return shape.provider == provider.description && shape.issuer == issuer.hostAndPath
            && shape.audiences == [audience] && shape.subjectOperator == "StringEquals"
            && (shape.audienceOperator ?? "StringEquals") == "StringEquals"
    }
}
