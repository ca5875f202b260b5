extension InstanceRoleStepBuilder {
    /// The opt-in cleanup: take the policies entries with `detachFromNodeRole` copied off the
    /// node role, after every check of every role that got them passed. Never a policy the node
    /// needs itself, nor one a blocked entry still copies.
    mutating func addCleanup(_ grants: [RoleGrant], nodeRoles: NodeRoles, blockedCopies: [NodeRoles.Match]) {
        let keptByBlocked = Set(blockedCopies.map(Self.key))
        for node in nodeRoles.roles {
            guard let nodeARN = ARN(node.arn) else { continue }
            var managed: [String: [String]] = [:]
            var inline: [String: [String]] = [:]
            for grant in grants where grant.detachFromNodeRole {
                let verifies = verifyStepIDs[grant.role.description] ?? []
                for arn in grant.copiedManaged[node.arn] ?? [] { managed[arn, default: []] += verifies }
                for name in grant.copiedInline[node.arn] ?? [] { inline[name, default: []] += verifies }
            }
            for arn in managed.keys where NodeRoles.isNodeOwn(arn) {
                managed[arn] = nil
                findings.append(
                    Finding(
                        .error, "node-policy-needed-by-node", subject: node.arn,
                        "the map asks to detach \(arn), which the node itself needs; it stays on the node role (set detachFromNodeRole to false)"
                    ))
            }
            let blockedManaged = managed.keys.filter { keptByBlocked.contains("managed:\(node.arn):\($0)") }
            let blockedInline = inline.keys.filter { keptByBlocked.contains("inline:\(node.arn):\($0)") }
            for name in (blockedManaged + blockedInline).sorted() {
                managed[name] = nil
                inline[name] = nil
                findings.append(
                    Finding(
                        .info, "node-policy-kept", subject: node.arn,
                        "keeps \(name): a map entry that copies it is blocked; fix that entry, then re-plan"))
            }
            keepStillNeeded(node, moved: Set(grants.flatMap { $0.users.map(\.ref) }), managed: &managed, inline: &inline)
            let waits = Array(Set(managed.values.flatMap { $0 } + inline.values.flatMap { $0 })).sorted()
            if !managed.isEmpty {
                let arns = managed.keys.sorted()
                steps.append(
                    Step(
                        phase: .cleanup, target: .arn(nodeARN),
                        summary: "detach \(arns.joined(separator: ", ")) from node role \(node.name)", dependsOn: waits,
                        fingerprint: Fingerprint.attachedPolicies(arns, attached: node.attachedPolicies.map(\.arn)),
                        payload: .detachRolePolicy(RolePolicyAttachment(policyARNs: arns))))
            }
            if !inline.isEmpty {
                var previous: [String: JSONValue] = [:]
                for policy in node.inlinePolicies where inline[policy.name] != nil {
                    previous[policy.name] = try? JSONValue(parsing: policy.document)
                }
                let documents = Dictionary(
                    node.inlinePolicies.map { ($0.name, $0.document) }, uniquingKeysWith: { first, _ in first })
                steps.append(
                    Step(
                        phase: .cleanup, target: .arn(nodeARN),
                        summary:
                            "delete inline policy \(previous.keys.sorted().joined(separator: ", ")) from node role \(node.name)",
                        dependsOn: waits, fingerprint: Fingerprint.inlinePolicies(Array(previous.keys), documents: documents),
                        payload: .deleteRolePolicy(InlinePolicyDeletion(previous: previous))))
            }
        }
        addStillOnNodeRole(grants)
    }

    /// A policy cleanup would take off the node role that a workload this plan does not move
    /// looks like it uses (AWSCallerDiscovery: its image or env, the policy's name or actions)
    /// stays: detaching it could break that workload before it has a role of its own.
    private mutating func keepStillNeeded(
        _ node: RoleDetail, moved: Set<ObjectRef>, managed: inout [String: [String]], inline: inout [String: [String]]
    ) {
        let callers = AWSCallerDiscovery(inventory: inventory, nodeRoles: [node]).callers().filter {
            !moved.contains($0.workload.ref)
        }
        var users: [String: [ObjectRef]] = [:]
        for caller in callers {
            for name in caller.relatedPolicies {
                let arn = node.attachedPolicies.first { $0.name == name }?.arn
                if let arn, managed[arn] != nil {
                    users[arn, default: []].append(caller.workload.ref)
                } else if inline[name] != nil {
                    users[name, default: []].append(caller.workload.ref)
                }
            }
        }
        for (policy, refs) in users.sorted(by: { $0.key < $1.key }) {
            managed[policy] = nil
            inline[policy] = nil
            findings.append(
                Finding(
                    .error, "node-policy-still-needed", subject: node.arn,
                    "keeps \(policy): \(KiamStepBuilder.listed(refs)) not moved by this plan look(s) like calling AWS with it through the node role; add them to the map (or confirm they do not need it and leave detachFromNodeRole false), then re-plan"
                ))
        }
    }

    /// Workloads the plan does not move still get the node role's permissions; cleanup may
    /// take away something they use.
    private mutating func addStillOnNodeRole(_ grants: [RoleGrant]) {
        guard steps.contains(where: { $0.phase == .cleanup }) else { return }
        let moved = Set(grants.flatMap { $0.users.map(\.ref) })
        let withIRSA = Set(inventory.serviceAccounts.filter { $0.annotations[Annotations.irsaRoleARN] != nil }.map(\.ref))
        let remaining = inventory.workloads.filter {
            !moved.contains($0.ref) && !withIRSA.contains(.serviceAccount($0.ref.namespace, $0.template.effectiveServiceAccount))
        }.map(\.ref)
        guard !remaining.isEmpty else { return }
        findings.append(
            Finding(
                .warning, "node-role-still-used", subject: "cleanup",
                "\(remaining.count) workload(s) not moved by this plan still get the node role's permissions (\(KiamStepBuilder.listed(remaining))): check none of them needs a policy cleanup removes"
            ))
    }

    private static func key(_ match: NodeRoles.Match) -> String {
        switch match {
        case .managed(let node, let arn): "managed:\(node):\(arn)"
        case .inline(let node, let name, _): "inline:\(node):\(name)"
        }
    }
}
