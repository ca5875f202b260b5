/// `verify-workload` / `verify-assume-role`: what the check proves: tokens of the issuer
/// for the subject, with the audience, may assume the role (and, for a workload, its pods
/// carry IRSA for it).
public struct IdentityCheck: Codable, StepPayloadCoding {
    typealias Forward = IdentityCheck
    typealias Inverse = NoInverse
    public var roleARN: String
    /// The account to mint a token for; nil when the plan names no exact subject.
    public var serviceAccount: ObjectRef?
    public var audience: String
    /// The issuer URL tokens must carry as `iss`.
    public var issuer: String
    /// `system:serviceaccount:NS:NAME`; nil when there is none.
    public var subject: String?
    /// `plan instance-role`: the role's policies as planned, read back by verify; nil otherwise.
    public var permissions: RolePermissions?

    public init(
        roleARN: String, serviceAccount: ObjectRef?, audience: String, issuer: String, subject: String?,
        permissions: RolePermissions? = nil
    ) {
        self.roleARN = roleARN
        self.serviceAccount = serviceAccount
        self.audience = audience
        self.issuer = issuer
        self.subject = subject
        self.permissions = permissions
    }

    private enum CodingKeys: String, CodingKey { case roleARN, serviceAccount, audience, issuer, subject, permissions }

    /// Absent values are written as `null`, so every check shows the same keys (permissions,
    /// which only instance-role checks have, is left out when absent).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(roleARN, forKey: .roleARN)
        try container.encode(serviceAccount, forKey: .serviceAccount)
        try container.encode(audience, forKey: .audience)
        try container.encode(issuer, forKey: .issuer)
        try container.encode(subject, forKey: .subject)
        try container.encodeIfPresent(permissions, forKey: .permissions)
    }
}
