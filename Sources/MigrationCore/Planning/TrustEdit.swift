/// A planned change to one role's trust policy: the documents before and after, and the
/// statements the change adds and removes (what `apply` writes and `rollback` undoes).
public struct TrustEdit: Sendable {
    public var role: IAMRole
    public var before: TrustPolicy
    public var after: TrustPolicy
    public var added: [TrustStatement]
    public var removed: [TrustStatement]

    init(role: IAMRole, before: TrustPolicy, after: TrustPolicy) {
        self.role = role
        self.before = before
        self.after = after
        added = after.statements.filter { statement in !before.statements.contains { $0.isEquivalent(to: statement) } }
        removed = before.statements.filter { statement in !after.statements.contains { $0.isEquivalent(to: statement) } }
    }

    var isEmpty: Bool { added.isEmpty && removed.isEmpty }

    /// Fits the quota, compacting web-identity statements first; else the finding to report.
    func fitting(quota: Int) -> Result<TrustEdit, Finding> {
        if after.minifiedSize <= quota { return .success(self) }
        let compacted = after.compactingWebIdentity()
        if compacted.minifiedSize <= quota { return .success(TrustEdit(role: role, before: before, after: compacted)) }
        return .failure(
            Finding(
                .error, "trust-policy-too-large", subject: role.arn,
                "the trust policy would be \(compacted.minifiedSize) characters after the change (\(before.minifiedSize) now, quota \(quota)), even with subjects merged: raise the ACLSizePerRole quota and re-plan with --trust-policy-quota, or remove statements that are no longer used"
            ))
    }

    /// The access check: what the role allows after the edit must equal what it allowed
    /// before plus `granted` minus `revoked`, grant for grant. Anything else is a planner bug.
    func checkAccess(granted: [TrustStatement], revoked: [TrustStatement]) throws(PlanningError) {
        let before = before.accessGrants()
        let after = after.accessGrants()
        let grants = Set(granted.flatMap { $0.accessGrants() })
        let revokes = Set(revoked.flatMap { $0.accessGrants() })
        let expected = before.subtracting(revokes).union(grants)
        guard after == expected else {
            let unexpected = after.subtracting(expected).sorted().map(\.description)
            let missing = expected.subtracting(after).sorted().map(\.description)
            throw .accessCheckFailed(role: role.arn, unexpected: unexpected, missing: missing)
        }
    }
}

extension TrustEdit {
    /// The step that makes this edit on the role: `add-trust-statements` in prepare,
    /// `remove-trust-statements` in cleanup (with the issuer move's gate, if any).
    func step(role: ARN, phase: Phase, summary: String, dependsOn: [String], gate: CleanupGate? = nil) -> Step {
        let edit = TrustStatementEdit(add: added.map(\.raw), remove: removed.map(\.raw), gate: gate)
        return Step(
            phase: phase, target: .arn(role), summary: summary, dependsOn: dependsOn,
            fingerprint: Fingerprint.of(before.json),
            payload: phase == .cleanup ? .removeTrustStatements(edit) : .addTrustStatements(edit))
    }
}
