/// The IAM role writes and reads `plan instance-role` steps make: a role's permissions, and the
/// pod-template annotation a restart sets. Part of `TargetGateway`.
public protocol RoleGateway: Sendable {
    /// The role with its trust, tags and policies; nil when it does not exist.
    func role(_ arn: String) async throws -> RoleState?
    func createRole(_ arn: String, path: String, trustPolicy: String, permissionsBoundary: String?, tags: [String: String])
        async throws
    func deleteRole(_ arn: String) async throws
    func attachRolePolicy(role arn: String, policyARN: String) async throws
    func detachRolePolicy(role arn: String, policyARN: String) async throws
    func putRolePolicy(role arn: String, name: String, document: String) async throws
    func deleteRolePolicy(role arn: String, name: String) async throws

    /// A pod-template annotation and the template's service account; nil when the workload does not exist.
    func podTemplateAnnotation(_ workload: ObjectRef, key: String) async throws -> TemplateAnnotation?
    func setPodTemplateAnnotation(_ workload: ObjectRef, key: String, value: String) async throws
}

/// A role as a step reads it back.
public struct RoleState: Sendable, Equatable {
    public var trustPolicy: String
    public var tags: [String: String]
    public var attachedPolicyARNs: [String]
    /// Document text by inline policy name.
    public var inlinePolicies: [String: String]

    public init(
        trustPolicy: String, tags: [String: String] = [:], attachedPolicyARNs: [String] = [],
        inlinePolicies: [String: String] = [:]
    ) {
        self.trustPolicy = trustPolicy
        self.tags = tags
        self.attachedPolicyARNs = attachedPolicyARNs
        self.inlinePolicies = inlinePolicies
    }

    /// The inline policy's document parsed; nil when absent or not JSON.
    public func inlineDocument(_ name: String) -> JSONValue? {
        inlinePolicies[name].flatMap { try? JSONValue(parsing: $0) }
    }
}

public struct TemplateAnnotation: Sendable, Equatable {
    public var serviceAccountName: String
    public var value: String?

    public init(serviceAccountName: String, value: String?) {
        self.serviceAccountName = serviceAccountName
        self.value = value
    }
}
