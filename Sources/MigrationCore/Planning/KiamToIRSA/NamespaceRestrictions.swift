/// What a namespace lets its pods assume through kiam (`iam.amazonaws.com/permitted`, an
/// anchored regex) or kube2iam (`iam.amazonaws.com/allowed-roles`, a JSON array of globs).
///
/// A namespace with neither annotation is not checked: without knowing which agent runs
/// (and its flags) we cannot tell "forbids everything" from "restrictions off".
public struct NamespaceRestrictions {
    public enum Verdict: Equatable, Sendable {
        case unrestricted
        case permitted
        case notPermitted(rule: String)
        case unreadable(String)
    }

    let resolver: RoleResolver
    /// Compiled `permitted` patterns by source text: a namespace holds many workloads.
    private var regexes: [String: Regex<AnyRegexOutput>?] = [:]

    public init(resolver: RoleResolver) {
        self.resolver = resolver
    }

    public mutating func verdict(for roleARN: String, in namespace: Namespace?) -> Verdict {
        guard let annotations = namespace?.annotations else { return .unrestricted }
        if let pattern = annotations[Annotations.kiamPermitted] {
            return kiamVerdict(pattern: pattern, roleARN: roleARN)
        }
        if let list = annotations[Annotations.kube2iamAllowedRoles] {
            return kube2iamVerdict(list: list, roleARN: roleARN)
        }
        return .unrestricted
    }

    private mutating func kiamVerdict(pattern: String, roleARN: String) -> Verdict {
        let rule = "\(Annotations.kiamPermitted)=\(pattern)"
        guard !pattern.isEmpty else { return .notPermitted(rule: rule) }
        if regexes[pattern] == nil { regexes[pattern] = .some(try? Regex("^(?:\(pattern))$")) }
        guard let regex = regexes[pattern] ?? nil else {
            return .unreadable("\(Annotations.kiamPermitted) is not a valid regular expression: \(pattern)")
        }
        return roleARN.wholeMatch(of: regex) != nil ? .permitted : .notPermitted(rule: rule)
    }

    private func kube2iamVerdict(list: String, roleARN: String) -> Verdict {
        let rule = "\(Annotations.kube2iamAllowedRoles)=\(list)"
        guard let entries = try? JSONValue(parsing: list), case .array(let values) = entries else {
            return .unreadable("\(Annotations.kube2iamAllowedRoles) is not a JSON array: \(list)")
        }
        let globs = values.compactMap(\.stringValue).compactMap { entry -> String? in
            if case .resolved(let arn) = resolver.resolve(entry) { return arn }
            return entry.contains("*") ? entry : nil
        }
        return globs.contains { Glob.matches(roleARN, pattern: $0) } ? .permitted : .notPermitted(rule: rule)
    }
}
