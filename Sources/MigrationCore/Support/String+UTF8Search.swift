extension StringProtocol {
    /// Whether `other` occurs in the text, compared byte by byte as UTF-8.
    ///
    /// Foundation's `contains(_:)` on strings goes through `NSString.range(of:)`, which costs
    /// microseconds a call; the planners ask this of every condition key and provider ARN
    /// of every statement, so it showed as a fifth of an issuer-move plan in a profile. The
    /// texts asked about here (ARNs, condition keys, subjects, URLs) are compared by IAM as
    /// bytes too.
    func containsUTF8(_ other: String) -> Bool {
        let needle = other.utf8
        guard let first = needle.first else { return true }
        let bytes = utf8
        var start = bytes.startIndex
        while let found = bytes[start...].firstIndex(of: first) {
            if bytes[found...].starts(with: needle) { return true }
            start = bytes.index(after: found)
        }
        return false
    }

    /// Whether the text holds an IAM wildcard, `*` or `?`.
    var hasWildcard: Bool {
        utf8.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") }
    }
}
