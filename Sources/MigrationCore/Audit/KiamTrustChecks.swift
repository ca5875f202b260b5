/// Trust for a kiam server or kube2iam node role left on roles no kiam workload uses: any pod
/// kiam serves (or any pod on the node, for kube2iam) that asks for such a role still gets it.
struct KiamTrustChecks {
    let estate: AuditedEstate
    let lookup: KiamRoleLookup

    /// `--agent-role` values and roles whose name says kiam or kube2iam.
    var agents: Set<String> {
        let named = estate.roles.map(\.role).filter { role in
            let name = role.name.lowercased()
            return name.contains("kiam") || name.contains("kube2iam")
        }
        return Set(estate.options.agentRoles + named.map(\.arn))
    }

    func findings() -> [AuditFinding] {
        let agents = agents
        guard !agents.isEmpty else { return [] }
        let used = Set(
            estate.inventory.workloads.compactMap { $0.template.annotations[Annotations.kiamRole] }.flatMap(lookup.candidates))
        return estate.roles.flatMap { role -> [AuditFinding] in
            guard !agents.contains(role.role.arn), !used.contains(role.role.arn), let policy = role.policy else { return [] }
            return policy.statements.enumerated().compactMap { index, statement in
                guard statement.effect == .allow, statement.actions.covers("sts:AssumeRole"),
                    let agent = statement.principal?.values(of: .aws).first(where: agents.contains)
                else { return nil }
                return AuditFinding(
                    .warning, "kiam-trust-unused", subject: role.role.arn,
                    statement: StatementRef(index: index, sid: statement.sid),
                    "trusts the kiam/kube2iam agent \(agent), but no workload of the inventory uses this role through kiam: any pod the agent serves may still ask for it; remove the statement (irsa-migrate plan kiam-to-irsa --cleanup does it for migrated roles)"
                )
            }
        }
    }
}
