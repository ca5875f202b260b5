/// Options of `plan kiam-to-irsa`.
public struct KiamToIRSAOptions: Sendable, Equatable {
    public var issuer: IssuerURL
    public var roleBaseARN: String?
    public var audience: String
    public var trustPolicyQuota: Int
    /// Plan the opt-in cleanup phase (remove agent trust and namespace annotations).
    public var cleanup: Bool
    /// The kiam server role or kube2iam node role whose trust statements cleanup removes.
    public var agentRoles: [String]
    /// Plan workloads whose namespace forbids their role today (a warning instead of an error).
    public var allowNamespaceForbidden: Bool

    public init(
        issuer: IssuerURL, roleBaseARN: String? = nil, audience: String = Annotations.defaultAudience,
        trustPolicyQuota: Int = 2048, cleanup: Bool = false, agentRoles: [String] = [], allowNamespaceForbidden: Bool = false
    ) {
        self.allowNamespaceForbidden = allowNamespaceForbidden
        self.issuer = issuer
        self.roleBaseARN = roleBaseARN
        self.audience = audience
        self.trustPolicyQuota = trustPolicyQuota
        self.cleanup = cleanup
        self.agentRoles = agentRoles
    }

    /// As recorded in the plan header.
    var recorded: [String: String] {
        var options = [
            "issuer": issuer.url, "audience": audience, "trustPolicyQuota": String(trustPolicyQuota),
            "cleanup": String(cleanup),
        ]
        if let roleBaseARN { options["roleBaseARN"] = roleBaseARN }
        if allowNamespaceForbidden { options["allowNamespaceForbidden"] = "true" }
        if !agentRoles.isEmpty { options["agentRoles"] = agentRoles.sorted().joined(separator: ",") }
        return options
    }
}
