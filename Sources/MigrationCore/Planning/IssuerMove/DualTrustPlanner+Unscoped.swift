/// Old-issuer statements without a `:sub` condition (`:aud` only, or no condition: a form
/// documented for cross-account roles). irsa-migrate never writes such a statement, and
/// leaving it out breaks every workload using the role at the switch, so its copy is scoped.
extension DualTrustPlanner {
    /// Every Kubernetes service account token's subject, and nothing else.
    static let anyServiceAccount = "system:serviceaccount:*:*"

    /// `copy` (an unscoped statement rewritten for the new issuer) with a `:sub` condition:
    /// by default the service accounts annotated with the role, exactly; with
    /// `--copy-unscoped` every service account of the cluster (the access the old statement
    /// gives the cluster's tokens, no more). Nil, with an error, when there is nobody to scope it to.
    func scopedCopy(_ copy: TrustStatement, role: IAMRole, findings: inout [Finding]) -> TrustStatement? {
        let old = options.from.hostAndPath
        let key = options.to.hostAndPath + ":sub"
        if options.copyUnscoped {
            findings.append(
                Finding(
                    .warning, "unscoped-trust-copied", subject: role.arn,
                    "a statement trusts \(old) without a :sub condition: copied for \(options.to.hostAndPath) with StringLike \(key) \(Self.anyServiceAccount) (--copy-unscoped), so every service account of the cluster can assume the role through the new issuer, as through the old one; scope it to the service accounts that use the role when you can"
                ))
            return copy.addingCondition(operator: "StringLike", key: key, values: [Self.anyServiceAccount])
        }
        let subjects = annotatedSubjects[role.arn] ?? []
        guard !subjects.isEmpty else {
            findings.append(
                Finding(
                    .error, "trust-without-subject", subject: role.arn,
                    "a statement trusts \(old) without a :sub condition and no service account in the inventory is annotated with the role: not copied, so whatever uses it loses access at the switch; annotate the service accounts that use the role (\(Annotations.irsaRoleARN)) or scope the statement by hand, or re-plan with --copy-unscoped to let every service account of the cluster assume it through the new issuer"
                ))
            return nil
        }
        let named = subjects.compactMap(IssuerMoveStepBuilder.serviceAccount(fromSubject:)).map(\.description)
        findings.append(
            Finding(
                .warning, "unscoped-trust-scoped", subject: role.arn,
                "a statement trusts \(old) without a :sub condition: its copy for \(options.to.hostAndPath) is scoped to the \(named.count.counted("service account")) annotated with the role (\(named.joined(separator: ", "))), and nothing else keeps access through the new issuer; re-plan with --copy-unscoped to let every service account of the cluster assume it"
            ))
        return copy.addingCondition(operator: "StringEquals", key: key, values: subjects)
    }
}

extension TrustStatement {
    /// A copy with `key` set to `values` under `operator` (the block is added when missing,
    /// found ignoring case otherwise). Narrows the statement: conditions are ANDed.
    func addingCondition(operator name: String, key: String, values: [String]) -> TrustStatement {
        let condition = raw.member(caseInsensitive: "Condition") ?? .object([])
        let block = condition.member(caseInsensitive: name) ?? .object([])
        let edited = condition.setting(caseInsensitive: name, to: block.setting(key, to: .stringOrArray(values.sorted())))
        return TrustStatement(edited: raw.setting(caseInsensitive: "Condition", to: edited), orKeep: self)
    }
}
