/// One map entry resolved against the inventory: the role to create for a service account,
/// exactly the permissions the map names, and the workloads that will get it.
struct RoleGrant {
    var account: ObjectRef
    var role: ARN
    var path: String
    var trustPolicy: TrustPolicy
    var permissionsBoundary: String?
    var tags: [String: String]
    /// Managed policies to attach: the map's `attachPolicyARNs` and those copied from the node role.
    var policyARNs: [String]
    /// Inline policies by name: the map's `attachPolicy` and those copied from the node role.
    var inlinePolicies: [String: JSONValue]
    /// The role exists already with this same trust: no create-role step.
    var roleExists: Bool
    /// Workloads that run as the account now.
    var users: [Workload]
    /// Node-role policies this grant copies: node role ARN -> managed ARNs and inline names.
    var copiedManaged: [String: [String]]
    var copiedInline: [String: [String]]
    /// What an existing role holds already: attached ARNs, inline documents by name.
    var heldPolicyARNs: Set<String> = []
    var heldInline: [String: JSONValue] = [:]
    var detachFromNodeRole: Bool
    var location: String
    /// For a `workload` entry: the workload switched to the new dedicated account.
    var dedicated: DedicatedAccount? = nil
    /// The account carries the role already (an earlier plan of this map was applied): no
    /// account step, and for a `workload` entry, whose workload runs as it, no switch.
    var accountDone = false

    /// The account a `workload` entry creates, and what the switch puts back on rollback.
    struct DedicatedAccount {
        var workload: Workload
        /// The pull secrets of the account the workload ran as, so its images still pull.
        var imagePullSecrets: [String]
    }

    /// The name of the inline policy made from the map's `attachPolicy`.
    static let attachPolicyName = "irsa-migrate-attach-policy"
}

/// IAM's limits a new role must fit (the defaults; quotas may be raised for managed policies).
enum IAMLimits {
    /// All inline policies of one role together, in characters without whitespace.
    static let inlinePolicyCharacters = 10_240
    /// Managed policies attached to one role (the default quota).
    static let managedPoliciesPerRole = 10
    static let roleNameLength = 64
}
