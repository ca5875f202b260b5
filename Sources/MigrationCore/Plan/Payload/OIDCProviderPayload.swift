/// `ensure-oidc-provider`: the provider exists with these client ids (created, or the
/// missing ids added). Rollback keeps providers: other roles may trust them.
public struct OIDCProviderEnsure: Codable, StepPayloadCoding {
    typealias Forward = OIDCProviderEnsure
    typealias Inverse = NoInverse
    /// The issuer URL, `https://HOST/PATH`.
    public var url: String
    public var clientIDs: [String]

    public init(url: String, clientIDs: [String]) {
        self.url = url
        self.clientIDs = clientIDs
    }
}

/// `delete-oidc-provider`: the old issuer's provider goes once no role trusts it (issuer-move
/// cleanup, gated). Rollback recreates it with the client ids the journal recorded.
public struct OIDCProviderDeletion: Codable, StepPayloadCoding {
    typealias Forward = OIDCProviderDeletion
    typealias Inverse = NoInverse
    public var url: String
    public var gate: CleanupGate

    public init(url: String, gate: CleanupGate) {
        self.url = url
        self.gate = gate
    }
}
