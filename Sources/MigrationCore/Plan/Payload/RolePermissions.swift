/// The permissions a role of `plan instance-role` holds once prepared, carried by its
/// verify-assume-role check: verify reads the role back and compares, so a policy lost or
/// added between prepare and verify is a failed check rather than a silent difference.
public struct RolePermissions: Codable, Equatable, Sendable {
    public var attachedPolicyARNs: [String]
    /// Inline policy documents by name.
    public var inlinePolicies: [String: JSONValue]
    /// A role the plan creates holds exactly these; a reused role may hold more of its own.
    public var exact: Bool

    public init(attachedPolicyARNs: [String], inlinePolicies: [String: JSONValue], exact: Bool) {
        self.attachedPolicyARNs = attachedPolicyARNs.sorted()
        self.inlinePolicies = inlinePolicies
        self.exact = exact
    }

    /// What the live role lacks or has beyond the plan, one phrase each; empty when as planned.
    public func differences(from live: RoleState) -> [String] {
        let attached = Set(live.attachedPolicyARNs)
        var found = attachedPolicyARNs.filter { !attached.contains($0) }.map { "\($0) is not attached" }
        for (name, document) in inlinePolicies.sorted(by: { $0.key < $1.key }) {
            guard let liveDocument = live.inlineDocument(name) else {
                found.append("inline policy \(name) is missing")
                continue
            }
            if !Fingerprint.sameDocument(liveDocument, document) { found.append("inline policy \(name) differs from the plan") }
        }
        guard exact else { return found }
        found += attached.subtracting(attachedPolicyARNs).sorted().map { "\($0) is attached but not planned" }
        found += Set(live.inlinePolicies.keys).subtracting(inlinePolicies.keys).sorted().map {
            "inline policy \($0) is not planned"
        }
        return found
    }
}
