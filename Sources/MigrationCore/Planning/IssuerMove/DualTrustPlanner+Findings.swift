/// The findings of `DualTrustPlanner`: statements it cannot copy, and statements that name
/// the old issuer in a way the move cannot follow, so that none is skipped silently.
extension DualTrustPlanner {
    /// The new-issuer copy of an old-issuer Allow statement (its old provider's part), or
    /// nil when it cannot be copied safely (the finding says why). A statement without a
    /// `:sub` condition is copied only scoped (see `scopedCopy`).
    func copy(
        of statement: TrustStatement, role: IAMRole, newProvider: ARN, oldProvider: ARN, findings: inout [Finding]
    ) -> TrustStatement? {
        let foreign = statement.conditionIssuers.subtracting([options.from.hostAndPath])
        if !foreign.isEmpty {
            findings.append(
                Finding(
                    .error, "issuer-mismatch", subject: role.arn,
                    "a statement trusts the provider for \(options.from.hostAndPath) but its conditions name \(foreign.sorted().joined(separator: ", ")): it never matched a token; fix it by hand, then re-plan"
                ))
            return nil
        }
        // A statement that also names other providers stays as it is until cleanup, which
        // then keeps it without the old provider; only the old provider's part is copied.
        let matching = statement.splittingFederated(provider: oldProvider.description)?.matching ?? statement
        let copy = matching.rewritingIssuer(from: options.from, to: options.to, newProvider: newProvider)
        if statement.hasSubjectCondition(forIssuer: options.from) { return copy }
        return scopedCopy(copy, role: role, findings: &findings)
    }

    /// A document that does not parse breaks at the switch if it trusts the old issuer;
    /// its text is all there is to tell, so look for the issuer's host in it.
    func unparseableFinding(_ role: IAMRole, error: TrustPolicyError) -> Finding? {
        let text = TrustPolicy.percentDecodedIfNeeded(role.trustPolicyText ?? "").lowercased()
        guard text.contains(String(options.from.host).lowercased()) else { return nil }
        return Finding(
            .error, "trust-policy-unparseable", subject: role.arn,
            "the trust policy cannot be read (\(error)) and mentions \(options.from.host): it will stop working at the switch; fix it in IAM, then re-plan"
        )
    }

    /// Allow statements that name the old issuer but that the move does not copy: the
    /// provider is in another account than the role or spelled otherwise, or the condition
    /// keys name the old issuer under another principal.
    func unseenFindings(_ policy: TrustPolicy, role: IAMRole, oldProvider: ARN) -> [Finding] {
        let oldIssuer = options.from.hostAndPath.lowercased()
        var findings: [Finding] = []
        for statement in policy.statements where statement.effect == .allow {
            guard !statement.federatedProviders.contains(oldProvider.description) else { continue }
            let foreignProviders = statement.federatedProviders.filter {
                ARN($0)?.oidcProviderIssuer.map { ConditionKey.normalisedIssuer($0).lowercased() } == oldIssuer
            }
            if let provider = foreignProviders.first, ARN(provider)?.account == oldProvider.account {
                findings.append(
                    Finding(
                        .warning, "issuer-mismatch", subject: role.arn,
                        "a statement trusts \(provider), which is spelled otherwise than the role's provider for \(options.from.hostAndPath) (\(oldProvider)): principals compare exactly, so it is not copied; write it as \(oldProvider) if it is meant to trust that issuer, then re-plan"
                    ))
            } else if let provider = foreignProviders.first {
                findings.append(
                    Finding(
                        .warning, "provider-in-other-account", subject: role.arn,
                        "a statement trusts \(provider), a provider for \(options.from.hostAndPath) in another account than the role's: STS never accepts it, so it is not copied; point it at the role's own account's provider if it is meant to work, then re-plan"
                    ))
            } else if statement.conditionIssuers.contains(options.from.hostAndPath) {
                findings.append(
                    Finding(
                        .warning, "issuer-mismatch", subject: role.arn,
                        "a statement's conditions name \(options.from.hostAndPath) but its principal is not the role's provider for it: left as it is"
                    ))
            }
        }
        return findings
    }
}
