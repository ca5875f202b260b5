/// Options of `plan issuer-move`.
public struct IssuerMoveOptions: Sendable, Equatable {
    public var from: IssuerURL
    public var to: IssuerURL
    /// Client id for new providers when the old provider's client ids are unknown.
    public var audience: String
    /// `--audience` was given: use it, instead of inferring each role's from the inventory.
    public var audienceGiven: Bool
    public var trustPolicyQuota: Int
    /// Seconds old-issuer tokens stay valid after the switch; cleanup waits this long.
    public var tokenLifetime: Int
    public var deleteOldProvider: Bool
    /// Copy old-issuer statements without a `:sub` condition scoped to every service account
    /// (`system:serviceaccount:*:*`) instead of to the service accounts annotated with the role.
    public var copyUnscoped: Bool

    /// Kubernetes' default service account token lifetime, in seconds.
    public static let defaultTokenLifetime = 86400

    public init(
        from: IssuerURL, to: IssuerURL, audience: String = Annotations.defaultAudience,
        trustPolicyQuota: Int = PlanOptions.defaultTrustPolicyQuota, tokenLifetime: Int = defaultTokenLifetime,
        deleteOldProvider: Bool = false, copyUnscoped: Bool = false, audienceGiven: Bool = false
    ) {
        self.audienceGiven = audienceGiven
        self.copyUnscoped = copyUnscoped
        self.from = from
        self.to = to
        self.audience = audience
        self.trustPolicyQuota = trustPolicyQuota
        self.tokenLifetime = tokenLifetime
        self.deleteOldProvider = deleteOldProvider
    }

    /// As recorded in the plan header.
    var recorded: [String: String] {
        var recorded = [
            "from": from.url, "to": to.url, "audience": audience, "trustPolicyQuota": String(trustPolicyQuota),
            "tokenLifetime": String(tokenLifetime), "deleteOldProvider": String(deleteOldProvider),
        ]
        // Recorded only when set, so plans made without it keep their ids.
        if copyUnscoped { recorded["copyUnscoped"] = "true" }
        if audienceGiven { recorded["audienceGiven"] = "true" }
        return recorded
    }

    init(recorded values: [String: String]) throws(PlanFormatError) {
        let recorded = RecordedOptions(values: values)
        self.init(
            from: try recorded.issuer("from"), to: try recorded.issuer("to"), audience: try recorded.text("audience"),
            trustPolicyQuota: try recorded.integer("trustPolicyQuota"), tokenLifetime: try recorded.integer("tokenLifetime"),
            deleteOldProvider: try recorded.flag("deleteOldProvider"), copyUnscoped: values["copyUnscoped"] == "true",
            audienceGiven: values["audienceGiven"] == "true")
    }
}
