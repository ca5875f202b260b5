/// What a step's target looks like now, in the terms of that step.
struct Observation: Sendable {
    /// The digest the planner recorded, computed by the same `Fingerprint` function; nil for
    /// targets with no fingerprint (OIDC providers).
    var fingerprint: String?
    /// The step's desired state already holds.
    var holds: Bool
    /// Stored as the step's before / after.
    var state: JSONValue
    /// What the stale message names: "the trust policy of role X".
    var subject: String
    /// The live target as read, for `perform` to change: it edits exactly what was checked
    /// against the fingerprint, and reads nothing twice. Each is set by its kind of step only.
    var provider: OIDCProvider? = nil
    var policy: TrustPolicy? = nil
    var identity: PodIdentity? = nil
    var role: RoleState? = nil
}

extension StepRunner {
    /// Re-reads the target of a change step.
    func observe(_ step: Step) async throws -> Observation {
        switch step.payload {
        case .ensureOIDCProvider(let ensure):
            let live = try await gateway.oidcProvider(arn: step.target.description)
            return providerObservation(
                step, live, holds: live.map { Set($0.clientIDs ?? []).isSuperset(of: ensure.clientIDs) } ?? false)
        case .deleteOIDCProvider:
            let live = try await gateway.oidcProvider(arn: step.target.description)
            return providerObservation(step, live, holds: live == nil)
        case .addTrustStatements(let edit), .removeTrustStatements(let edit):
            let policy = try await livePolicy(step)
            let change = try TrustChange(edit, step: step)
            return Observation(
                fingerprint: Fingerprint.of(policy.json), holds: change.holds(in: policy), state: policy.json,
                subject: "the trust policy of role \(step.target)", policy: policy)
        case .createServiceAccount(let creation):
            return try await accountObservation(step, wanted: creation.annotations)
        case .annotateServiceAccount(let annotation):
            return try await accountObservation(step, wanted: annotation.annotations)
        case .switchWorkload(let change):
            let live = try await livePodIdentity(step, change)
            return Observation(
                fingerprint: Fingerprint.podTemplate(live.template, roleKey: live.roleKey),
                holds: live == Self.switched(live, change),
                state: Self.state(of: live), subject: "the pod template of \(step.target)", identity: live)
        case .removeNamespaceAnnotation(let removal):
            let ref = try step.objectRef()
            guard let live = try await gateway.namespaceAnnotations(ref.name) else {
                throw GatewayError.notFound(target: step.target.description)
            }
            return Observation(
                fingerprint: Fingerprint.namespaceAnnotations(removal.keys, in: live),
                holds: removal.keys.allSatisfy { live[$0] == nil },
                state: .object(removal.keys.map { .init($0, .optionalString(live[$0])) }),
                subject: "the annotations of \(step.target)")
        case .createRole, .attachRolePolicy, .putRolePolicy, .detachRolePolicy, .deleteRolePolicy:
            return try await observeRole(step)
        case .restartWorkload(let restart):
            return try await observeRestart(step, restart)
        case .verifyWorkload, .verifyAssumeRole:
            throw StepFailure("\(step.label) is a check, not a change")
        }
    }

    private func providerObservation(_ step: Step, _ live: OIDCProvider?, holds: Bool) -> Observation {
        Observation(
            fingerprint: nil, holds: holds, state: Self.state(of: live), subject: "OIDC provider \(step.target)",
            provider: live)
    }

    private func accountObservation(_ step: Step, wanted: [String: String]) async throws -> Observation {
        let live = try await gateway.serviceAccount(try step.objectRef())
        let holds = live.map { account in wanted.allSatisfy { account.annotations[$0.key] == $0.value } } ?? false
        return Observation(
            fingerprint: Fingerprint.serviceAccount(live), holds: holds, state: Self.state(of: live),
            subject: "service account \(step.target)")
    }

    /// Makes the change to the target as `observed`, logging an event for every write.
    /// Returns the trust document written, for the read-back to compare; nil for other steps.
    func perform(_ step: Step, observed: Observation) async throws -> TrustPolicy? {
        let target = step.target.description
        switch step.payload {
        case .ensureOIDCProvider(let ensure):
            if let live = observed.provider {
                for clientID in ensure.clientIDs where !(live.clientIDs ?? []).contains(clientID) {
                    try await gateway.addClientID(clientID, toProvider: target)
                    try await event(step, "client-id-added", ["clientID": .string(clientID)])
                }
            } else {
                try await gateway.createOIDCProvider(arn: target, url: ensure.url, clientIDs: ensure.clientIDs)
                try await event(
                    step, "oidc-provider-created", ["url": .string(ensure.url), "clientIDs": .strings(ensure.clientIDs)])
            }
        case .deleteOIDCProvider:
            try await gateway.deleteOIDCProvider(arn: target)
            try await event(step, "oidc-provider-deleted", [:])
        case .addTrustStatements(let edit), .removeTrustStatements(let edit):
            guard let live = observed.policy else { throw StepFailure("\(step.label): the trust policy was not read") }
            return try await writeTrust(step, edit, live: live)
        case .createServiceAccount(let creation):
            let ref = try step.objectRef()
            let account = ServiceAccount(
                namespace: ref.namespace, name: ref.name, labels: creation.labels, annotations: creation.annotations,
                imagePullSecrets: creation.imagePullSecrets)
            try await gateway.createServiceAccount(account)
            try await event(step, "service-account-created", ["annotations": .stringMap(account.annotations)])
        case .annotateServiceAccount(let annotation):
            try await gateway.annotateServiceAccount(try step.objectRef(), annotation.annotations.mapValues { Optional($0) })
            try await event(step, "service-account-annotated", ["annotations": .stringMap(annotation.annotations)])
        case .switchWorkload(let change):
            guard let live = observed.identity else { throw StepFailure("\(step.label): the pod template was not read") }
            let desired = Self.switched(live, change)
            try await gateway.patchPodIdentity(try step.objectRef(), expected: live, desired: desired)
            try await event(step, "workload-patched", ["before": Self.state(of: live), "after": Self.state(of: desired)])
        case .removeNamespaceAnnotation(let removal):
            try await gateway.annotateNamespace(
                try step.objectRef().name, Dictionary(uniqueKeysWithValues: removal.keys.map { ($0, nil) }))
            try await event(step, "namespace-annotations-removed", ["keys": .strings(removal.keys)])
        case .createRole, .attachRolePolicy, .putRolePolicy, .detachRolePolicy, .deleteRolePolicy:
            try await performRole(step, observed: observed)
        case .restartWorkload(let restart):
            try await performRestart(step, restart)
        case .verifyWorkload, .verifyAssumeRole:
            throw StepFailure("\(step.label) is a check, not a change")
        }
        return nil
    }

