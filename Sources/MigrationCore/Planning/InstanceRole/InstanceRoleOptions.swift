/// Options of `plan instance-role`.
public struct InstanceRoleOptions: Sendable, Equatable {
    public var issuer: IssuerURL
    public var audience: String
    public var trustPolicyQuota: Int
    /// The node role(s) whose policies the map copies, sorted: a plan does not depend on the
    /// order they were given in, as its id does not. Empty: candidates are proposed, nothing planned.
    public var nodeRoles: [String]
    /// Plan the opt-in cleanup phase (detach the moved policies from the node role).
    public var cleanup: Bool
    /// `sha256:` of the map file (`ServiceAccountMap.digest`); nil without a map.
    public var mapDigest: String?

    public init(
        issuer: IssuerURL, audience: String = Annotations.defaultAudience,
        trustPolicyQuota: Int = PlanOptions.defaultTrustPolicyQuota, nodeRoles: [String] = [], cleanup: Bool = false,
        mapDigest: String? = nil
    ) {
        self.issuer = issuer
        self.audience = audience
        self.trustPolicyQuota = trustPolicyQuota
        self.nodeRoles = Array(Set(nodeRoles)).sorted()
        self.cleanup = cleanup
        self.mapDigest = mapDigest
    }

    var recorded: [String: String] {
        var recorded = [
            "issuer": issuer.url, "audience": audience, "trustPolicyQuota": String(trustPolicyQuota), "cleanup": String(cleanup),
        ]
        if !nodeRoles.isEmpty { recorded["nodeRoles"] = nodeRoles.joined(separator: ",") }
        if let mapDigest { recorded["serviceAccountsMap"] = mapDigest }
        return recorded
    }

    init(recorded values: [String: String]) throws(PlanFormatError) {
        let recorded = RecordedOptions(values: values)
        self.init(
            issuer: try recorded.issuer("issuer"), audience: try recorded.text("audience"),
            trustPolicyQuota: try recorded.integer("trustPolicyQuota"),
            nodeRoles: values["nodeRoles"].map { $0.split(separator: ",").map(String.init) } ?? [],
            cleanup: try recorded.flag("cleanup"), mapDigest: values["serviceAccountsMap"])
    }
}
