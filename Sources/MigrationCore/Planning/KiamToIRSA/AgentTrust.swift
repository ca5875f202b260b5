/// Whether kiam or kube2iam can assume a role today: the agent calls `sts:AssumeRole` as an
/// AWS principal (kiam's server role, kube2iam's node role). A role whose trust allows no
/// such call gives its workloads nothing today, and moving them would grant what they never
/// had. Read generously, so only a role that plainly trusts no agent is held back: any Allow
/// of `sts:AssumeRole` to `*`, to an agent role (or to every AWS principal when the agents
/// are not named), to an account root, to a unique id, or through `NotPrincipal`, counts.
enum AgentTrust {
    static func admitsAgent(_ policy: TrustPolicy, agents: [String]) -> Bool {
        policy.statements.contains { statement in
            guard statement.effect == .allow, statement.actions.covers("sts:AssumeRole") else { return false }
            if statement.notPrincipal != nil { return true }
            switch statement.principal {
            case .wildcard?: return true
            case .entries?: return statement.principal?.values(of: .aws).contains { admits($0, agents: agents) } ?? false
            case nil: return false
            }
        }
    }

    private static func admits(_ value: String, agents: [String]) -> Bool {
        if agents.isEmpty || value == "*" { return true }
        // An account, a unique id or a session: which principal it stands for is not known here.
        if value.hasSuffix(":root") || value.allSatisfy(\.isNumber) || value.hasPrefix("AROA")
            || value.contains(":assumed-role/")
        {
            return true
        }
        return agents.contains(value)
    }

    static func finding(_ workload: KiamWorkload, roleKey: String, agents: [String]) -> Finding {
        let named =
            agents.isEmpty
            ? "no kiam or kube2iam agent" : "none of the agents given (--agent-role \(agents.joined(separator: ", ")))"
        let other = agents.isEmpty ? "" : "if a principal it trusts is an agent too, add it with --agent-role; "
        return Finding(
            .error, "role-does-not-trust-agent", subject: workload.workload.ref.description,
            "uses role \(workload.roleARN) through \(roleKey), but the role's trust lets \(named) assume it, so the workload gets nothing from it today and moving it would grant access it does not have: \(other)if it should have the role, trust the agent (or grant it by hand), then re-plan"
        )
    }
}
