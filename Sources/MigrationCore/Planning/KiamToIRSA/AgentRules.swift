/// How the kiam or kube2iam agent of the cluster hands out roles today, read from its
/// DaemonSet or Deployment in the inventory (image and flags), so the planner grants after
/// the move exactly what the agent allowed before.
///
/// With no agent in the inventory the strictest rules are assumed (a namespace without a
/// restriction annotation permits no role): never broaden, and a finding says so.
public struct AgentRules: Sendable, Equatable {
    public enum Agent: String, Sendable, Equatable {
        case kiam
        case kube2iam
        /// Neither found: kiam's rules are assumed.
        case unknown
    }

    public var agent: Agent
    /// Where the agent was found (`daemonset/kube-system/kiam-agent`), for findings.
    public var source: String?
    /// Whether a namespace must permit a role (kiam always; kube2iam with `--namespace-restrictions`).
    public var namespaceRestrictions: Bool
    /// kiam `--role-base-arn` / kube2iam `--base-role-arn`.
    public var baseRoleARN: String?
    /// kube2iam `--default-role`: the role pods without an annotation get today.
    public var defaultRole: String?
    /// kube2iam `--iam-role-key`; `iam.amazonaws.com/role` otherwise.
    public var roleKey: String
    /// kube2iam `--namespace-key`; the annotation naming what a namespace permits.
    public var namespaceKey: String?

    public init(
        agent: Agent, source: String? = nil, namespaceRestrictions: Bool = true, baseRoleARN: String? = nil,
        defaultRole: String? = nil, roleKey: String = Annotations.kiamRole, namespaceKey: String? = nil
    ) {
        self.agent = agent
        self.source = source
        self.namespaceRestrictions = namespaceRestrictions
        self.baseRoleARN = baseRoleARN
        self.defaultRole = defaultRole
        self.roleKey = roleKey
        self.namespaceKey = namespaceKey
    }

    /// The annotation keys that say what a namespace permits under these rules.
    var restrictionKeys: [String] {
        switch agent {
        case .kiam: return [Annotations.kiamPermitted]
        case .kube2iam: return [namespaceKey ?? Annotations.kube2iamAllowedRoles]
        case .unknown: return [Annotations.kiamPermitted, Annotations.kube2iamAllowedRoles]
        }
    }

    /// The rules of the first agent found among the workloads (kiam before kube2iam, then by
    /// reference), or the assumed strictest rules.
    public static func detect(in workloads: [Workload]) -> AgentRules {
        for workload in workloads.sorted(by: { $0.ref < $1.ref }) {
            for container in workload.template.containers {
                switch imageName(container.image) {
                case "kiam":
                    return kiam(container.arguments, source: workload.ref.description, in: workloads)
                case "kube2iam":
                    return kube2iam(container.arguments, source: workload.ref.description)
                default:
                    continue
                }
            }
        }
        return AgentRules(agent: .unknown)
    }

    /// Whether a workload runs a kiam or kube2iam image.
    static func isAgent(_ workload: Workload) -> Bool {
        workload.template.containers.contains { ["kiam", "kube2iam"].contains(imageName($0.image)) }
    }

    /// `quay.io/uswitch/kiam:v4.2` -> `kiam`; digests and tags dropped.
    static func imageName(_ image: String) -> String {
        let last = image.split(separator: "/").last.map(String.init) ?? image
        return String(last.prefix { $0 != ":" && $0 != "@" }).lowercased()
    }

    /// kiam: agent and server share the image; the base ARN is a server flag, so every kiam
    /// container of the inventory is searched for it.
    private static func kiam(_ arguments: [String], source: String, in workloads: [Workload]) -> AgentRules {
        let all = workloads.flatMap(\.template.containers).filter { imageName($0.image) == "kiam" }.flatMap(\.arguments)
        return AgentRules(agent: .kiam, source: source, baseRoleARN: flag("role-base-arn", in: all))
    }

    private static func kube2iam(_ arguments: [String], source: String) -> AgentRules {
        let restrictions = flag("namespace-restrictions", in: arguments).map { $0 != "false" } ?? false
        return AgentRules(
            agent: .kube2iam, source: source, namespaceRestrictions: restrictions,
            baseRoleARN: flag("base-role-arn", in: arguments), defaultRole: flag("default-role", in: arguments),
            roleKey: flag("iam-role-key", in: arguments) ?? Annotations.kiamRole,
            namespaceKey: flag("namespace-key", in: arguments))
    }

    /// The value of `--name=value`, `--name value` or `-name value`; `"true"` for a bare flag.
    static func flag(_ name: String, in arguments: [String]) -> String? {
        for (index, argument) in arguments.enumerated() {
            let stripped = argument.drop { $0 == "-" }
            guard argument.hasPrefix("-") else { continue }
            if stripped.hasPrefix(name + "=") { return String(stripped.dropFirst(name.count + 1)) }
            guard stripped == name else { continue }
            let next = index + 1 < arguments.count ? arguments[index + 1] : nil
            if let next, !next.hasPrefix("-") { return next }
            return "true"
        }
        return nil
    }
}
