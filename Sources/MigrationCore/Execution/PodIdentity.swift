/// What a pod template says about the identity its pods get: the service account and the
/// kiam / kube2iam role annotation. The switch-workload step changes both in one patch.
public struct PodIdentity: Sendable, Equatable {
    /// Nil or empty means `default`.
    public var serviceAccountName: String?
    /// The value of the role annotation (`roleKey`).
    public var kiamRole: String?
    /// `iam.amazonaws.com/role`, or the key kube2iam reads (`--iam-role-key`).
    public var roleKey: String

    public init(serviceAccountName: String?, kiamRole: String?, roleKey: String = Annotations.kiamRole) {
        self.serviceAccountName = serviceAccountName
        self.kiamRole = kiamRole
        self.roleKey = roleKey
    }

    /// As the planner read it, so the fingerprint is computed by the same function.
    public var template: PodTemplate {
        PodTemplate(
            annotations: kiamRole.map { [roleKey: $0] } ?? [:], serviceAccountName: serviceAccountName)
    }

    public var effectiveServiceAccount: String { template.effectiveServiceAccount }
}
