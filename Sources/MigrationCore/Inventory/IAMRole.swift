/// An IAM role as the inventory lists it, with its trust document.
public struct IAMRole: Sendable, Equatable {
    public var arn: String
    public var name: String
    public var path: String
    /// The trust policy as JSON text (already URL-decoded), or nil when the source had none.
    public var trustPolicyText: String?
    /// The role's tags when the source lists them (`get-role`, snapshots); `list-roles`
    /// leaves them out on AWS, so ownership also reads the authorization details' tags.
    public var tags: [String: String]

    public init(arn: String, name: String, path: String = "/", trustPolicyText: String?, tags: [String: String] = [:]) {
        self.arn = arn
        self.tags = tags
        self.name = name
        self.path = path
        self.trustPolicyText = trustPolicyText
    }
}

public struct OIDCProvider: Sendable, Equatable {
    public var arn: String
    /// The issuer without `https://`, when the source had it.
    public var url: String?
    public var clientIDs: [String]?

    public init(arn: String, url: String? = nil, clientIDs: [String]? = nil) {
        self.arn = arn
        self.url = url
        self.clientIDs = clientIDs
    }
}
