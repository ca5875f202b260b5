/// `create-role`: a role for IRSA with exactly the planned trust, boundary and tags (one tag
/// names the plan). Rollback deletes it only while it still carries this plan's tag, its trust
/// is as created, and no policy is left on it (the policy steps are undone first).
public struct RoleCreation: StepPayloadCoding {
    public var path: String
    public var trustPolicy: JSONValue
    public var permissionsBoundary: String?
    public var tags: [String: String]

    /// The tag whose value is the id of the plan that created the role.
    public static let planTag = "irsa-migrate/plan"

    public init(path: String = "/", trustPolicy: JSONValue, permissionsBoundary: String?, tags: [String: String]) {
        self.path = path
        self.trustPolicy = trustPolicy
        self.permissionsBoundary = permissionsBoundary
        self.tags = tags
    }

    struct Forward: Codable {
        var path: String
        var trustPolicy: JSONValue
        var permissionsBoundary: String?
        var tags: [String: String]

        private enum CodingKeys: String, CodingKey { case path, trustPolicy, permissionsBoundary, tags }

        init(path: String, trustPolicy: JSONValue, permissionsBoundary: String?, tags: [String: String]) {
            self.path = path
            self.trustPolicy = trustPolicy
            self.permissionsBoundary = permissionsBoundary
            self.tags = tags
        }

        /// No boundary is written as `null`, so every create-role step shows the same keys.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(path, forKey: .path)
            try container.encode(trustPolicy, forKey: .trustPolicy)
            try container.encode(permissionsBoundary, forKey: .permissionsBoundary)
            try container.encode(tags, forKey: .tags)
        }
    }

    /// Written for readers of the plan document; the rule it states is fixed.
    struct Inverse: Codable {
        var delete = true
        var onlyIfTagged = RoleCreation.planTag
        var onlyIfUnchanged = true
    }

    var forward: Forward {
        Forward(path: path, trustPolicy: trustPolicy, permissionsBoundary: permissionsBoundary, tags: tags)
    }
    var inverse: Inverse? { Inverse() }

    init(forward: Forward, inverse: Inverse?) {
        self.init(
            path: forward.path, trustPolicy: forward.trustPolicy, permissionsBoundary: forward.permissionsBoundary,
            tags: forward.tags)
    }
    static var inverseFollowsFromForward: Bool { true }
}

/// `attach-role-policy` (a new role gets these managed policies) and `detach-role-policy`
/// (cleanup takes them off the node role). The inverse is the same list the other way.
public struct RolePolicyAttachment: Codable, StepPayloadCoding {
    typealias Forward = RolePolicyAttachment
    public var policyARNs: [String]

    public init(policyARNs: [String]) {
        self.policyARNs = policyARNs.sorted()
    }

    var inverse: RolePolicyAttachment? { self }
    init(forward: RolePolicyAttachment, inverse: RolePolicyAttachment?) { self = forward }
    static var inverseFollowsFromForward: Bool { true }
}

/// `put-role-policy`: inline policies written to a new role as they are. Rollback deletes each
/// one whose document is still the planned one.
public struct InlinePolicyPut: StepPayloadCoding {
    /// Document by policy name.
    public var policies: [String: JSONValue]

    public init(policies: [String: JSONValue]) {
        self.policies = policies
    }

    struct Forward: Codable { var policies: [String: JSONValue] }
    struct Inverse: Codable { var delete: [String] }

    var forward: Forward { Forward(policies: policies) }
    var inverse: Inverse? { Inverse(delete: policies.keys.sorted()) }
    init(forward: Forward, inverse: Inverse?) { self.init(policies: forward.policies) }
    static var inverseFollowsFromForward: Bool { true }
}

/// `delete-role-policy`: cleanup removes these inline policies from the node role. The
/// documents as planned are the inverse: rollback puts them back.
public struct InlinePolicyDeletion: StepPayloadCoding {
    public var previous: [String: JSONValue]

    public init(previous: [String: JSONValue]) {
        self.previous = previous
    }

    struct Forward: Codable { var delete: [String] }
    struct Inverse: Codable { var policies: [String: JSONValue] }

    var forward: Forward { Forward(delete: previous.keys.sorted()) }
    var inverse: Inverse? { Inverse(policies: previous) }

    init(forward: Forward, inverse: Inverse?) throws {
        guard let inverse, Set(inverse.policies.keys) == Set(forward.delete) else {
            throw PlanFormatError("a delete-role-policy step must record the document of every policy it deletes")
        }
        self.init(previous: inverse.policies)
    }
}

/// `restart-workload`: set the pod-template annotation `kubectl rollout restart` sets, so new
/// pods are created and the webhook injects IRSA for their (now annotated) service account.
/// Rollback restarts the workload again, last, so that its new pods drop IRSA.
public struct WorkloadRestart: StepPayloadCoding {
    public static let annotation = "kubectl.kubernetes.io/restartedAt"
    /// Appended to `restartedAt` by the rollback's restart: a new value, so a new rollout.
    public static let rollbackSuffix = "-rollback"
    /// The value written: the plan's creation time, so running the step again changes nothing.
    public var restartedAt: String
    /// The service account the workload runs as (the one the plan annotated).
    public var serviceAccountName: String

    public init(restartedAt: String, serviceAccountName: String) {
        self.restartedAt = restartedAt
        self.serviceAccountName = serviceAccountName
    }

    struct Forward: Codable {
        var annotations: [String: String]
        var serviceAccountName: String
    }

    var forward: Forward {
        Forward(annotations: [Self.annotation: restartedAt], serviceAccountName: serviceAccountName)
    }
    var inverse: NoInverse? { nil }

    init(forward: Forward, inverse: NoInverse?) throws {
        guard let value = forward.annotations[Self.annotation] else {
            throw PlanFormatError("a restart-workload step must set \(Self.annotation)")
        }
        self.init(restartedAt: value, serviceAccountName: forward.serviceAccountName)
    }
}
