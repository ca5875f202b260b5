/// An OIDC issuer URL, normalised the way IAM compares it: scheme optional on input,
/// `https` implied, trailing slash dropped, host case-insensitive, path case-sensitive.
public struct IssuerURL: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Host (lower case) and path, without scheme or trailing slash: the form used in
    /// provider ARNs and condition keys (`HOST/PATH:sub`).
    public let hostAndPath: String

    /// Nil when the text has no host, a port, a query or a fragment, a scheme other than https,
    /// or a character that is not a plain host name or URL path character.
    public init?(_ text: String) {
        // A newline or other control character anywhere is refused, not trimmed away.
        guard !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return nil }
        var rest = Substring(text.trimmingWhitespace())
        if let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://") {
            guard rest[..<colon].lowercased() == "https" else { return nil }
            rest = rest[rest.index(colon, offsetBy: 3)...]
        }
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.isEmpty, !rest.containsUTF8("?"), !rest.containsUTF8("#"), !rest.containsUTF8(" ") else { return nil }
        let host: Substring
        let path: Substring
        if let slash = rest.firstIndex(of: "/") {
            host = rest[..<slash]
            path = rest[slash...]
        } else {
            host = rest
            path = ""
        }
        guard Self.isHostName(host), Self.isPath(path) else { return nil }
        hostAndPath = host.lowercased() + path
    }

    /// DNS labels: letters, digits and inner hyphens, none empty (no port, user, `*` or quote).
    /// One pass over the bytes without allocating: trust checks normalise issuers by the thousand.
    static func isHostName(_ host: Substring) -> Bool {
        guard host.utf8.count <= 253 else { return false }
        var labelLength = 0
        var previous: UInt8 = UInt8(ascii: ".")
        for byte in host.utf8 {
            if byte == UInt8(ascii: ".") {
                guard labelLength > 0, previous != UInt8(ascii: "-") else { return false }
                labelLength = 0
            } else {
                guard isAlphanumeric(byte) || (byte == UInt8(ascii: "-") && labelLength > 0) else { return false }
                labelLength += 1
                guard labelLength <= 63 else { return false }
            }
            previous = byte
        }
        return labelLength > 0 && previous != UInt8(ascii: "-")
    }

    /// Path segments of unreserved URL characters, none empty, `.` or `..`: the issuer ends
    /// up in trust documents and ARNs, so a quote, backslash, `*` or newline must never get in.
    static func isPath(_ path: Substring) -> Bool {
        guard !path.isEmpty else { return true }
        guard path.utf8.count <= 1024 else { return false }
        // The segment so far: its length and whether it is all dots (only 1 or 2 of them matter).
        var length = 0
        var dots = 0
        for byte in path.utf8.dropFirst() {
            if byte == UInt8(ascii: "/") {
                guard length > 0, !(dots == length && length <= 2) else { return false }
                length = 0
                dots = 0
                continue
            }
            guard isAlphanumeric(byte) || isUnreserved(byte) else { return false }
            length += 1
            if byte == UInt8(ascii: ".") { dots += 1 }
        }
        return length > 0 && !(dots == length && length <= 2)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
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
        // Most texts start and end with a visible ASCII byte: no Character walk then (the
        // walk was most of IssuerURL.init, which runs per condition key of every probe).
        if let first = utf8.first, let last = utf8.last, (0x21..<0x80).contains(first), (0x21..<0x80).contains(last) {
            return self[...]
        }
        let trimmedStart = drop { $0.isWhitespace }
        return trimmedStart.dropLast(trimmedStart.reversed().prefix { $0.isWhitespace }.count)
    }
}
