/// For one role: which statements trust the old issuer, their copies for the new one, and
/// the findings for statements that cannot be copied safely.
struct DualTrustPlanner: Sendable {
    let options: IssuerMoveOptions
    /// `system:serviceaccount:NS:SA` subjects of the service accounts annotated with each
    /// role (`eks.amazonaws.com/role-arn`), by role ARN: who an unscoped statement is scoped to.
    var annotatedSubjects: [String: [String]] = [:]
    /// `eks.amazonaws.com/audience` values of the service accounts annotated with each role.
    var annotatedAudiences: [String: Set<String>] = [:]

    struct RoleResult {
        var role: IAMRole
        /// Nil when the role's ARN cannot be read: nothing is planned for it.
        var roleARN: ARN?
        var oldProvider: ARN?
        var newProvider: ARN?
        /// The document as read, when it parses.
        var policy: TrustPolicy?
        /// The document after prepare (dual trust), if prepare changes it.
        var prepare: TrustEdit?
        /// Old-issuer Allow statements with a new-issuer twin after prepare: what cleanup
        /// removes, and for a statement that also names other providers, what it keeps of it.
        var cleanup: [(remove: TrustStatement, keep: TrustStatement?, revoked: TrustStatement)] = []
        var copies = 0
        var policyAfterPrepare: TrustPolicy?
        var findings: [Finding] = []
        /// Prepare leaves the role as it is: it already trusts the new issuer.
        var alreadyTrustsNewIssuer = false
        var isBlocked = false
        /// The audience of the role's new-issuer tokens (see `audience(of:role:partition:findings:)`).
        var audience: String?
        /// `system:serviceaccount:NS:SA` subjects the old-issuer statements name exactly.
        var exactSubjects: [String] = []
    }

    func plan(_ role: IAMRole) -> RoleResult {
        var result = RoleResult(role: role)
        guard let arn = ARN(role.arn) else { return result }
        result.roleARN = arn
        let oldProvider = ARN.oidcProvider(partition: arn.partition, account: arn.account, issuer: options.from)
        let newProvider = ARN.oidcProvider(partition: arn.partition, account: arn.account, issuer: options.to)
        let policy: TrustPolicy
        do {
            policy = try TrustPolicy(parsing: role.trustPolicyText ?? "")
        } catch {
            if let finding = unparseableFinding(role, error: error) {
                result.oldProvider = oldProvider
                result.isBlocked = true
                result.findings.append(finding)
            }
            return result
        }
        result.policy = policy
        let trusting = policy.statements.filter {
            $0.effect == .allow && $0.federatedProviders.contains(oldProvider.description)
        }
        result.findings += unseenFindings(policy, role: role, oldProvider: oldProvider)
        guard !trusting.isEmpty else {
            if let finding = unmovedDenyFinding(policy, role: role, oldProvider: oldProvider, newProvider: newProvider) {
                result.oldProvider = oldProvider
                result.isBlocked = true
                result.findings.append(finding)
            }
            return result
        }
        result.oldProvider = oldProvider
        result.newProvider = newProvider

        var copies: [TrustStatement] = []
        // Canonical forms already present or copied: a set keeps this linear in statements.
        var present = Set(policy.statements.map(\.canonicalText))
        func keep(_ copy: TrustStatement) {
            if present.insert(copy.canonicalText).inserted { copies.append(copy) }
        }
        var copiedAllow = false
        // Every Allow copy, also those already in the document: what the audience is read from.
        var allowCopies: [TrustStatement] = []
        // Each statement's copy (nil: not copyable), for cleanup to find its twin without copying it again.
        var knownCopies: [TrustStatement: TrustStatement?] = [:]
        for statement in trusting {
            let copy = copy(
                of: statement, role: role, newProvider: newProvider, oldProvider: oldProvider, findings: &result.findings)
            knownCopies[statement] = .some(copy)
            guard let copy else { continue }
            result.exactSubjects += exactSubjects(of: copy, issuer: options.to)
            allowCopies.append(copy)
            keep(copy)
            copiedAllow = true
        }
        guard copiedAllow else {
            result.isBlocked = true
            return result
        }
        // A Deny can only narrow: every Deny that names the old issuer applies to the new
        // issuer's tokens too, or they would get what it forbids today.
        for deny in policy.statements where deny.effect == .deny && names(deny, oldProvider: oldProvider) {
            keep(deny.rewritingIssuer(from: options.from, to: options.to, newProvider: newProvider))
        }
        guard let audience = audience(of: allowCopies, role: role, partition: arn.partition, findings: &result.findings) else {
            result.isBlocked = true
            return result
        }
        result.audience = audience
        result.copies = copies.count
        let edit = TrustEdit(role: role, before: policy, after: policy.adding(copies))
        guard !edit.isEmpty else {
            result.alreadyTrustsNewIssuer = true
            result.policyAfterPrepare = policy
            return planCleanup(&result, oldProvider: oldProvider, newProvider: newProvider, knownCopies: knownCopies)
        }
        switch edit.fitting(quota: options.trustPolicyQuota) {
        case .failure(let finding):
            result.findings.append(finding)
            result.isBlocked = true
        case .success(let fitted):
            let allowedBefore = policy.compiledAllows()
            let (old, new) = (oldProvider.description, newProvider.description)
            let oldIssuer = AccessProbe.issuer(of: old)
            let expectation = AccessExpectation(
                mayGain: { probe in probe.provider == new && allowedBefore(probe.through(old, issuer: oldIssuer)) },
                providers: [old, new])
            if let finding = fitted.checkAccess(granted: copies, revoked: [], expectation: expectation) {
                result.findings.append(finding)
                result.isBlocked = true
                return result
            }
            result.prepare = fitted
            result.policyAfterPrepare = fitted.after
            return planCleanup(&result, oldProvider: oldProvider, newProvider: newProvider, knownCopies: knownCopies)
        }
        return result
    }

