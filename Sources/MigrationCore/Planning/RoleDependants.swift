/// Who relies on each role whose trust a plan changes, read from the inventory: the service
/// accounts annotated with it (`eks.amazonaws.com/role-arn`) and the workloads that run as
/// them, and (kiam-to-irsa) the workloads that name it in the agent's pod annotation. The
/// report lists them beside the role, so a reviewer sees whom a trust edit touches.
enum RoleDependants {
    /// Object references (`serviceaccount/NS/NAME`, `deployment/NS/NAME`, agent users as
    /// `deployment/NS/NAME via KEY`) by role ARN, each list sorted; roles nobody depends on are left out.
    static func of(
        roles: Set<String>, in inventory: Inventory, agentUsers: [String: [ObjectRef]] = [:], agentKey: String = ""
    ) -> [String: [String]] {
        var accountsByRole: [String: Set<ObjectRef>] = [:]
        for account in inventory.serviceAccounts {
            guard let arn = account.annotations[Annotations.irsaRoleARN], roles.contains(arn) else { continue }
            accountsByRole[arn, default: []].insert(account.ref)
        }
        let rolesByAccount = accountsByRole.reduce(into: [ObjectRef: [String]]()) { result, entry in
            for account in entry.value { result[account, default: []].append(entry.key) }
        }
        var dependants = accountsByRole.mapValues { Set($0.map(\.description)) }
        for workload in inventory.workloads {
            let account = ObjectRef.serviceAccount(workload.ref.namespace, workload.template.effectiveServiceAccount)
            for role in rolesByAccount[account] ?? [] { dependants[role, default: []].insert(workload.ref.description) }
        }
        for (role, users) in agentUsers where roles.contains(role) {
            dependants[role, default: []].formUnion(users.map { "\($0) via \(agentKey)" })
        }
        return dependants.mapValues { $0.sorted() }
    }
}
