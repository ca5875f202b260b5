/// `sha256:` of a canonical form of everything a planner reads from an inventory, so a
/// plan records exactly which input it was made from (and two equal inputs agree).
enum InventoryDigest {
    static func digest(_ inventory: Inventory) -> String {
        let namespaces = inventory.namespaces.map { namespace -> JSONValue in
            .object(["name": .string(namespace.name), "annotations": strings(namespace.annotations)])
        }
        let accounts = inventory.serviceAccounts.map { account -> JSONValue in
            .object([
                "ref": .string(account.ref.description), "annotations": strings(account.annotations),
                "labels": strings(account.labels), "imagePullSecrets": .strings(account.imagePullSecrets),
            ])
        }
        let workloads = inventory.workloads.map { workload -> JSONValue in
            var members: [JSONValue.Member] = [
                .init("ref", .string(workload.ref.description)), .init("labels", strings(workload.labels)),
                .init("annotations", strings(workload.annotations)),
                .init("templateAnnotations", strings(workload.template.annotations)),
                .init("serviceAccount", .string(workload.template.effectiveServiceAccount)),
                .init("hostNetwork", .bool(workload.template.hostNetwork)),
                .init("env", .strings(workload.template.containers.flatMap(\.envNames).sorted())),
            ]
            // Read for warnings; recorded only when set, so digests of other inventories stay as they were.
            if workload.rolloutPaused { members.append(.init("paused", .bool(true))) }
            if let strategy = workload.updateStrategy { members.append(.init("updateStrategy", .string(strategy))) }
            if let owner = workload.unknownController { members.append(.init("unknownController", .string(owner))) }
            let envFrom = workload.template.containers.flatMap(\.envFrom)
            if !envFrom.isEmpty { members.append(.init("envFrom", .strings(envFrom.sorted()))) }
            // An agent's image and flags decide the rules; other workloads' do not matter.
            if AgentRules.isAgent(workload) {
                members.append(.init("agent", .strings(workload.template.containers.flatMap { [$0.image] + $0.arguments })))
            }
            return .object(members)
        }
        let roles = inventory.roles.map { role -> JSONValue in
            .object(["arn": .string(role.arn), "trust": role.trustPolicyText.map(JSONValue.string) ?? .null])
        }
        let providers = inventory.oidcProviders.map { providers -> JSONValue in
            .array(
                providers.map { provider in
                    .object([
                        "arn": .string(provider.arn), "url": provider.url.map(JSONValue.string) ?? .null,
                        "clientIDs": provider.clientIDs.map { .strings($0.sorted()) } ?? .null,
                    ])
                }.sorted { $0.serialized() < $1.serialized() })
        }
        var document: JSONValue = .object([
            "namespaces": sorted(namespaces), "serviceAccounts": sorted(accounts), "workloads": sorted(workloads),
            "roles": sorted(roles), "oidcProviders": providers ?? .null,
        ])
        // Recorded only when present, so digests of inventories without it stay as they were.
        if let details = inventory.authorizationDetails {
            document = document.setting("authorizationDetails", to: digestable(details))
        }
        return Fingerprint.of(document)
    }

    private static func digestable(_ details: AuthorizationDetails) -> JSONValue {
        let roles = details.roles.map { role -> JSONValue in
            .object([
                "arn": .string(role.arn), "trust": role.trustPolicyText.map(JSONValue.string) ?? .null,
                "attached": .strings(role.attachedPolicies.map(\.arn).sorted()),
                "inline": .object(role.inlinePolicies.sorted { $0.name < $1.name }.map { .init($0.name, .string($0.document)) }),
                "instanceProfiles": .strings(role.instanceProfiles.sorted()), "tags": strings(role.tags),
            ])
        }
        let policies = details.policies.map { policy -> JSONValue in
            .object(["arn": .string(policy.arn), "document": policy.document.map(JSONValue.string) ?? .null])
        }
        return .object(["roles": sorted(roles), "policies": sorted(policies)])
    }

    private static func strings(_ dictionary: [String: String]) -> JSONValue {
        .object(dictionary.keys.sorted().map { JSONValue.Member($0, .string(dictionary[$0] ?? "")) })
    }

    /// The values in the order of their canonical text, as that text: the writer copies a
    /// number's literal as it is, so the digested document holds each element's text once
    /// instead of serializing every element a second time (a twentieth of a large plan).
    private static func sorted(_ values: [JSONValue]) -> JSONValue {
        .number("[" + values.map { $0.serialized(.canonical) }.sorted().joined(separator: ",") + "]")
    }
}
