import MigrationCore

/// The role and restart operations of the in-memory gateway.
extension InMemoryGateway {
    public func role(_ arn: String) async throws -> RoleState? {
        guard let trust = try await trustPolicy(role: arn) else { return nil }
        return RoleState(
            trustPolicy: trust, tags: roleTags[arn] ?? [:], attachedPolicyARNs: attachedPolicies[arn] ?? [],
            inlinePolicies: inlinePolicies[arn] ?? [:])
    }

    public func createRole(_ arn: String, path: String, trustPolicy: String, permissionsBoundary: String?, tags: [String: String])
        async throws
    {
        try await recordWrite("create-role", arn) {
            guard roles[arn] == nil else { throw GatewayError.conflict(target: arn, detail: "exists") }
            roles[arn] = trustPolicy
            roleTags[arn] = tags
        }
    }

    public func deleteRole(_ arn: String) async throws {
        try await recordWrite("delete-role", arn) {
            guard (attachedPolicies[arn] ?? []).isEmpty, (inlinePolicies[arn] ?? [:]).isEmpty else {
                throw GatewayError.conflict(target: arn, detail: "DeleteConflict: the role has policies")
            }
            roles[arn] = nil
            roleTags[arn] = nil
        }
    }

    public func attachRolePolicy(role arn: String, policyARN: String) async throws {
        try await recordWrite("attach-policy", arn) {
            guard roles[arn] != nil else { throw GatewayError.notFound(target: arn) }
            if !(attachedPolicies[arn] ?? []).contains(policyARN) { attachedPolicies[arn, default: []].append(policyARN) }
        }
    }

    public func detachRolePolicy(role arn: String, policyARN: String) async throws {
        try await recordWrite("detach-policy", arn) { attachedPolicies[arn]?.removeAll { $0 == policyARN } }
    }

    public func putRolePolicy(role arn: String, name: String, document: String) async throws {
        try await recordWrite("put-policy", arn) {
            guard roles[arn] != nil else { throw GatewayError.notFound(target: arn) }
            inlinePolicies[arn, default: [:]][name] = document
        }
    }

    public func deleteRolePolicy(role arn: String, name: String) async throws {
        try await recordWrite("delete-policy", arn) { inlinePolicies[arn]?[name] = nil }
    }

    public func podTemplateAnnotation(_ workload: ObjectRef, key: String) async throws -> TemplateAnnotation? {
        guard let identity = workloads[workload] else { return nil }
        return TemplateAnnotation(
            serviceAccountName: identity.effectiveServiceAccount, value: templateAnnotations[workload]?[key])
    }

    public func setPodTemplateAnnotation(_ workload: ObjectRef, key: String, value: String) async throws {
        try await recordWrite("restart-workload", workload.description) {
            guard workloads[workload] != nil else { throw GatewayError.notFound(target: workload.description) }
            templateAnnotations[workload, default: [:]][key] = value
        }
    }

    public func set(attached policies: [String], role arn: String) { attachedPolicies[arn] = policies }
    public func set(inline policies: [String: String], role arn: String) { inlinePolicies[arn] = policies }
}
