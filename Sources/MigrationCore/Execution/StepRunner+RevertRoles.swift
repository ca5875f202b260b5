/// The inverses of the `plan instance-role` steps, made against the live role: only what the
/// step did is undone, and anything changed since is kept and named.
extension StepRunner {
    func undoRole(_ step: Step) async throws -> (StepOutcome.Result, String) {
        let arn = step.target.description
        guard let live = try await gateway.role(arn) else {
            return step.action == .createRole ? (.unchanged, "the role is already gone") : (.unchanged, "the role is gone")
        }
        switch step.payload {
        case .createRole(let creation):
            return try await deleteCreatedRole(step, creation, live: live)
        case .attachRolePolicy(let attachment):
            let attached = attachment.policyARNs.filter(live.attachedPolicyARNs.contains)
            for policy in attached {
                try await gateway.detachRolePolicy(role: arn, policyARN: policy)
                try await event(step, "policy-detached", ["policyARN": .string(policy)])
            }
            return (attached.isEmpty ? .unchanged : .ok, attached.isEmpty ? "nothing to undo" : "")
        case .detachRolePolicy(let attachment):
            let missing = attachment.policyARNs.filter { !live.attachedPolicyARNs.contains($0) }
            for policy in missing {
                try await gateway.attachRolePolicy(role: arn, policyARN: policy)
                try await event(step, "policy-attached", ["policyARN": .string(policy)])
            }
            return (missing.isEmpty ? .unchanged : .ok, missing.isEmpty ? "nothing to undo" : "")
        case .putRolePolicy(let put):
            var deleted: [String] = []
            var kept: [String] = []
            for (name, document) in put.policies.sorted(by: { $0.key < $1.key }) {
                guard let current = live.inlineDocument(name) else { continue }
                guard Fingerprint.sameDocument(current, document) else {
                    kept.append(name)
                    continue
                }
                try await gateway.deleteRolePolicy(role: arn, name: name)
                try await event(step, "inline-policy-deleted", ["policyName": .string(name)])
                deleted.append(name)
            }
            let note = kept.isEmpty ? "" : "kept \(kept.joined(separator: ", ")): changed since apply"
            return (deleted.isEmpty ? .unchanged : .ok, deleted.isEmpty && kept.isEmpty ? "nothing to undo" : note)
        case .deleteRolePolicy(let deletion):
            var restored: [String] = []
            for (name, document) in deletion.previous.sorted(by: { $0.key < $1.key }) where live.inlinePolicies[name] == nil {
                try await gateway.putRolePolicy(role: arn, name: name, document: document.serialized(.minified))
                try await event(step, "inline-policy-written", ["policyName": .string(name)])
                restored.append(name)
            }
            return (restored.isEmpty ? .unchanged : .ok, restored.isEmpty ? "nothing to undo" : "")
        default:
            throw StepFailure("\(step.label) is not a role step")
        }
    }

    /// Deletes a role this plan created, only while it carries this plan's tag, trusts exactly
    /// what was created, and holds no policy (the policy steps were undone before it).
    private func deleteCreatedRole(_ step: Step, _ creation: RoleCreation, live: RoleState) async throws -> (
        StepOutcome.Result, String
    ) {
        let planID = creation.tags[RoleCreation.planTag]
        guard let planID, live.tags[RoleCreation.planTag] == planID else {
            return (
                .unchanged,
                "kept: it does not carry the tag \(RoleCreation.planTag)=\(planID ?? "?"), so this plan did not create it"
            )
        }
        guard let trust = try? JSONValue(parsing: live.trustPolicy), Fingerprint.sameDocument(trust, creation.trustPolicy) else {
            return (.unchanged, "kept: its trust policy changed since apply; delete it by hand if it is unused")
        }
        let left = live.attachedPolicyARNs.sorted() + live.inlinePolicies.keys.sorted()
        guard left.isEmpty else {
            return (.unchanged, "kept: it has policies this step did not give it (\(left.joined(separator: ", ")))")
        }
        try await gateway.deleteRole(step.target.description)
        try await event(step, "role-deleted", [:])
        return (.ok, "")
    }
}
