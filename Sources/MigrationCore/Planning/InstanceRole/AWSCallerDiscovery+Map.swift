extension AWSCallerDiscovery {
    /// One warning per discovered workload: what shows it calls AWS, and what to copy.
    func findings(_ callers: [Caller]) -> [Finding] {
        callers.map { caller in
            let policies =
                caller.relatedPolicies.isEmpty
                ? "no node-role policy looks related: find the permissions it needs"
                : "node-role policies that look related: \(caller.relatedPolicies.joined(separator: ", "))"
            return Finding(
                .warning, "aws-caller-discovered", subject: caller.workload.ref.description,
                "looks like it calls AWS (\(caller.reasons.joined(separator: ", "))) with neither IRSA nor a kiam role, so through the node role today; \(policies). Review the entry --write-map FILE writes for it, then re-plan with --service-accounts FILE"
            )
        }
    }

    /// A map in eksctl's `serviceAccounts` form for review: the workload's own service account,
    /// or a `workload` entry (a dedicated account) when it runs as `default` or shares its
    /// account with another workload. `detachFromNodeRole` stays false: the reviewer decides.
    func starterMap(_ callers: [Caller]) -> JSONValue {
        let entries = callers.map { caller -> JSONValue in
            let workload = caller.workload
            let account = workload.template.effectiveServiceAccount
            let sharers = inventory.workloads.filter {
                $0.ref.namespace == workload.ref.namespace && $0.template.effectiveServiceAccount == account
            }
            let who: JSONValue.Member =
                account == "default" || sharers.count > 1
                ? JSONValue.Member("workload", .string(workload.ref.description))
                : JSONValue.Member("metadata", .object(["name": .string(account), "namespace": .string(workload.ref.namespace)]))
            return .object([
                who, JSONValue.Member("copyFromNodeRole", .strings(caller.relatedPolicies)),
                JSONValue.Member("detachFromNodeRole", .bool(false)),
            ])
        }
        return .object(["serviceAccounts": .array(entries)])
    }
}

extension InstanceRolePlanner {
    /// The starter map `--write-map FILE` writes: the discovered workloads and their related
    /// node-role policies (of the named node roles, else of the candidate node roles).
    public static func starterMap(_ inventory: Inventory, nodeRoles arns: [String]) -> String {
        let discovery = AWSCallerDiscovery(inventory: inventory, nodeRoles: discoveryNodeRoles(inventory, arns))
        return discovery.starterMap(discovery.callers()).serialized(.pretty) + "\n"
    }

    static func discoveryNodeRoles(_ inventory: Inventory, _ arns: [String]) -> [RoleDetail] {
        guard let details = inventory.authorizationDetails else { return [] }
        return arns.isEmpty ? NodeRoles.candidates(in: details) : arns.compactMap { details.role($0) }
    }
}
