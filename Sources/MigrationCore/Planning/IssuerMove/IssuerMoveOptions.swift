/// Options of `plan issuer-move`.
public struct IssuerMoveOptions: Sendable, Equatable {
    public var from: IssuerURL
    public var to: IssuerURL
    /// Client id for new providers when the old provider's client ids are unknown.
    public var audience: String
    public var trustPolicyQuota: Int
    /// Seconds old-issuer tokens stay valid after the switch; cleanup waits this long.
    public var tokenLifetime: Int
    public var deleteOldProvider: Bool

    public init(
        from: IssuerURL, to: IssuerURL, audience: String = Annotations.defaultAudience, trustPolicyQuota: Int = 2048,
        tokenLifetime: Int = 86400, deleteOldProvider: Bool = false
    ) {
        self.from = from
        self.to = to
        self.audience = audience
        self.trustPolicyQuota = trustPolicyQuota
        self.tokenLifetime = tokenLifetime
        self.deleteOldProvider = deleteOldProvider
    }

    /// As recorded in the plan header.
    var recorded: [String: String] {
        [
            "from": from.url, "to": to.url, "audience": audience, "trustPolicyQuota": String(trustPolicyQuota),
            "tokenLifetime": String(tokenLifetime), "deleteOldProvider": String(deleteOldProvider),
        ]
    }
}
