/// Finds workloads that look like they call AWS through the node role: neither IRSA nor a kiam
/// role, and an image or environment of a known AWS client. Used when `plan instance-role` has
/// no map: it lists them (findings) and `--write-map` writes a starter map for review. It never
/// plans a change by itself.
struct AWSCallerDiscovery {
    /// A known AWS client: what in an image names it, and what in a node-role policy (its name,
    /// or the services of an inline policy's actions) looks related.
    struct Signal: Sendable {
        let label: String
        let imageMarkers: [String]
        let policyKeywords: [String]
        let services: [String]
    }

    static let signals: [Signal] = [
        Signal(
            label: "cluster-autoscaler", imageMarkers: ["cluster-autoscaler"], policyKeywords: ["autoscal"],
            services: ["autoscaling"]),
        Signal(
            label: "external-dns", imageMarkers: ["external-dns"], policyKeywords: ["externaldns", "route53"],
            services: ["route53"]),
        Signal(
            label: "aws-load-balancer-controller", imageMarkers: ["aws-load-balancer-controller"],
            policyKeywords: ["loadbalancer", "albingress"], services: ["elasticloadbalancing"]),
        Signal(label: "EBS CSI driver", imageMarkers: ["ebs-csi"], policyKeywords: ["ebs"], services: []),
        Signal(label: "EFS CSI driver", imageMarkers: ["efs-csi"], policyKeywords: ["efs"], services: ["elasticfilesystem"]),
        Signal(
            label: "cert-manager", imageMarkers: ["cert-manager"], policyKeywords: ["certmanager", "route53"],
            services: ["route53"]),
        Signal(label: "karpenter", imageMarkers: ["karpenter"], policyKeywords: ["karpenter"], services: []),
        Signal(
            label: "aws-node-termination-handler", imageMarkers: ["node-termination-handler"],
            policyKeywords: ["termination", "sqs"], services: ["sqs"]),
        Signal(label: "fluent-bit", imageMarkers: ["fluent-bit"], policyKeywords: ["cloudwatch", "logs"], services: ["logs"]),
        Signal(
            label: "CloudWatch agent", imageMarkers: ["cloudwatch-agent"], policyKeywords: ["cloudwatch"],
            services: ["cloudwatch", "logs"]),
    ]
    /// Set by EKS and most AWS SDK setups: a workload that sets it means to reach AWS.
    static let regionVariables = ["AWS_REGION", "AWS_DEFAULT_REGION"]

    /// One workload that looks like an AWS client, with the node-role policies that look related.
    struct Caller: Sendable, Equatable {
        let workload: Workload
        let reasons: [String]
        let relatedPolicies: [String]
    }

    let inventory: Inventory
    let nodeRoles: [RoleDetail]

    func callers() -> [Caller] {
        inventory.workloads.sorted { $0.ref < $1.ref }.compactMap(caller)
    }

    private func caller(_ workload: Workload) -> Caller? {
        guard workload.template.annotations[Annotations.kiamRole] == nil, !hasIRSA(workload) else { return nil }
        let images = workload.template.containers.map { $0.image.lowercased() }
        let matched = Self.signals.filter { signal in
            signal.imageMarkers.contains { marker in images.contains { $0.contains(marker) } }
        }
        let variables = Self.regionVariables.filter { name in workload.template.containers.contains { $0.envNames.contains(name) }
        }
        guard !matched.isEmpty || !variables.isEmpty else { return nil }
        let reasons = matched.map { "image of \($0.label)" } + variables.map { "env \($0)" }
        return Caller(workload: workload, reasons: reasons, relatedPolicies: related(to: matched))
    }

    private func hasIRSA(_ workload: Workload) -> Bool {
        let account = inventory.serviceAccounts.first {
            $0.namespace == workload.ref.namespace && $0.name == workload.template.effectiveServiceAccount
        }
        return account?.annotations[Annotations.irsaRoleARN] != nil
    }

    /// Node-role policies (never the node's own) whose name, or actions (of an inline policy,
    /// or of a customer managed one the authorization details hold), fit the signals.
    private func related(to signals: [Signal]) -> [String] {
        guard !signals.isEmpty else { return [] }
        let keywords = signals.flatMap(\.policyKeywords)
        let services = signals.flatMap(\.services)
        var names: [String] = []
        for role in nodeRoles {
            for policy in role.attachedPolicies where !NodeRoles.isNodeOwn(policy.arn) {
                let document = inventory.authorizationDetails?.policy(policy.arn)?.document
                if Self.fits(policy.name, keywords) || document.map({ Self.usesAny(services, document: $0) }) == true {
                    names.append(policy.name)
                }
            }
            for policy in role.inlinePolicies
            where Self.fits(policy.name, keywords) || Self.usesAny(services, document: policy.document) {
                names.append(policy.name)
            }
        }
        return Array(Set(names)).sorted()
    }

    private static func fits(_ name: String, _ keywords: [String]) -> Bool {
        let plain = String(name.lowercased().filter { $0.isLetter || $0.isNumber })
        return keywords.contains { plain.contains($0) }
    }

    private static func usesAny(_ services: [String], document: String) -> Bool {
        guard !services.isEmpty, let policy = try? JSONValue(parsing: document) else { return false }
        let statements = policy["Statement"].map { $0.arrayValue ?? [$0] } ?? []
        let actions = statements.flatMap { $0["Action"]?.stringList ?? [] }.map { $0.lowercased() }
        return actions.contains { action in services.contains { action.hasPrefix($0 + ":") } }
    }
}
