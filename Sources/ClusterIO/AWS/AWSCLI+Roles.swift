import Foundation
import MigrationCore

/// The IAM role calls of `plan instance-role` steps. Policy documents travel as arguments and
/// are never put in error texts (`call` names the operation only).
extension AWSCLI {
    /// The role with its tags and policies; nil when it does not exist.
    public func roleState(name: String) async throws(AWSError) -> RoleState? {
        let role: JSONValue
        do {
            role = try json(try await call(["iam", "get-role", "--role-name", name], target: "role \(name)").stdout)
        } catch {
            guard case .noSuchEntity = error else { throw error }
            return nil
        }
        var tags: [String: String] = [:]
        for tag in role["Role"]?["Tags"]?.arrayValue ?? [] {
            if let key = tag["Key"]?.stringValue { tags[key] = tag["Value"]?.stringValue ?? "" }
        }
        let attached = try json(
            try await call(["iam", "list-attached-role-policies", "--role-name", name], target: "role \(name)").stdout)
        let names = try json(try await call(["iam", "list-role-policies", "--role-name", name], target: "role \(name)").stdout)
        var inline: [String: String] = [:]
        for policyName in names["PolicyNames"]?.stringList ?? [] {
            let policy = try json(
                try await call(
                    ["iam", "get-role-policy", "--role-name", name, "--policy-name", policyName], target: "role \(name)"
                ).stdout)
            inline[policyName] = IAMRolesDecoder.trustPolicyText(policy["PolicyDocument"]) ?? ""
        }
        return RoleState(
            trustPolicy: IAMRolesDecoder.trustPolicyText(role["Role"]?["AssumeRolePolicyDocument"]) ?? "", tags: tags,
            attachedPolicyARNs: (attached["AttachedPolicies"]?.arrayValue ?? []).compactMap { $0["PolicyArn"]?.stringValue },
            inlinePolicies: inline)
    }

    public func createRole(name: String, path: String, trustPolicy: String, permissionsBoundary: String?, tags: [String: String])
        async throws(AWSError)
    {
        var arguments = ["iam", "create-role", "--role-name", name, "--path", path, "--assume-role-policy-document", trustPolicy]
        if let permissionsBoundary { arguments += ["--permissions-boundary", permissionsBoundary] }
        if !tags.isEmpty {
            let list = JSONValue.array(
                tags.keys.sorted().map { .object(["Key": .string($0), "Value": .string(tags[$0] ?? "")]) })
            arguments += ["--tags", list.serialized(.minified)]
        }
        _ = try await call(arguments, target: "role \(name)")
    }

    public func deleteRole(name: String) async throws(AWSError) {
        _ = try await call(["iam", "delete-role", "--role-name", name], target: "role \(name)")
    }

    /// `attach-role-policy` or `detach-role-policy`.
    public func changeRolePolicy(_ operation: String, name: String, policyARN: String) async throws(AWSError) {
        _ = try await call(["iam", operation, "--role-name", name, "--policy-arn", policyARN], target: "role \(name)")
    }

    public func putRolePolicy(name: String, policyName: String, document: String) async throws(AWSError) {
        _ = try await call(
            ["iam", "put-role-policy", "--role-name", name, "--policy-name", policyName, "--policy-document", document],
            target: "role \(name)")
    }

    public func deleteRolePolicy(name: String, policyName: String) async throws(AWSError) {
        _ = try await call(
            ["iam", "delete-role-policy", "--role-name", name, "--policy-name", policyName], target: "role \(name)")
    }

    /// `get-account-authorization-details --filter Role LocalManagedPolicy`, pages merged by the CLI.
    public func authorizationDetailsJSON() async throws(AWSError) -> Data {
        try await call(
            ["iam", "get-account-authorization-details", "--filter", "Role", "LocalManagedPolicy"],
            target: "the account's roles and policies"
        ).stdout
    }

    /// `get-account-authorization-details --filter Role`: every role with its tags, which
    /// `list-roles` leaves out (one paged call per account instead of one per role).
    public func roleDetailsJSON() async throws(AWSError) -> Data {
        try await call(
            ["iam", "get-account-authorization-details", "--filter", "Role"], target: "the account's roles and their tags"
        ).stdout
    }

    private func json(_ data: Data) throws(AWSError) -> JSONValue {
        do {
            return try JSONValue(parsing: [UInt8](data))
        } catch {
            throw .failed(command: "\(options.path) iam", exitStatus: 0, detail: "the output is not JSON: \(error)")
        }
    }
}
