/// What `aws iam get-account-authorization-details --filter Role LocalManagedPolicy` says
/// about roles and customer managed policies, read narrowly: only what `plan instance-role`
/// needs to copy a node role's policies and to check the ones a map names.
public struct AuthorizationDetails: Sendable, Equatable {
    public var roles: [RoleDetail]
    /// Customer managed policies (AWS managed ones are not listed by that filter).
    public var policies: [ManagedPolicy]

    /// The snapshot file that holds them.
    public static let file = "iam-authorization-details.json"

    public init(roles: [RoleDetail] = [], policies: [ManagedPolicy] = []) {
        self.roles = roles
        self.policies = policies
    }

    public func role(_ arn: String) -> RoleDetail? { roles.first { $0.arn == arn } }
    public func role(named name: String) -> RoleDetail? { roles.first { $0.name == name } }
    public func policy(_ arn: String) -> ManagedPolicy? { policies.first { $0.arn == arn } }
}

/// One role with its trust, permissions and instance profiles.
public struct RoleDetail: Sendable, Equatable {
    public var arn: String
    public var name: String
    public var path: String
    /// The trust policy as JSON text (URL-decoded); nil when the source had none.
    public var trustPolicyText: String?
    public var attachedPolicies: [AttachedPolicy]
    public var inlinePolicies: [InlinePolicy]
    /// ARNs of the instance profiles that hold the role (a node role has at least one).
    public var instanceProfiles: [String]
    public var tags: [String: String]

    public init(
        arn: String, name: String, path: String = "/", trustPolicyText: String?, attachedPolicies: [AttachedPolicy] = [],
        inlinePolicies: [InlinePolicy] = [], instanceProfiles: [String] = [], tags: [String: String] = [:]
    ) {
        self.arn = arn
        self.name = name
        self.path = path
        self.trustPolicyText = trustPolicyText
        self.attachedPolicies = attachedPolicies
        self.inlinePolicies = inlinePolicies
        self.instanceProfiles = instanceProfiles
        self.tags = tags
    }
}

public struct AttachedPolicy: Sendable, Equatable, Hashable {
    public var name: String
    public var arn: String

    public init(name: String, arn: String) {
        self.name = name
        self.arn = arn
    }
}

/// A role's inline policy: its name and document (URL-decoded JSON text, as IAM stores it).
public struct InlinePolicy: Sendable, Equatable, Hashable {
    public var name: String
    public var document: String

    public init(name: String, document: String) {
        self.name = name
        self.document = document
    }
}

public struct ManagedPolicy: Sendable, Equatable {
    public var arn: String
    public var name: String
    /// The default version's document, when the source had it.
    public var document: String?

    public init(arn: String, name: String, document: String? = nil) {
        self.arn = arn
        self.name = name
        self.document = document
    }
}