    /// Cleanup removes the old-issuer Allow statements of the document after prepare that
    /// have a new-issuer twin there. Read from that document, not from the one before, since
    /// compaction may have merged statements; Deny statements always stay. `knownCopies` are
    /// the copies prepare made (the same function of the statement), so only a statement
    /// compaction made is copied again.
    private func planCleanup(
        _ result: inout RoleResult, oldProvider: ARN, newProvider: ARN, knownCopies: [TrustStatement: TrustStatement?]
    ) -> RoleResult {
        guard let after = result.policyAfterPrepare else { return result }
        var silent: [Finding] = []
        for statement in after.statements
        where statement.effect == .allow && statement.federatedProviders.contains(oldProvider.description) {
            let twin =
                knownCopies[statement]
                ?? copy(of: statement, role: result.role, newProvider: newProvider, oldProvider: oldProvider, findings: &silent)
            guard let twin, after.contains(equivalentTo: twin) || covered(twin, in: after) else { continue }
            // What the statement keeps for its other principals, unless it still requires an
            // old-issuer claim: then it can never match again and goes as a whole.
            let split = statement.splittingFederated(provider: oldProvider.description)
            if let split, !split.rest.requiresClaim(of: options.from) {
                result.cleanup.append((statement, split.rest, split.matching))
            } else {
                result.cleanup.append((statement, nil, statement))
            }
        }
        return result
    }

    /// Whether a simple-shape copy's subjects are all in one statement of the same shape
    /// (compaction may have merged several copies into one).
    private func covered(_ copy: TrustStatement, in policy: TrustPolicy) -> Bool {
        guard let shape = copy.webIdentityShape else { return false }
        return policy.statements.contains { other in
            guard let otherShape = other.webIdentityShape else { return false }
            return otherShape.provider == shape.provider && otherShape.audiences == shape.audiences
                && otherShape.subjectOperator.lowercased() == shape.subjectOperator.lowercased()
                && otherShape.audienceOperator?.lowercased() == shape.audienceOperator?.lowercased()
                && Set(shape.subjects).isSubset(of: otherShape.subjects)
        }
    }

    /// A role no Allow of which trusts the old issuer is not moved, but a Deny of it that names
    /// the old issuer stops applying at the switch: the new issuer's tokens (which it may
    /// already trust) would get what the Deny forbids today. Nil once its copy is in place.
    private func unmovedDenyFinding(_ policy: TrustPolicy, role: IAMRole, oldProvider: ARN, newProvider: ARN) -> Finding? {
        let missing = policy.statements.filter { deny in
            deny.effect == .deny && names(deny, oldProvider: oldProvider)
                && !policy.contains(
                    equivalentTo: deny.rewritingIssuer(from: options.from, to: options.to, newProvider: newProvider))
        }
        guard !missing.isEmpty else { return nil }
        return Finding(
            .error, "deny-not-moved", subject: role.arn,
            "\(missing.count == 1 ? "a Deny statement names" : "\(missing.count) Deny statements name") \(options.from.hostAndPath) but no Allow trusts it, so the move plans nothing for this role; after the switch the Deny no longer applies to tokens of \(options.to.hostAndPath), which would get what it forbids today: add the same Deny for \(options.to.hostAndPath) (or remove it if it is stale), then re-plan"
        )
    }

    /// Whether the statement names the old issuer: as its provider or in a condition key.
    private func names(_ statement: TrustStatement, oldProvider: ARN) -> Bool {
        statement.federatedProviders.contains(oldProvider.description)
            || statement.conditionIssuers.contains(options.from.hostAndPath)
    }

    private func exactSubjects(of statement: TrustStatement, issuer: IssuerURL) -> [String] {
        let key = (issuer.hostAndPath + ":sub").lowercased()
        return statement.conditions.filter { $0.key.lowercased() == key && $0.operator == "StringEquals" }.flatMap(\.values)
    }
}
