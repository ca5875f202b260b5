/// For one role: which statements trust the old issuer, their copies for the new one, and
/// the findings for statements that cannot be copied safely.
struct DualTrustPlanner {
    let options: IssuerMoveOptions

    struct RoleResult {
        var role: IAMRole
        /// Nil when the role's ARN cannot be read: nothing is planned for it.
        var roleARN: ARN?
        var oldProvider: ARN?
        var newProvider: ARN?
        /// The document after prepare (dual trust), if prepare changes it.
        var prepare: TrustEdit?
        /// Old-issuer statements with a new-issuer twin after prepare: what cleanup removes,
        /// and for a statement that also names other providers, what it keeps of it.
        var cleanup: [(remove: TrustStatement, keep: TrustStatement?, revoked: TrustStatement)] = []
        var copies = 0
        var policyAfterPrepare: TrustPolicy?
        var findings: [Finding] = []
        /// Prepare leaves the role as it is: it already trusts the new issuer.
        var alreadyTrustsNewIssuer = false
        var isBlocked = false
        /// `system:serviceaccount:NS:SA` subjects the old-issuer statements name exactly.
        var exactSubjects: [String] = []
    }

    func plan(_ role: IAMRole) throws(PlanningError) -> RoleResult {
        var result = RoleResult(role: role)
        guard let arn = ARN(role.arn) else { return result }
        result.roleARN = arn
        let oldProvider = ARN.oidcProvider(partition: arn.partition, account: arn.account, issuer: options.from)
        let newProvider = ARN.oidcProvider(partition: arn.partition, account: arn.account, issuer: options.to)
        let policy: TrustPolicy
        do {
            policy = try TrustPolicy(parsing: role.trustPolicyText ?? "")
        } catch {
            if role.trustPolicyText?.contains(options.from.hostAndPath) ?? false {
                result.oldProvider = oldProvider
                result.isBlocked = true
                result.findings.append(
                    Finding(
                        .error, "trust-policy-unparseable", subject: role.arn,
                        "the trust policy cannot be read (\(error)): fix it in IAM, then re-plan"))
            }
            return result
        }
        let trusting = policy.statements.filter { $0.federatedProviders.contains(oldProvider.description) }
        result.findings += mismatchFindings(policy, role: role, oldProvider: oldProvider)
        guard !trusting.isEmpty else { return result }
        result.oldProvider = oldProvider
        result.newProvider = newProvider

        var copies: [TrustStatement] = []
        for statement in trusting {
            guard isCopyable(statement, role: role, findings: &result.findings) else { continue }
            // A statement that also names other providers stays as it is until cleanup, which
            // then keeps it without the old provider; only the old provider's part is copied.
            let split = statement.splittingFederated(provider: oldProvider.description)
            let matching = split?.matching ?? statement
            let copy = matching.rewritingIssuer(from: options.from, to: options.to, newProvider: newProvider)
            result.exactSubjects += exactSubjects(of: matching)
            if !policy.contains(equivalentTo: copy) && !copies.contains(where: { $0.isEquivalent(to: copy) }) {
                copies.append(copy)
            }
            result.cleanup.append((statement, split?.rest, matching))
        }
        if result.cleanup.isEmpty {
            result.isBlocked = true
            return result
        }
        result.copies = copies.count
        let after = policy.adding(copies)
        result.policyAfterPrepare = after
        let edit = TrustEdit(role: role, before: policy, after: after)
        guard !edit.isEmpty else {
            result.alreadyTrustsNewIssuer = true
            return result
        }
        switch edit.fitting(quota: options.trustPolicyQuota) {
        case .failure(let finding):
            result.findings.append(finding)
            result.isBlocked = true
            result.cleanup = []
            result.policyAfterPrepare = nil
        case .success(let fitted):
            try fitted.checkAccess(granted: copies, revoked: [])
            result.prepare = fitted
            result.policyAfterPrepare = fitted.after
        }
        return result
    }

    private func exactSubjects(of statement: TrustStatement) -> [String] {
        let key = (options.from.hostAndPath + ":sub").lowercased()
        return statement.conditions.filter { $0.key.lowercased() == key && $0.operator == "StringEquals" }.flatMap(\.values)
    }

    /// Copy only statements scoped to subjects of the old issuer's own keys.
    private func isCopyable(_ statement: TrustStatement, role: IAMRole, findings: inout [Finding]) -> Bool {
        let foreign = statement.conditionIssuers.subtracting([options.from.hostAndPath])
        if !foreign.isEmpty {
            findings.append(
                Finding(
                    .error, "issuer-mismatch", subject: role.arn,
                    "a statement trusts the provider for \(options.from.hostAndPath) but its conditions name \(foreign.sorted().joined(separator: ", ")): it never matched a token; fix it by hand, then re-plan"
                ))
            return false
        }
        // irsa-migrate never writes a web-identity statement without a :sub condition.
        if !statement.hasSubjectCondition(forIssuer: options.from) {
            findings.append(
                Finding(
                    .error, "trust-without-subject", subject: role.arn,
                    "a statement trusts \(options.from.hostAndPath) without a :sub condition, so any service account of the cluster can assume the role: not copied; scope it to the service accounts that use the role, then re-plan"
                ))
            return false
        }
        return true
    }

    /// Statements whose condition keys name the old issuer under another principal.
    private func mismatchFindings(_ policy: TrustPolicy, role: IAMRole, oldProvider: ARN) -> [Finding] {
        policy.statements.filter { statement in
            statement.conditionIssuers.contains(options.from.hostAndPath)
                && !statement.federatedProviders.contains(oldProvider.description)
                && !statement.federatedProviders.isEmpty
        }.map { _ in
            Finding(
                .warning, "issuer-mismatch", subject: role.arn,
                "a statement's conditions name \(options.from.hostAndPath) but its principal is another provider: left as it is")
        }
    }
}
