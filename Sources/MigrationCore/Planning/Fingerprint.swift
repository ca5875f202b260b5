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
