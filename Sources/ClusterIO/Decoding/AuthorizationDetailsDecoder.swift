import Foundation
import MigrationCore

/// Reads `aws iam get-account-authorization-details --filter Role LocalManagedPolicy` (one
/// document per account or page, one after another) into roles with their permissions and
/// customer managed policies. Documents go through the order-preserving parser: inline
/// policies are copied to new roles as they are. The first role or policy seen wins when an
/// ARN repeats.
public enum AuthorizationDetailsDecoder {
    public static let file = AuthorizationDetails.file

    public static func decode(_ data: Data, source: String = file) throws(DecodeError) -> AuthorizationDetails {
        let pieces = JSONDocumentSplitter.split([UInt8](data))
        var roles: [String: RoleDetail] = [:]
        var policies: [String: ManagedPolicy] = [:]
        for (number, piece) in (pieces.isEmpty ? [[]] : pieces).enumerated() {
            let context = pieces.count > 1 ? "document \(number + 1): " : ""
            let document: JSONValue
            do {
                document = try JSONValue(parsing: Array(piece))
            } catch {
                throw DecodeError(source: source, message: "\(context)not valid JSON: \(error)")
            }
            guard let roleList = document["RoleDetailList"]?.arrayValue else {
                throw DecodeError(
                    source: source,
                    message:
                        "\(context)expected an object with a \"RoleDetailList\" array, as 'aws iam get-account-authorization-details --filter Role LocalManagedPolicy --output json' prints"
                )
            }
            for (index, element) in roleList.enumerated() {
                let role = try makeRole(element, source: source, context: "\(context)RoleDetailList[\(index)]")
                if roles[role.arn] == nil { roles[role.arn] = role }
            }
            for (index, element) in (document["Policies"]?.arrayValue ?? []).enumerated() {
                guard let arn = element["Arn"]?.stringValue else {
                    throw DecodeError(source: source, message: "\(context)Policies[\(index)] has no \"Arn\" string")
                }
                if policies[arn] == nil {
                    policies[arn] = ManagedPolicy(
                        arn: arn, name: element["PolicyName"]?.stringValue ?? "", document: defaultDocument(element))
                }
            }
        }
        return AuthorizationDetails(
            roles: roles.values.sorted { $0.arn < $1.arn }, policies: policies.values.sorted { $0.arn < $1.arn })
    }

    private static func makeRole(_ element: JSONValue, source: String, context: String) throws(DecodeError) -> RoleDetail {
        guard let arn = element["Arn"]?.stringValue, !arn.isEmpty else {
            throw DecodeError(source: source, message: "\(context) has no \"Arn\" string")
        }
        var attached: [AttachedPolicy] = []
        for (index, policy) in (element["AttachedManagedPolicies"]?.arrayValue ?? []).enumerated() {
            guard let policyARN = policy["PolicyArn"]?.stringValue else {
                throw DecodeError(
                    source: source, message: "\(context).AttachedManagedPolicies[\(index)] has no \"PolicyArn\" string")
            }
            attached.append(AttachedPolicy(name: policy["PolicyName"]?.stringValue ?? "", arn: policyARN))
        }
        var inline: [InlinePolicy] = []
        for (index, policy) in (element["RolePolicyList"]?.arrayValue ?? []).enumerated() {
            guard let name = policy["PolicyName"]?.stringValue, let document = documentText(policy["PolicyDocument"]) else {
                throw DecodeError(
                    source: source, message: "\(context).RolePolicyList[\(index)] needs a \"PolicyName\" and a \"PolicyDocument\""
                )
            }
            inline.append(InlinePolicy(name: name, document: document))
        }
        var tags: [String: String] = [:]
        for tag in element["Tags"]?.arrayValue ?? [] {
            if let key = tag["Key"]?.stringValue { tags[key] = tag["Value"]?.stringValue ?? "" }
        }
        return RoleDetail(
            arn: arn, name: element["RoleName"]?.stringValue ?? ARN(arn)?.roleName ?? "",
            path: element["Path"]?.stringValue ?? "/",
            trustPolicyText: IAMRolesDecoder.trustPolicyText(element["AssumeRolePolicyDocument"]),
            attachedPolicies: attached, inlinePolicies: inline,
            instanceProfiles: (element["InstanceProfileList"]?.arrayValue ?? []).compactMap { $0["Arn"]?.stringValue },
            tags: tags)
    }

    private static func defaultDocument(_ policy: JSONValue) -> String? {
        let versions = policy["PolicyVersionList"]?.arrayValue ?? []
        let current = versions.first { $0["IsDefaultVersion"] == .bool(true) } ?? versions.first
        return documentText(current?["Document"])
    }

    /// Policy documents come as objects (the CLI decodes them) or percent-encoded text (the raw API).
    private static func documentText(_ value: JSONValue?) -> String? {
        IAMRolesDecoder.trustPolicyText(value)
    }
}
