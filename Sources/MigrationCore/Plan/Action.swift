/// What a step does (kebab-case in the plan document). The order of the cases is the order
/// actions run within a phase.
public enum Action: String, Codable, Sendable, CaseIterable {
    case ensureOIDCProvider = "ensure-oidc-provider"
    case createRole = "create-role"
    case attachRolePolicy = "attach-role-policy"
    case putRolePolicy = "put-role-policy"
    case addTrustStatements = "add-trust-statements"
    case removeTrustStatements = "remove-trust-statements"
    case createServiceAccount = "create-service-account"
    case annotateServiceAccount = "annotate-service-account"
    case switchWorkload = "switch-workload"
    case restartWorkload = "restart-workload"
    case verifyWorkload = "verify-workload"
    case verifyAssumeRole = "verify-assume-role"
    case removeNamespaceAnnotation = "remove-namespace-annotation"
    case detachRolePolicy = "detach-role-policy"
    case deleteRolePolicy = "delete-role-policy"
    case deleteOIDCProvider = "delete-oidc-provider"

    /// A check of the verify phase: it changes nothing, so it may run again once applied.
    public var isCheck: Bool { self == .verifyWorkload || self == .verifyAssumeRole }
}
