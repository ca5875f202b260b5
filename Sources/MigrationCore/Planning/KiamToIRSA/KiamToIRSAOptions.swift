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
    /// `--audience` was given: in `aws-cn` the audience is otherwise read from the inventory.
    public var audienceGiven: Bool

    public init(
        issuer: IssuerURL, roleBaseARN: String? = nil, audience: String = Annotations.defaultAudience,
        trustPolicyQuota: Int = PlanOptions.defaultTrustPolicyQuota, cleanup: Bool = false, agentRoles: [String] = [],
        allowNamespaceForbidden: Bool = false, audienceGiven: Bool = false
    ) {
        self.allowNamespaceForbidden = allowNamespaceForbidden
        self.audienceGiven = audienceGiven
        self.issuer = issuer
        self.roleBaseARN = roleBaseARN
        self.audience = audience
        self.trustPolicyQuota = trustPolicyQuota
        self.cleanup = cleanup
        self.agentRoles = agentRoles
    }

    /// As recorded in the plan header.
    var recorded: [String: String] {
        var recorded = [
            "issuer": issuer.url, "audience": audience, "trustPolicyQuota": String(trustPolicyQuota),
            "cleanup": String(cleanup),
        ]
        if let roleBaseARN { recorded["roleBaseARN"] = roleBaseARN }
        if allowNamespaceForbidden { recorded["allowNamespaceForbidden"] = "true" }
        if audienceGiven { recorded["audienceGiven"] = "true" }
        if !agentRoles.isEmpty { recorded["agentRoles"] = agentRoles.sorted().joined(separator: ",") }
        return recorded
    }

    init(recorded values: [String: String]) throws(PlanFormatError) {
        let recorded = RecordedOptions(values: values)
        self.init(
            issuer: try recorded.issuer("issuer"), roleBaseARN: values["roleBaseARN"], audience: try recorded.text("audience"),
            trustPolicyQuota: try recorded.integer("trustPolicyQuota"), cleanup: try recorded.flag("cleanup"),
            agentRoles: values["agentRoles"].map { $0.split(separator: ",").map(String.init) } ?? [],
            allowNamespaceForbidden: values["allowNamespaceForbidden"] == "true", audienceGiven: values["audienceGiven"] == "true"
        )
    }
}
