/// The instance-role sections of the report, worded from the steps: per new role its trust,
/// policies and the workloads that get it; per node role what cleanup would remove; and the
/// manual step that ends pod access to the node role.
enum InstanceRoleSections {
    static func sections(_ plan: Plan) -> [(title: String, lines: [String])] {
        guard plan.header.kind == .instanceRole else { return [] }
        return [
            ("New roles", newRoles(plan)), ("Node role cleanup", nodeCleanup(plan)),
            ("Final manual step: restrict the instance metadata service", imds),
        ]
    }

    private static func newRoles(_ plan: Plan) -> [String] {
        var lines: [String] = []
        for create in plan.steps where create.action == .createRole {
            guard case .createRole(let creation) = create.payload else { continue }
            let role = create.target.description
            let onRole = plan.steps.filter { $0.target.description == role }
            let attached = onRole.compactMap { step -> [String]? in
                if case .attachRolePolicy(let attachment) = step.payload { return attachment.policyARNs }
                return nil
            }.flatMap { $0 }
            let inline = onRole.compactMap { step -> [String]? in
                if case .putRolePolicy(let put) = step.payload { return put.policies.keys.sorted() }
                return nil
            }.flatMap { $0 }
            let accounts = plan.steps.filter {
                ($0.action == .createServiceAccount || $0.action == .annotateServiceAccount)
                    && $0.summary.hasSuffix("with role \(role)")
            }.map { "`\($0.target)`" }
            let workloads = plan.steps.filter { $0.action == .restartWorkload && $0.summary.hasSuffix("IRSA for \(role)") }
                .map { "`\($0.target)`" }
            lines.append("### `\(role)`")
            lines.append("")
            lines.append("- service account: " + (accounts.isEmpty ? "none" : accounts.joined(separator: ", ")))
            lines.append("- workloads restarted onto it: " + (workloads.isEmpty ? "none" : workloads.joined(separator: ", ")))
            lines.append(
                "- managed policies: " + (attached.isEmpty ? "none" : attached.map { "`\($0)`" }.joined(separator: ", ")))
            lines.append("- inline policies: " + (inline.isEmpty ? "none" : inline.map { "`\($0)`" }.joined(separator: ", ")))
            if let boundary = creation.permissionsBoundary { lines.append("- permissions boundary: `\(boundary)`") }
            lines.append("- trust:")
            lines.append("")
            lines.append("```json")
            lines.append(creation.trustPolicy.serialized(.pretty))
            lines.append("```")
            lines.append("")
        }
        return lines.isEmpty ? ["None."] : lines
    }

    private static func nodeCleanup(_ plan: Plan) -> [String] {
        let lines = plan.steps.filter { $0.action == .detachRolePolicy || $0.action == .deleteRolePolicy }
            .map { "- `\($0.target)`: \($0.summary) (after \($0.dependsOn.count) check(s) pass)" }
        return lines.isEmpty ? ["None planned (plan with --cleanup and detachFromNodeRole entries)."] : lines
    }

    private static let imds = [
        "Until pods are kept from the instance metadata service, every pod can still use the node role. Once verify passed:",
        "",
        "```sh",
        "# each running node: IMDSv2 only, one hop (pods in their own network namespace can no longer reach it)",
        "aws ec2 modify-instance-metadata-options --instance-id INSTANCE_ID --http-tokens required --http-put-response-hop-limit 1",
        "# the launch template, so new nodes start that way",
        "aws ec2 create-launch-template-version --launch-template-id LT_ID --source-version LATEST \\\\",
        "  --launch-template-data '{\"MetadataOptions\":{\"HttpTokens\":\"required\",\"HttpPutResponseHopLimit\":1}}'",
        "```",
        "",
        "Or block `169.254.169.254/32` for pods with a network policy (egress `ipBlock` with `except`). Pods with",
        "hostNetwork still reach it either way.",
    ]
}
