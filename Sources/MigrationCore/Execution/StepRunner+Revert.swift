extension StepRunner {
    /// Undoes one step that may have changed the target: `reverting` before, `reverted`
    /// after, `failed` with the reason when the inverse cannot be made. A step that was not
    /// `applied` (a crash left it `applying`, or it failed) may never have happened: the undo
    /// finds nothing to change and says so. Throws only when the run must stop at once.
    func revert(_ step: Step, entry: JournalEntry?) async throws -> StepOutcome {
        let start = await clock.now()
        func finish(_ result: StepOutcome.Result, _ message: String) async -> StepOutcome {
            StepOutcome(step, result, message, seconds: await clock.now().timeIntervalSince(start))
        }
        do {
            if entry?.status != .reverting {
                let now = await clock.now()
                try await journaled { try await journal.markReverting(step.id, at: now) }
            }
            var (result, message) = try await undo(step, entry: entry)
            let now = await clock.now()
            try await journaled { try await journal.markReverted(step.id, at: now) }
            let interrupted = entry?.status == .applying || entry?.status == .failed
            if interrupted && result == .unchanged {
                message = "nothing to undo: the \(entry?.status.rawValue ?? "") step had not changed it"
            }
            return await finish(result, message)
        } catch is CancellationError {
            throw CancellationError()
        } catch let failure as JournalFailure {
            throw failure.underlying
        } catch {
            let message = (error as? StepFailure)?.message ?? "\(step.label) could not be undone: \(error)"
            let now = await clock.now()
            try await journaled { try await journal.markFailed(step.id, error: message, at: now) }
            return await finish(.failed, message)
        }
    }

    /// The inverse, made against the live target. Returns `ok` when something was written,
    /// `unchanged` when nothing needed to be, and a message naming what was kept and why.
    private func undo(_ step: Step, entry: JournalEntry?) async throws -> (StepOutcome.Result, String) {
        switch step.payload {
        case .verifyWorkload, .verifyAssumeRole:
            return (.unchanged, "a check: nothing to undo")
        case .ensureOIDCProvider:
            return (.unchanged, "kept the OIDC provider: other roles may trust it; delete it by hand once unused")
        case .deleteOIDCProvider(let deletion):
            return try await recreateProvider(step, url: deletion.url, entry: entry)
        case .addTrustStatements(let edit), .removeTrustStatements(let edit):
            return try await revertTrust(step, edit, entry: entry)
        case .createServiceAccount:
            return try await deleteCreatedAccount(step)
        case .annotateServiceAccount(let annotation):
            let ref = try step.objectRef()
            guard let live = try await gateway.serviceAccount(ref) else { return (.unchanged, "the service account is gone") }
            return try await restoreAnnotations(
                step, previous: annotation.previous, written: annotation.annotations, live: live.annotations
            ) { try await gateway.annotateServiceAccount(ref, $0) }
        case .removeNamespaceAnnotation(let removal):
            let name = try step.objectRef().name
            guard let live = try await gateway.namespaceAnnotations(name) else {
                throw GatewayError.notFound(target: step.target.description)
            }
            return try await restoreAnnotations(
                step, previous: removal.previous.mapValues { Optional($0) }, written: [:], live: live
            ) { try await gateway.annotateNamespace(name, $0) }
        case .switchWorkload(let change):
            return try await switchBack(step, change)
        case .createRole, .attachRolePolicy, .putRolePolicy, .detachRolePolicy, .deleteRolePolicy:
            return try await undoRole(step)
        case .restartWorkload(let restart):
            return try await restartAgain(step, restart)
        }
    }

    /// Removes exactly what the step added and restores exactly what it removed, on the LIVE
    /// document; whatever else changed since apply stays, and the message says what. As in
    /// apply, the document is read again right before the write; if it changed, the undo is
    /// worked out again on the new one (a bounded number of times).
    private func revertTrust(_ step: Step, _ edit: TrustStatementEdit, entry: JournalEntry?) async throws -> (
        StepOutcome.Result, String
    ) {
        var live = try await livePolicy(step)
        var rereads = 0
        while true {
            let (restored, notes) = try undone(step, edit, entry: entry, live: live)
            guard restored.json != live.json else { return (.unchanged, (["nothing to undo"] + notes).joined(separator: "; ")) }
            guard restored.minifiedSize <= quota else {
                throw StepFailure(
                    "\(step.label): the restored trust policy would be \(restored.minifiedSize) characters, over the quota of \(quota)"
                )
            }
            let current = try await livePolicy(step)
            guard Fingerprint.of(current.json) == Fingerprint.of(live.json) else {
                guard rereads < Self.conflictRereads else {
                    throw StepFailure(
                        "\(step.label): the trust policy of role \(step.target) kept changing while it was being undone; run rollback again when nobody else edits it"
                    )
                }
                rereads += 1
                try await event(step, "conflict", ["error": .string("its trust policy changed between the read and the write")])
                live = current
                continue
            }
            try await gateway.setTrustPolicy(role: step.target.description, document: restored.json.serialized(.minified))
            try await event(
                step, "trust-policy-written",
                [
                    "added": .array(restored.statements(notIn: live).map(\.raw)),
                    "removed": .array(live.statements(notIn: restored).map(\.raw)), "kept": .strings(notes),
                ])
            return (.ok, notes.joined(separator: "; "))
        }
    }

    /// The live document with the step undone, and what was kept and why.
    func undone(_ step: Step, _ edit: TrustStatementEdit, entry: JournalEntry?, live: TrustPolicy) throws -> (
        TrustPolicy, [String]
    ) {
        let inverse = try TrustChange(edit.reversed, step: step)
        // The inverse only restores statements the role had before, so it never broadens
        // trust beyond the original; the :sub refusal of apply does not apply to it.
        let before = entry?.before.flatMap { try? TrustPolicy(json: $0) }
        let restored = inverse.applied(to: live, restoringPositionsFrom: before)
        var notes: [String] = []
        let gone = inverse.remove.filter { !live.contains(equivalentTo: $0) }
        if !gone.isEmpty { notes.append("\(gone.count) statement(s) it added had already been changed or removed") }
        if let recorded = entry?.after.flatMap({ try? TrustPolicy(json: $0) }) {
            let added = live.statements(notIn: recorded).count
            let removed = recorded.statements(notIn: live).count - gone.count
            if added + removed > 0 {
                notes.append("kept \(added) statement(s) added and \(max(0, removed)) removed by someone else since apply")
            }
        }
        return (restored, notes)
    }

    /// Deletes a service account irsa-migrate created, unless it no longer carries our label
    /// or some workload runs as it.
    private func deleteCreatedAccount(_ step: Step) async throws -> (StepOutcome.Result, String) {
        let ref = try step.objectRef()
        guard let live = try await gateway.serviceAccount(ref) else { return (.unchanged, "the service account is already gone") }
        guard live.labels[Annotations.createdByLabel] == Annotations.createdByValue else {
            return (
                .unchanged,
                "kept: it has no \(Annotations.createdByLabel)=\(Annotations.createdByValue) label, so irsa-migrate did not create it"
            )
        }
        let users = try await gateway.workloadsUsing(serviceAccount: ref)
        guard users.isEmpty else {
            let names = users.map(\.description).sorted().joined(separator: ", ")
            try await event(step, "service-account-kept", ["usedBy": .strings(users.map(\.description).sorted())])
            return (.unchanged, "kept: still used by \(names)")
        }
        try await gateway.deleteServiceAccount(ref)
        try await event(step, "service-account-deleted", [:])
        return (.ok, "")
    }

    /// Sets each annotation back to its recorded previous value (or removes it), unless
    /// someone changed it since apply: that value is kept and named.
    /// `written` is what apply set (nothing for a removal).
    private func restoreAnnotations(
        _ step: Step, previous: [String: String?], written: [String: String], live: [String: String],
        write: ([String: String?]) async throws -> Void
    ) async throws -> (StepOutcome.Result, String) {
        var changes: [String: String?] = [:]
        var kept: [String] = []
        for (key, value) in previous.sorted(by: { $0.key < $1.key }) {
            // What apply left: the value it wrote, or (for removals) no annotation at all.
            let applied = written[key]
            if live[key] == value { continue }
            if live[key] == applied { changes[key] = value } else { kept.append(key) }
        }
        let note = kept.isEmpty ? "" : "kept \(kept.joined(separator: ", ")): changed since apply"
        guard !changes.isEmpty else { return (.unchanged, note.isEmpty ? "nothing to undo" : note) }
        try await write(changes)
        let detail = JSONValue.object(changes.keys.sorted().map { .init($0, .optionalString(changes[$0] ?? nil)) })
        try await event(step, "annotations-restored", ["annotations": detail, "kept": .strings(kept)])
        return (.ok, note)
    }

    /// Puts the service account name and the kiam annotation back, in one patch, only if
    /// the template is still as apply left it.
    private func switchBack(_ step: Step, _ change: WorkloadSwitch) async throws -> (StepOutcome.Result, String) {
        let live = try await livePodIdentity(step, change)
        let previousAccount = change.serviceAccount.map(\.from) ?? live.serviceAccountName
        let desired = PodIdentity(
            serviceAccountName: previousAccount, kiamRole: change.previousKiamRole, roleKey: change.annotationKey)
        // An interrupted rollback (or a switch that never happened) finds the template as it was.
        if live == desired { return (.unchanged, "the pod template is already as it was before apply") }
        guard live == Self.switched(live, change) else {
            throw StepFailure(
                "\(step.label) cannot be undone: the pod template changed since apply (service account \(live.effectiveServiceAccount), kiam annotation \(live.kiamRole ?? "absent")); restore it by hand"
            )
        }
        try await gateway.patchPodIdentity(try step.objectRef(), expected: live, desired: desired)
        try await event(step, "workload-patched", ["before": Self.state(of: live), "after": Self.state(of: desired)])
        return (.ok, "")
    }

    /// Recreates a deleted provider with the url of the plan and the client ids it had.
    private func recreateProvider(_ step: Step, url: String, entry: JournalEntry?) async throws -> (StepOutcome.Result, String) {
        if try await gateway.oidcProvider(arn: step.target.description) != nil { return (.unchanged, "the provider exists") }
        let clientIDs = entry?.before?["clientIDs"]?.stringList ?? []
        guard !clientIDs.isEmpty else { throw StepFailure("\(step.label): the journal has no client ids to recreate it with") }
        try await gateway.createOIDCProvider(arn: step.target.description, url: url, clientIDs: clientIDs)
        try await event(step, "oidc-provider-created", ["url": .string(url), "clientIDs": .strings(clientIDs)])
        return (.ok, "")
    }
}
