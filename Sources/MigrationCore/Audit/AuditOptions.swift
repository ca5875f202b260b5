/// What `irsa-migrate audit` is told beyond the inventory.
public struct AuditOptions: Sendable, Equatable {
    /// The issuers the audited cluster(s) use now. Empty: unknown, so the issuer-usage checks
    /// are skipped and the access map covers every issuer some role trusts.
    public var issuers: [IssuerURL]
    /// kiam `--role-base-arn` / kube2iam `--base-role-arn`, to resolve bare role names.
    public var roleBaseARN: String?
    /// Roles taken to be kiam servers or kube2iam node roles, beside those the audit infers.
    public var agentRoles: [String]
    /// The audience pods' tokens carry when their service account has no
    /// `eks.amazonaws.com/audience` annotation: the pod identity webhook's default.
    public var audience: String

    public init(
        issuers: [IssuerURL] = [], roleBaseARN: String? = nil, agentRoles: [String] = [],
        audience: String = Annotations.defaultAudience
    ) {
        self.issuers = issuers
        self.roleBaseARN = roleBaseARN
        self.agentRoles = agentRoles
        self.audience = audience
    }
}
