/// A team's own tag marking a role as owned by infrastructure as code (`--iac-owned-tag
/// KEY[=VALUE]`): the key matches exactly, the value (when given) without regard to case.
public struct IaCTagRule: Equatable, Sendable, ParsedFromText {
    public var key: String
    public var value: String?

    public init(key: String, value: String? = nil) {
        self.key = key
        self.value = value
    }

    /// `KEY` or `KEY=VALUE`; nil when the key is empty.
    public init?(parsing text: String) {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let key = parts.first, !key.isEmpty else { return nil }
        self.init(key: key, value: parts.count == 2 ? parts[1] : nil)
    }

    public var description: String { value.map { "\(key)=\($0)" } ?? key }

    /// The owner a role with these tags has under this rule, if any.
    func owner(tags: [String: String]) -> Owner? {
        guard let found = tags[key] else { return nil }
        if let value, value.lowercased() != found.lowercased() { return nil }
        return Owner(.iacTag, name: "\(key)=\(found)", evidence: "tag \(key)=\(found)")
    }
}
