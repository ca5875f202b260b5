/// Observe and perform for the steps of `plan instance-role`: roles, their policies, restarts.
extension StepRunner {
    func observeRole(_ step: Step) async throws -> Observation {
        let arn = step.target.description
        let live = try await gateway.role(arn)
        let subject = "role \(arn)"
        switch step.payload {
        case .createRole(let creation):
            let holds = live.map { role in
                (try? JSONValue(parsing: role.trustPolicy)).map { Fingerprint.sameDocument($0, creation.trustPolicy) } ?? false
                    && creation.tags.allSatisfy { role.tags[$0.key] == $0.value }
            }
            return Observation(
                fingerprint: Fingerprint.roleExists(live != nil), holds: holds ?? false, state: Self.state(of: live),
                subject: subject, role: live)
        case .attachRolePolicy(let attachment), .detachRolePolicy(let attachment):
            guard let live else { throw GatewayError.notFound(target: arn) }
            let attached = Set(live.attachedPolicyARNs)
            let holds =
                step.action == .attachRolePolicy
                ? attachment.policyARNs.allSatisfy(attached.contains) : !attachment.policyARNs.contains(where: attached.contains)
            return Observation(
                fingerprint: Fingerprint.attachedPolicies(attachment.policyARNs, attached: live.attachedPolicyARNs),
                holds: holds, state: Self.state(of: live), subject: "the managed policies of \(subject)", role: live)
        case .putRolePolicy(let put):
            guard let live else { throw GatewayError.notFound(target: arn) }
            let holds = put.policies.allSatisfy { name, document in
                live.inlineDocument(name).map { Fingerprint.sameDocument($0, document) } ?? false
            }
            return Observation(
                fingerprint: Fingerprint.inlinePolicies(Array(put.policies.keys), documents: live.inlinePolicies),
                holds: holds, state: Self.state(of: live), subject: "the inline policies of \(subject)", role: live)
        case .deleteRolePolicy(let deletion):
            guard let live else { throw GatewayError.notFound(target: arn) }
            return Observation(
                fingerprint: Fingerprint.inlinePolicies(Array(deletion.previous.keys), documents: live.inlinePolicies),
                holds: deletion.previous.keys.allSatisfy { live.inlinePolicies[$0] == nil }, state: Self.state(of: live),
                subject: "the inline policies of \(subject)", role: live)
        default:
            throw StepFailure("\(step.label) is not a role step")
        }
    }

    func performRole(_ step: Step, observed: Observation) async throws {
        let arn = step.target.description
        let live = observed.role
        switch step.payload {
        case .createRole(let creation):
            guard live == nil else {
                throw StepFailure("\(step.label): a role of that name exists with another trust policy or tags; re-plan")
            }
            try await gateway.createRole(
                arn, path: creation.path, trustPolicy: creation.trustPolicy.serialized(.minified),
                permissionsBoundary: creation.permissionsBoundary, tags: creation.tags)
            try await event(step, "role-created", ["tags": .stringMap(creation.tags)])
        case .attachRolePolicy(let attachment):
            for policy in attachment.policyARNs where !(live?.attachedPolicyARNs.contains(policy) ?? false) {
                try await gateway.attachRolePolicy(role: arn, policyARN: policy)
                try await event(step, "policy-attached", ["policyARN": .string(policy)])
            }
        case .detachRolePolicy(let attachment):
            for policy in attachment.policyARNs where live?.attachedPolicyARNs.contains(policy) ?? false {
                try await gateway.detachRolePolicy(role: arn, policyARN: policy)
                try await event(step, "policy-detached", ["policyARN": .string(policy)])
            }
        case .putRolePolicy(let put):
            for (name, document) in put.policies.sorted(by: { $0.key < $1.key }) {
                if let current = live?.inlineDocument(name), Fingerprint.sameDocument(current, document) { continue }
                try await gateway.putRolePolicy(role: arn, name: name, document: document.serialized(.minified))
                try await event(step, "inline-policy-written", ["policyName": .string(name)])
            }
        case .deleteRolePolicy(let deletion):
            for name in deletion.previous.keys.sorted() where live?.inlinePolicies[name] != nil {
                try await gateway.deleteRolePolicy(role: arn, name: name)
                try await event(step, "inline-policy-deleted", ["policyName": .string(name)])
            }
        default:
            throw StepFailure("\(step.label) is not a role step")
        }
    }

    func observeRestart(_ step: Step, _ restart: WorkloadRestart) async throws -> Observation {
        guard let live = try await gateway.podTemplateAnnotation(try step.objectRef(), key: WorkloadRestart.annotation) else {
            throw GatewayError.notFound(target: step.target.description)
        }
        return Observation(
            fingerprint: Fingerprint.restartTarget(serviceAccount: live.serviceAccountName),
            holds: live.value == restart.restartedAt,
            state: .object([
                "serviceAccountName": .string(live.serviceAccountName), "restartedAt": .optionalString(live.value),
            ]), subject: "the pod template of \(step.target)")
    }

    func performRestart(_ step: Step, _ restart: WorkloadRestart) async throws {
        try await gateway.setPodTemplateAnnotation(
            try step.objectRef(), key: WorkloadRestart.annotation, value: restart.restartedAt)
        try await event(step, "workload-restarted", ["restartedAt": .string(restart.restartedAt)])
    }

    /// The undo of a restart: pods cannot be un-restarted, and the ones it made carry IRSA for
    /// a role rollback deletes. So the workload is restarted once more (RollbackPlanner runs
    /// these last, after the service account's annotation is undone), and its new pods start
    /// without IRSA, on the node role again.
    func restartAgain(_ step: Step, _ restart: WorkloadRestart) async throws -> (StepOutcome.Result, String) {
        let ref = try step.objectRef()
        let again = restart.restartedAt + WorkloadRestart.rollbackSuffix
        guard let live = try await gateway.podTemplateAnnotation(ref, key: WorkloadRestart.annotation) else {
            return (.unchanged, "\(ref) no longer exists: nothing to restart")
        }
        guard live.value != again else { return (.unchanged, "restarted again already") }
        try await gateway.setPodTemplateAnnotation(ref, key: WorkloadRestart.annotation, value: again)
        try await event(step, "workload-restarted", ["restartedAt": .string(again)])
        return (.ok, "restarted again, so new pods start from service account \(live.serviceAccountName) as it is now")
    }

    static func state(of role: RoleState?) -> JSONValue {
        guard let role else { return .object(["exists": .bool(false)]) }
        return .object([
            "exists": .bool(true), "trustPolicy": .string(role.trustPolicy), "tags": .stringMap(role.tags),
            "attachedPolicyARNs": .strings(role.attachedPolicyARNs.sorted()),
            "inlinePolicies": .object(
                role.inlinePolicies.keys.sorted().map { .init($0, .string(role.inlinePolicies[$0] ?? "")) }),
        ])
    }
}
