/// What a pod template says about the identity its pods get: the service account and the
/// kiam / kube2iam role annotation. The switch-workload step changes both in one patch.
public struct PodIdentity: Sendable, Equatable {
    /// Nil or empty means `default`.
    public var serviceAccountName: String?
    /// The `iam.amazonaws.com/role` annotation.
    public var kiamRole: String?

    public init(serviceAccountName: String?, kiamRole: String?) {
        self.serviceAccountName = serviceAccountName
        self.kiamRole = kiamRole
    }

    /// As the planner read it, so the fingerprint is computed by the same function.
    public var template: PodTemplate {
        PodTemplate(
            annotations: kiamRole.map { [Annotations.kiamRole: $0] } ?? [:], serviceAccountName: serviceAccountName)
    }

    public var effectiveServiceAccount: String { template.effectiveServiceAccount }
}
