/// What a namespace lets its pods assume through kiam (`iam.amazonaws.com/permitted`, an
/// anchored regex) or kube2iam (`iam.amazonaws.com/allowed-roles`, a JSON array of globs),
/// under the agent's rules (see `AgentRules`): kiam, and kube2iam with
/// `--namespace-restrictions`, permit no role in a namespace without the annotation.
public struct NamespaceRestrictions {
    public enum Verdict: Equatable, Sendable {
        case unrestricted
        case permitted
        case notPermitted(rule: String)
        /// No annotation, and the agent's rules (or the assumed strictest ones) forbid every role.
        case noAnnotation(rule: String)
        case unreadable(String)
    }

    let resolver: RoleResolver
    let rules: AgentRules
    /// Compiled `permitted` patterns by source text: a namespace holds many workloads.
    /// kiam's Go `regexp` is RE2 (linear time), so is ours: a backtracking engine hangs on
    /// `(.*)*x` where the agent does not. Unsupported syntax keeps its reason.
    private var regexes: [String: Result<LinearRegex, LinearRegex.Unsupported>] = [:]

    public init(resolver: RoleResolver, rules: AgentRules = AgentRules(agent: .unknown)) {
        self.resolver = resolver
        self.rules = rules
    }

    public mutating func verdict(for roleARN: String, in namespace: Namespace?) -> Verdict {
        guard rules.namespaceRestrictions else { return .unrestricted }
        let annotations = namespace?.annotations ?? [:]
        for key in rules.restrictionKeys {
            guard let value = annotations[key] else { continue }
            return key == Annotations.kiamPermitted
                ? kiamVerdict(pattern: value, roleARN: roleARN) : kube2iamVerdict(key: key, list: value, roleARN: roleARN)
        }
        return .noAnnotation(rule: "no \(rules.restrictionKeys.joined(separator: " or ")) annotation")
    }

    private mutating func kiamVerdict(pattern: String, roleARN: String) -> Verdict {
        let rule = "\(Annotations.kiamPermitted)=\(Self.shortened(pattern))"
        guard !pattern.isEmpty else { return .notPermitted(rule: rule) }
        let compiled = regexes[pattern] ?? Result { () throws(LinearRegex.Unsupported) in try LinearRegex(pattern) }
        regexes[pattern] = compiled
        switch compiled {
        case .success(let regex): return regex.wholeMatch(roleARN) ? .permitted : .notPermitted(rule: rule)
        case .failure(let unsupported):
            return .unreadable(
                "\(Annotations.kiamPermitted) \(Self.shortened(pattern)) cannot be checked (\(unsupported)); treat the namespace as forbidding until it is"
            )
        }
    }

    private func kube2iamVerdict(key: String, list: String, roleARN: String) -> Verdict {
        let rule = "\(key)=\(Self.shortened(list))"
        guard let entries = try? JSONValue(parsing: list), case .array(let values) = entries else {
            return .unreadable("\(key) is not a JSON array: \(Self.shortened(list))")
        }
        let globs = values.compactMap(\.stringValue).compactMap { entry -> String? in
            if case .resolved(let arn) = resolver.resolve(entry) { return arn }
            return entry.contains("*") ? entry : nil
        }
        return globs.contains { Glob.matches(roleARN, pattern: $0) } ? .permitted : .notPermitted(rule: rule)
    }

    /// An annotation as findings quote it: a 10 MB value must not be copied into every finding.
    static func shortened(_ text: String) -> String {
        text.unicodeScalars.count <= 200 ? text : String(text.unicodeScalars.prefix(200)) + "... (\(text.utf8.count) bytes)"
    }
}
