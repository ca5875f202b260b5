import Foundation
import MigrationCore

/// Roles through `aws iam`, restarts through a `kubectl patch` of the pod template.
extension LiveTargetGateway {
    public func role(_ arn: String) async throws -> RoleState? {
        try await aws(for: arn).roleState(name: try Self.roleName(arn))
    }

    public func createRole(_ arn: String, path: String, trustPolicy: String, permissionsBoundary: String?, tags: [String: String])
        async throws
    {
        try await aws(for: arn).createRole(
            name: try Self.roleName(arn), path: path, trustPolicy: trustPolicy, permissionsBoundary: permissionsBoundary,
            tags: tags)
    }

    public func deleteRole(_ arn: String) async throws {
        try await aws(for: arn).deleteRole(name: try Self.roleName(arn))
    }

    public func attachRolePolicy(role arn: String, policyARN: String) async throws {
        try await aws(for: arn).changeRolePolicy("attach-role-policy", name: try Self.roleName(arn), policyARN: policyARN)
    }

    public func detachRolePolicy(role arn: String, policyARN: String) async throws {
        try await aws(for: arn).changeRolePolicy("detach-role-policy", name: try Self.roleName(arn), policyARN: policyARN)
    }

    public func putRolePolicy(role arn: String, name: String, document: String) async throws {
        try await aws(for: arn).putRolePolicy(name: try Self.roleName(arn), policyName: name, document: document)
    }

    public func deleteRolePolicy(role arn: String, name: String) async throws {
        try await aws(for: arn).deleteRolePolicy(name: try Self.roleName(arn), policyName: name)
    }

    public func podTemplateAnnotation(_ workload: ObjectRef, key: String) async throws -> TemplateAnnotation? {
        guard let object = try await object(workload) else { return nil }
        let template = PodTemplateJSON(object, kind: workload.kind)
        return TemplateAnnotation(
            serviceAccountName: template.identity.effectiveServiceAccount, value: template.annotations[key])
    }

    /// A merge patch of the template's annotation: what `kubectl rollout restart` does.
    public func setPodTemplateAnnotation(_ workload: ObjectRef, key: String, value: String) async throws {
        let patch = JSONValue.object([
            "spec": .object(["template": .object(["metadata": .object(["annotations": .object([.init(key, .string(value))])])])])
        ])
        _ = try await kubectl.mergePatch(workload, patch)
    }

    static func roleName(_ arn: String) throws(GatewayError) -> String {
        guard let name = ARN(arn)?.roleName else { throw GatewayError.notFound(target: arn) }
        return name
    }
}
