/// An IAM role as the inventory lists it, with its trust document.
public struct IAMRole: Sendable, Equatable {
    public var arn: String
    public var name: String
    public var path: String
    /// The trust policy as JSON text (already URL-decoded), or nil when the source had none.
    public var trustPolicyText: String?

    public init(arn: String, name: String, path: String = "/", trustPolicyText: String?) {
        self.arn = arn
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
