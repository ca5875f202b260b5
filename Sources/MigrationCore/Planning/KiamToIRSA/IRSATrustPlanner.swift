/// Plans the trust statements that let each role's new service accounts assume it.
struct IRSATrustPlanner: Sendable {
    let issuer: IssuerURL
    let audience: String
    let quota: Int

    typealias Edit = (result: Result<TrustEdit?, Finding>, denied: [String: String])

    /// The edit for `role` so that every subject can assume it through the issuer (nil when
    /// the trust policy already allows all of them), and a finding per subject it cannot
    /// serve: a subject that a Deny of the role refuses would lose AWS access at cutover,
    /// so it is left on kiam instead of being given an Allow the Deny cancels.
    ///
    /// Missing subjects are merged into an existing statement of the same shape (provider,
    /// issuer, audience) when there is one, else added as one new statement.
    func edit(role: IAMRole, policy: TrustPolicy, provider: ARN, subjects: [String]) -> Edit {
        var denied: [String: String] = [:]
        var missing: [String] = []
        for subject in Set(subjects).sorted() {
            let evaluation = policy.allowsWebIdentity(provider: provider.description, claims: claims(subject))
            switch evaluation.decision {
            case .allowed: continue
            case .explicitlyDenied: denied[subject] = Self.statementName(evaluation)
            case .implicitlyDenied: missing.append(subject)
            }
        }
        guard !missing.isEmpty else { return (.success(nil), denied) }
        let grant = TrustStatement.webIdentity(provider: provider, issuer: issuer, audience: audience, subjects: missing)
        let after: TrustPolicy
        if let existing = policy.statements.first(where: { isSameShape($0, provider: provider) }) {
            after = policy.replacing(existing, with: existing.mergingSubjects(missing))
        } else {
            after = policy.adding([grant])
        }
        switch TrustEdit(role: role, before: policy, after: after).fitting(quota: quota) {
        case .failure(let finding):
            return (.failure(finding), denied)
        case .success(let edit):
            let planned = Set(missing.map { AccessProbe(provider: provider.description, subject: $0, audience: audience) })
            let expectation = AccessExpectation(
                mayGain: { planned.contains($0) }, mustAllow: planned.sorted(), providers: [provider.description],
                subjects: missing, audiences: [audience])
            if let finding = edit.checkAccess(granted: [grant], revoked: [], expectation: expectation) {
                return (.failure(finding), denied)
            }
            return (.success(edit), denied)
        }
    }

    private func claims(_ subject: String) -> TokenClaims {
        TokenClaims(iss: issuer.url, sub: subject, aud: [audience])
    }

    private static func statementName(_ evaluation: Evaluation) -> String {
        evaluation.statementIndex.map { "statement \($0 + 1)" + (evaluation.statementSid.map { " (\($0))" } ?? "") }
            ?? "a Deny statement"
    }

    /// The finding for a workload whose subject a Deny of its role refuses.
    func deniedFinding(workload: ObjectRef, role: IAMRole, subject: String, statement: String) -> Finding {
        Finding(
            .error, "trust-denies-subject", subject: workload.description,
            "\(statement) of role \(role.name) denies \(subject) for \(issuer.hostAndPath): an Allow would not help and the workload would lose AWS access at cutover, so it stays on kiam; narrow the Deny or use another role, then re-plan"
        )
    }

    private func isSameShape(_ statement: TrustStatement, provider: ARN) -> Bool {
        guard let shape = statement.webIdentityShape else { return false }
        return shape.provider == provider.description && shape.issuer == issuer.hostAndPath
            && shape.audiences == [audience] && shape.subjectOperator == "StringEquals"
            && (shape.audienceOperator ?? "StringEquals") == "StringEquals"
    }
}
