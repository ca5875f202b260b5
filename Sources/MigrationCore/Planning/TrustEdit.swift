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
        // Sets of canonical forms: the same test as `isEquivalent(to:)`, linear in statements.
        let beforeForms = Set(before.statements.map(\.canonicalText))
        let afterForms = Set(after.statements.map(\.canonicalText))
        added = after.statements.filter { !beforeForms.contains($0.canonicalText) }
        removed = before.statements.filter { !afterForms.contains($0.canonicalText) }
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

    /// The access check, twice. Structurally: what the role allows after the edit equals
    /// what it allowed before plus `granted` minus `revoked`, grant for grant. By evaluation,
    /// Deny included: every probe request (see `AccessProbe`) is allowed after the edit
    /// exactly when it was before, except those `expectation` lets it gain or lose, and every
    /// request it must allow is allowed. A failure is this role's finding: the role is left
    /// out and the rest of the plan goes on.
    func checkAccess(granted: [TrustStatement], revoked: [TrustStatement], expectation: AccessExpectation = .init())
        -> Finding?
    {
        let beforeGrants = before.accessGrants()
        let expected = beforeGrants.subtracting(revoked.flatMap { $0.accessGrants() }).union(
            granted.flatMap { $0.accessGrants() })
        let afterGrants = after.accessGrants()
        var unexpected = afterGrants.subtracting(expected).sorted().map(\.description)
        var missing = expected.subtracting(afterGrants).sorted().map(\.description)
        let probes = AccessProbe.probes(
            for: [before, after], providers: expectation.providers, subjects: expectation.subjects,
            audiences: expectation.audiences)
        // Decisions in probe order; the planned probes' after the others'.
        let allowedBefore = before.decisions(probes)
        let allowedAfter = after.decisions(probes + expectation.mustAllow)
        for (index, probe) in probes.enumerated() {
            let (was, now) = (allowedBefore[index], allowedAfter[index])
            if now && !was && !expectation.mayGain(probe) { unexpected.append("a token for \(probe)") }
            if was && !now && !expectation.mayLose(probe) { missing.append("a token for \(probe)") }
        }
        for (offset, probe) in expectation.mustAllow.enumerated() where !allowedAfter[probes.count + offset] {
            missing.append("a token for \(probe) (planned)")
        }
        guard !unexpected.isEmpty || !missing.isEmpty else { return nil }
        var parts: [String] = []
        if !unexpected.isEmpty { parts.append("it would also allow \(unexpected.joined(separator: "; "))") }
        if !missing.isEmpty { parts.append("it would no longer allow \(missing.joined(separator: "; "))") }
        return Finding(
            .error, "access-check-failed", subject: role.arn,
            "the planned change to role \(role.name) does not keep its access as intended: \(parts.joined(separator: " and ")); the role is left out: check its Deny statements and conditions, change it by hand, then re-plan"
        )
    }
}

/// What an edit is meant to change in who may assume a role (see `TrustEdit.checkAccess`).
struct AccessExpectation {
    /// Requests that may be allowed after the edit though they were not before.
    var mayGain: (AccessProbe) -> Bool = { _ in false }
    /// Requests that may be refused after the edit though they were allowed before.
    var mayLose: (AccessProbe) -> Bool = { _ in false }
    /// Requests the edit exists for: they must be allowed after it.
    var mustAllow: [AccessProbe] = []
    /// Extra probe values beyond those the documents name.
    var providers: [String] = []
    var subjects: [String] = []
    var audiences: [String] = []
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
