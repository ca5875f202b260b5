import MigrationCore

/// Applies a plan's forward payloads to an inventory in memory, the way `apply` changes the
/// cluster and IAM, so a test can plan again and check nothing is left to do.
public enum PlanApplier {
    public static func apply(_ plan: Plan, phases: Set<Phase>, to inventory: Inventory) throws -> Inventory {
        var result = inventory
        for step in plan.steps where phases.contains(step.phase) {
            switch step.action {
            case .addTrustStatements, .removeTrustStatements:
                try editTrust(step, &result)
            case .ensureOIDCProvider:
                var providers = result.oidcProviders ?? []
                providers.removeAll { $0.arn == step.target }
                providers.append(OIDCProvider(arn: step.target, clientIDs: step.forward["clientIDs"]?.stringList))
                result.oidcProviders = providers
            case .createServiceAccount, .annotateServiceAccount:
                annotate(step, &result)
            case .switchWorkload:
                switchWorkload(step, &result)
            default:
                continue
            }
        }
        return result
    }

    private static func editTrust(_ step: Step, _ inventory: inout Inventory) throws {
        guard let index = inventory.roles.firstIndex(where: { $0.arn == step.target }) else { return }
        let live = try TrustPolicy(parsing: inventory.roles[index].trustPolicyText ?? "")
        let removed = try (step.forward["remove"]?.arrayValue ?? []).map {
            try TrustPolicy(json: .object(["Statement": $0])).statements[0]
        }
        let added = try (step.forward["add"]?.arrayValue ?? []).map {
            try TrustPolicy(json: .object(["Statement": $0])).statements[0]
        }
        let edited = live.removing(removed).adding(added.filter { !live.removing(removed).contains(equivalentTo: $0) })
        inventory.roles[index].trustPolicyText = edited.json.serialized()
    }

    private static func annotate(_ step: Step, _ inventory: inout Inventory) {
        guard let ref = ObjectRef(parsing: step.target) else { return }
        let annotations = Dictionary(
            (step.forward["annotations"]?.members ?? []).compactMap { member in member.value.stringValue.map { (member.key, $0) }
            },
            uniquingKeysWith: { _, last in last })
        if let index = inventory.serviceAccounts.firstIndex(where: { $0.ref == ref }) {
            inventory.serviceAccounts[index].annotations.merge(annotations) { _, new in new }
        } else {
            inventory.serviceAccounts.append(ServiceAccount(namespace: ref.namespace, name: ref.name, annotations: annotations))
        }
    }

    private static func switchWorkload(_ step: Step, _ inventory: inout Inventory) {
        guard let index = inventory.workloads.firstIndex(where: { $0.ref.description == step.target }) else { return }
        for key in step.forward["removeAnnotations"]?.stringList ?? [] {
            inventory.workloads[index].template.annotations[key] = nil
        }
        if let account = step.forward["serviceAccountName"]?.stringValue {
            inventory.workloads[index].template.serviceAccountName = account
        }
    }
}