    /// Edits the LIVE document: refuses unscoped web-identity trust and documents over the quota.
    /// IAM has no conditional write, so the document is read once more right before the write,
    /// and a change since `live` was read is a conflict (the runner reads again and decides
    /// again) rather than something to overwrite. What remains is the moment between that
    /// read and the write landing (docs/reliability.md).
    private func writeTrust(_ step: Step, _ edit: TrustStatementEdit, live: TrustPolicy) async throws -> TrustPolicy {
        let change = try TrustChange(edit, step: step)
        if let statement = change.unscopedAddition {
            throw StepFailure(
                "\(step.label) refused: it would add a web-identity statement without a :sub condition (\(statement.raw.serialized())), which lets any service account assume the role"
            )
        }
        let edited = change.applied(to: live)
        let size = edited.minifiedSize
        guard size <= quota else {
            throw StepFailure(
                "\(step.label) refused: the trust policy would be \(size) characters, over the quota of \(quota); raise the quota and re-plan with --trust-policy-quota"
            )
        }
        let current = try await livePolicy(step)
        guard Fingerprint.of(current.json) == Fingerprint.of(live.json) else {
            throw GatewayError.conflict(
                target: step.target.description, detail: "its trust policy changed between the read and the write")
        }
        try await gateway.setTrustPolicy(role: step.target.description, document: edited.json.serialized(.minified))
        try await event(
            step, "trust-policy-written",
            [
                "added": .array(edited.statements(notIn: live).map(\.raw)),
                "removed": .array(live.statements(notIn: edited).map(\.raw)),
            ])
        return edited
    }

    func livePolicy(_ step: Step) async throws -> TrustPolicy {
        guard let text = try await gateway.trustPolicy(role: step.target.description) else {
            throw GatewayError.notFound(target: step.target.description)
        }
        do {
            return try TrustPolicy(parsing: text)
        } catch {
            throw StepFailure(
                "the trust policy of role \(step.target) cannot be read now (\(error)): fix it in IAM, then re-plan")
        }
    }

    func livePodIdentity(_ step: Step, _ change: WorkloadSwitch) async throws -> PodIdentity {
        guard let live = try await gateway.podIdentity(try step.objectRef(), roleKey: change.annotationKey) else {
            throw GatewayError.notFound(target: step.target.description)
        }
        return live
    }

    /// The pod identity after a switch-workload step: the planned account (when it changes)
    /// and no kiam annotation.
    static func switched(_ live: PodIdentity, _ change: WorkloadSwitch) -> PodIdentity {
        PodIdentity(
            serviceAccountName: change.serviceAccount?.to ?? live.serviceAccountName, kiamRole: nil, roleKey: change.annotationKey
        )
    }

    func event(_ step: Step, _ kind: String, _ detail: KeyValuePairs<String, JSONValue>) async throws {
        let members =
            [JSONValue.Member("target", .string(step.target.description))] + detail.map { JSONValue.Member($0.key, $0.value) }
        let now = await clock.now()
        try await journaled { try await journal.appendEvent(step.id, kind: kind, detail: .object(members), at: now) }
    }

    static func state(of provider: OIDCProvider?) -> JSONValue {
        guard let provider else { return .object(["exists": .bool(false)]) }
        return .object([
            "exists": .bool(true), "url": .string(provider.url ?? ""), "clientIDs": .strings(provider.clientIDs ?? []),
        ])
    }

    static func state(of account: ServiceAccount?) -> JSONValue {
        guard let account else { return .object(["exists": .bool(false)]) }
        return .object([
            "exists": .bool(true), "annotations": .stringMap(account.annotations), "labels": .stringMap(account.labels),
        ])
    }

    static func state(of identity: PodIdentity) -> JSONValue {
        .object([
            "serviceAccountName": .optionalString(identity.serviceAccountName),
            "kiamRole": .optionalString(identity.kiamRole),
        ])
    }
}
