/// An OIDC issuer URL, normalised the way IAM compares it: scheme optional on input,
/// `https` implied, trailing slash dropped, host case-insensitive, path case-sensitive.
public struct IssuerURL: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Host (lower case) and path, without scheme or trailing slash: the form used in
    /// provider ARNs and condition keys (`HOST/PATH:sub`).
    public let hostAndPath: String

    /// Nil when the text has no host, a port, a query or a fragment, or a scheme other than https.
    public init?(_ text: String) {
        var rest = Substring(text.trimmingWhitespace())
        if let range = rest.firstRange(of: "://") {
            guard rest[..<range.lowerBound].lowercased() == "https" else { return nil }
            rest = rest[range.upperBound...]
        }
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.isEmpty, !rest.contains("?"), !rest.contains("#"), !rest.contains(" ") else { return nil }
        let host: Substring
        let path: Substring
        if let slash = rest.firstIndex(of: "/") {
            host = rest[..<slash]
            path = rest[slash...]
        } else {
            host = rest
            path = ""
        }
        guard !host.isEmpty, !host.contains(":"), !host.contains("@") else { return nil }
        hostAndPath = host.lowercased() + path
    }

    /// The issuer as it appears in a token's `iss` claim.
    public var url: String { "https://\(hostAndPath)" }

    public var host: Substring { hostAndPath.prefix { $0 != "/" } }

    public var description: String { url }

    /// The text without a leading `https://` (any case): how IAM writes issuers in provider
    /// ARNs and condition keys, and how the provider list's `Url` comes back.
    public static func strippingScheme(_ text: String) -> String {
        text.lowercased().hasPrefix("https://") ? String(text.dropFirst("https://".count)) : text
    }

    public static func < (lhs: IssuerURL, rhs: IssuerURL) -> Bool { lhs.hostAndPath < rhs.hostAndPath }
}

extension String {
    func trimmingWhitespace() -> Substring {
        let trimmedStart = drop { $0.isWhitespace }
        return trimmedStart.dropLast(trimmedStart.reversed().prefix { $0.isWhitespace }.count)
    }
}
