/// Digests of the parts of a target a step reads, taken at plan time and again before the
/// step runs: a different digest means someone changed the target since it was planned.
/// The executor computes them from live objects with these same functions.
public enum Fingerprint {
    public static func of(_ value: JSONValue) -> String {
        "sha256:" + SHA256.hex(value.serialized(.canonical))
    }

    /// The IRSA annotations of a service account, or its absence.
    public static func serviceAccount(_ account: ServiceAccount?) -> String {
        guard let account else { return of(.object(["exists": .bool(false)])) }
        return of(
            .object([
                "exists": .bool(true),
                "roleARN": account.annotations[Annotations.irsaRoleARN].map(JSONValue.string) ?? .null,
                "audience": account.annotations[Annotations.irsaAudience].map(JSONValue.string) ?? .null,
            ]))
    }

    /// The service account and role annotation (`roleKey`) of a workload's pod template.
    public static func podTemplate(_ template: PodTemplate, roleKey: String = Annotations.kiamRole) -> String {
        of(
            .object([
                "serviceAccountName": .string(template.effectiveServiceAccount),
                "kiamRole": template.annotations[roleKey].map(JSONValue.string) ?? .null,
            ]))
    }

    /// The values of the namespace annotations a cleanup step removes (null when absent).
    public static func namespaceAnnotations(_ keys: [String], in annotations: [String: String]) -> String {
        of(.object(keys.map { .init($0, annotations[$0].map(JSONValue.string) ?? .null) }))
    }
}

extension Fingerprint {
    /// Whether a role exists: a create-role step is stale once a role of that name appeared.
    public static func roleExists(_ exists: Bool) -> String { of(.object(["exists": .bool(exists)])) }

    /// Which of `policyARNs` the role has attached.
    public static func attachedPolicies(_ policyARNs: [String], attached: [String]) -> String {
        of(.strings(policyARNs.filter(Set(attached).contains).sorted()))
    }

    /// The documents of the named inline policies (null when absent), compared as JSON.
    public static func inlinePolicies(_ names: [String], documents: [String: String]) -> String {
        of(.object(names.sorted().map { .init($0, documents[$0].flatMap { try? JSONValue(parsing: $0) } ?? .null) }))
    }

    /// The service account a workload runs as: a restart is stale once it changed.
    public static func restartTarget(serviceAccount: String) -> String {
        of(.object(["serviceAccountName": .string(serviceAccount)]))
    }

    /// Two JSON documents with the same meaning up to key order.
    static func sameDocument(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool { of(lhs) == of(rhs) }
}
