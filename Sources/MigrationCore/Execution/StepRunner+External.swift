/// Steps on owned targets: a GitOps tool or IaC would revert a live patch at its next sync,
/// so apply leaves the change to the owner (`irsa-migrate export` writes its files) and
/// records the step `external` until it reads the planned state back.
extension StepRunner {
    /// The owner to wait for, or nil when the step is patched live (nothing owns the target,
    /// it is a check, or `--patch-owned` was given).
    func waitingOwner(_ step: Step) -> Owner? {
        guard !patchOwned, !step.action.isCheck else { return nil }
        return step.owner
    }

    /// Records the step `external` with the target as observed now (only the first time: a
    /// later run that still waits keeps that first observation), and says what it waits for.
    func markExternal(_ step: Step, _ owner: Owner, before: JSONValue?, status: StepStatus) async throws -> String {
        if status != .external {
            let now = await clock.now()
            try await journaled { try await journal.markExternal(step.id, before: before, at: now) }
            try await event(step, "external", ["owner": .string(owner.description), "evidence": .string(owner.evidence)])
        }
        return
            "waiting for the sync of \(owner.description) (\(owner.evidence)): commit the files of 'irsa-migrate export', then run apply again; --patch-owned patches it live instead"
    }

    /// The owner's sync made the planned change.
    func synced(_ step: Step) async throws -> String {
        let owner = step.owner?.description ?? "its owner"
        try await event(step, "synced", ["owner": .string(owner)])
        return "synced: \(owner) made the change; recorded as applied"
    }
}

extension StepRunner {
    /// Rollback of a step on an owned target: never a live patch (the owner's next sync would
    /// make the change again, its source still has it). When the change is not there (never
    /// synced, or the owner synced the undo) the step is recorded `reverted`; otherwise it stays
    /// as it is and the outcome is `external`, with the inverse file for the CLI to print.
    func revertOwned(_ step: Step, _ owner: Owner, entry: JournalEntry?) async throws -> (StepOutcome, InverseExport?) {
        do {
            let live = try await observe(step)
            guard !live.holds else {
                try await event(step, "inverse-exported", ["owner": .string(owner.description)])
                let outcome = StepOutcome(
                    step, .external,
                    "not undone live: \(owner.description) owns it and its next sync would redo it; commit the inverse file below, let it sync, then run this rollback again (--patch-owned undoes it live instead)"
                )
                return (outcome, .of(step, restoring: try undoneTrust(step, entry: entry, live: live)))
            }
            let wasExternal = entry?.status == .external
            if entry?.status != .reverting {
                let now = await clock.now()
                try await journaled { try await journal.markReverting(step.id, at: now) }
            }
            let now = await clock.now()
            try await journaled { try await journal.markReverted(step.id, at: now) }
            let outcome = StepOutcome(
                step, .unchanged,
                wasExternal
                    ? "nothing to undo: \(owner.description) never synced the change"
                    : "undone by the sync of \(owner.description)")
            return (outcome, nil)
        } catch let failure as JournalFailure {
            throw failure.underlying
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return (StepOutcome(step, .failed, "\(step.label) could not be read to roll it back: \(error)"), nil)
        }
    }

    /// For a trust step: the live trust policy with the step undone, as `--patch-owned` would
    /// write it. Not the journal's `before`: when the owner synced before apply ran the step,
    /// apply found it already done and recorded the changed document as "before".
    private func undoneTrust(_ step: Step, entry: JournalEntry?, live: Observation) throws -> JSONValue? {
        switch step.payload {
        case .addTrustStatements(let edit), .removeTrustStatements(let edit):
            guard let policy = live.policy else { return nil }
            return try undone(step, edit, entry: entry, live: policy).0.json
        default:
            return nil
        }
    }
}
