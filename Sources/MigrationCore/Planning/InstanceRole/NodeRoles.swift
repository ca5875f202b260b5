/// The node role(s) whose permissions pods get today through the instance metadata service.
struct NodeRoles {
    let roles: [RoleDetail]

    /// Policies a node needs for itself: never removed from the node role.
    static let nodeOwnPolicyNames: Set<String> = [
        "AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly",
        "AmazonEC2ContainerRegistryPullOnly", "AmazonSSMManagedInstanceCore", "AmazonEKSWorkerNodeMinimalPolicy",
    ]

    static func isNodeOwn(_ policyARN: String) -> Bool {
        guard let arn = ARN(policyARN), arn.account == "aws" else { return false }
        return nodeOwnPolicyNames.contains(String(arn.resource.split(separator: "/").last ?? ""))
    }

    /// Roles that look like node roles: an instance profile, EC2 trust and the EKS worker policy.
    static func candidates(in details: AuthorizationDetails) -> [RoleDetail] {
        details.roles.filter { role in
            !role.instanceProfiles.isEmpty && trustsEC2(role)
                && role.attachedPolicies.contains { $0.name == "AmazonEKSWorkerNodePolicy" }
        }
    }

    private static func trustsEC2(_ role: RoleDetail) -> Bool {
        guard let text = role.trustPolicyText, let policy = try? JSONValue(parsing: text) else { return false }
        let statements = policy["Statement"].map { $0.arrayValue ?? [$0] } ?? []
        return statements.contains { $0["Principal"]?["Service"]?.stringList.contains("ec2.amazonaws.com") ?? false }
    }

    /// The node role policy a map names (a managed policy's name or ARN, or an inline policy's
    /// name), with the node role that has it.
    enum Match {
        case managed(nodeRole: String, policyARN: String)
        case inline(nodeRole: String, name: String, document: JSONValue)
    }

    /// The node roles that have a policy `nameOrARN` names, when they do not all have the
    /// same one (another managed policy, or an inline document that differs): which one the
    /// map means is not for the planner to pick. Empty when it is unambiguous.
    func conflicting(_ nameOrARN: String) -> [String] {
        var holders: [(role: String, policy: String)] = []
        for role in roles {
            if let attached = role.attachedPolicies.first(where: { $0.arn == nameOrARN || $0.name == nameOrARN }) {
                holders.append((role.arn, attached.arn))
            } else if let inline = role.inlinePolicies.first(where: { $0.name == nameOrARN }) {
                let document = (try? JSONValue(parsing: inline.document)).map { $0.serialized(.canonical) }
                holders.append((role.arn, "inline " + (document ?? inline.document)))
            }
        }
        return Set(holders.map(\.policy)).count > 1 ? holders.map(\.role) : []
    }

    func find(_ nameOrARN: String) -> Match? {
        for role in roles {
            if let attached = role.attachedPolicies.first(where: { $0.arn == nameOrARN || $0.name == nameOrARN }) {
                return .managed(nodeRole: role.arn, policyARN: attached.arn)
            }
            if let inline = role.inlinePolicies.first(where: { $0.name == nameOrARN }),
                let document = try? JSONValue(parsing: inline.document)
            {
                return .inline(nodeRole: role.arn, name: inline.name, document: document)
            }
        }
        return nil
    }
}
