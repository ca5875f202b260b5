/// An Amazon Resource Name: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
public struct ARN: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var partition: String
    public var service: String
    public var region: String
    public var account: String
    public var resource: String

    public init(partition: String, service: String, region: String = "", account: String, resource: String) {
        self.partition = partition
        self.service = service
        self.region = region
        self.account = account
        self.resource = resource
    }

    /// Nil unless the text has six colon-separated parts starting with `arn`.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
        self.init(
            partition: String(parts[1]), service: String(parts[2]), region: String(parts[3]),
            account: String(parts[4]), resource: String(parts[5]))
    }

    public var description: String { "arn:\(partition):\(service):\(region):\(account):\(resource)" }

    public static func < (lhs: ARN, rhs: ARN) -> Bool { lhs.description < rhs.description }

    /// `arn:PARTITION:iam::ACCOUNT:oidc-provider/ISSUER_HOST_AND_PATH`.
    public static func oidcProvider(partition: String, account: String, issuer: IssuerURL) -> ARN {
        ARN(partition: partition, service: "iam", account: account, resource: "oidc-provider/\(issuer.hostAndPath)")
    }

    /// For an IAM role ARN, the role name (the last path segment); nil otherwise.
    public var roleName: String? {
        guard service == "iam", resource.hasPrefix("role/") else { return nil }
        return resource.split(separator: "/").last.map(String.init)
    }

    /// For an OIDC provider ARN, the issuer host and path; nil otherwise.
    public var oidcProviderIssuer: String? {
        guard service == "iam", resource.hasPrefix("oidc-provider/") else { return nil }
        return String(resource.dropFirst("oidc-provider/".count))
    }
}
