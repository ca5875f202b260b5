import MigrationCore

/// Applies a plan's forward payloads to an inventory in memory, the way `apply` changes the
/// cluster and IAM, so a test can plan again and check nothing is left to do.
public enum PlanApplier {
    public static func apply(_ plan: Plan, phases: Set<Phase>, to inventory: Inventory) throws -> Inventory {
        var result = inventory
        for step in plan.steps where phases.contains(step.phase) {
            switch step.payload {
            case .addTrustStatements(let edit), .removeTrustStatements(let edit):
                try editTrust(step, edit, &result)
            case .ensureOIDCProvider(let ensure):
                var providers = result.oidcProviders ?? []
                providers.removeAll { $0.arn == step.target.description }
                providers.append(OIDCProvider(arn: step.target.description, clientIDs: ensure.clientIDs))
                result.oidcProviders = providers
            case .createServiceAccount(let creation):
                annotate(step, creation.annotations, &result)
            case .annotateServiceAccount(let annotation):
                annotate(step, annotation.annotations, &result)
            case .switchWorkload(let change):
                switchWorkload(step, change, &result)
            default:
                continue
            }
        }
        return result
    }

    private static func editTrust(_ step: Step, _ edit: TrustStatementEdit, _ inventory: inout Inventory) throws {
        guard let index = inventory.roles.firstIndex(where: { $0.arn == step.target.description }) else { return }
        let live = try TrustPolicy(parsing: inventory.roles[index].trustPolicyText ?? "")
        let removed = try edit.remove.map { try TrustPolicy(json: .object(["Statement": $0])).statements[0] }
        let added = try edit.add.map { try TrustPolicy(json: .object(["Statement": $0])).statements[0] }
        let edited = live.removing(removed).adding(added.filter { !live.removing(removed).contains(equivalentTo: $0) })
        inventory.roles[index].trustPolicyText = edited.json.serialized()
    }

    private static func annotate(_ step: Step, _ annotations: [String: String], _ inventory: inout Inventory) {
        guard let ref = step.target.objectRef else { return }
        if let index = inventory.serviceAccounts.firstIndex(where: { $0.ref == ref }) {
            inventory.serviceAccounts[index].annotations.merge(annotations) { _, new in new }
        } else {
            inventory.serviceAccounts.append(ServiceAccount(namespace: ref.namespace, name: ref.name, annotations: annotations))
        }
    }

    private static func switchWorkload(_ step: Step, _ change: WorkloadSwitch, _ inventory: inout Inventory) {
        guard let index = inventory.workloads.firstIndex(where: { .object($0.ref) == step.target }) else { return }
        inventory.workloads[index].template.annotations[Annotations.kiamRole] = nil
        if let account = change.serviceAccount?.to {
            inventory.workloads[index].template.serviceAccountName = account
        }
    }
}
