/// Resolves a kiam / kube2iam role annotation to a role ARN the way the agents do:
/// a value starting with `arn:` is used as is; otherwise a leading `/` is trimmed and the
/// server's base ARN is prepended, so `team/app` becomes `…:role/team/app`.
public struct RoleResolver: Sendable {
    public let baseARN: String?

    /// `baseARN` is `arn:PARTITION:iam::ACCOUNT:role/` (a missing trailing `/` is added).
    public init(baseARN: String?) {
        guard let baseARN, !baseARN.isEmpty else {
            self.baseARN = nil
            return
        }
        self.baseARN = baseARN.hasSuffix("/") ? baseARN : baseARN + "/"
    }

    public enum Resolution: Equatable, Sendable {
        case resolved(String)
        /// A bare name and no base ARN to prepend: guessing the account would be wrong.
        case needsBaseARN
        case invalid(String)
    }

    public func resolve(_ annotation: String) -> Resolution {
        let value = String(annotation.trimmingWhitespace())
        if value.hasPrefix("arn:") {
            guard let arn = ARN(value), arn.roleName != nil else { return .invalid(value) }
            return .resolved(value)
        }
        var name = Substring(value)
        while name.hasPrefix("/") { name = name.dropFirst() }
        guard !name.isEmpty else { return .invalid(value) }
        guard let baseARN else { return .needsBaseARN }
        return .resolved(baseARN + name)
    }
}
