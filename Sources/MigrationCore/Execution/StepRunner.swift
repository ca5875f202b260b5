/// Applies one step, journaled: re-observe, refuse if stale, mark `applying`, change,
/// check the postcondition, mark `applied` (docs/state-machine.md).
struct StepRunner: Sendable {
    let gateway: any TargetGateway
    let journal: any StepJournal
    let verifier: any Verifier
    let clock: any WallClock
    /// The plan's `trustPolicyQuota`: apply re-checks the size of the live document it writes.
    let quota: Int
    /// Patch targets a GitOps tool or IaC owns (`--patch-owned`) instead of waiting for their sync.
    var patchOwned = false

    /// The step's outcome. Throws only when the run must stop: the journal failed, or the
    /// task was cancelled (the step then stays `applying`, exactly like a crash). `recorded`
    /// is the target as an earlier run observed it before a sync it waited for (`external`).
    func apply(_ step: Step, status initial: StepStatus, recorded: JSONValue? = nil) async throws -> StepOutcome {
        let start = await clock.now()
        var status = initial
        func finish(_ result: StepOutcome.Result, _ message: String) async -> StepOutcome {
            StepOutcome(step, result, message, seconds: await clock.now().timeIntervalSince(start))
        }
        do {
            if step.action.isCheck { return try await verify(step, status: &status, finish: finish) }
            let resumed = initial == .applying
            var before = try await observe(step)
            // After a sync, the target as it was before the sync is what rollback restores.
            let original = (initial == .external ? recorded : nil) ?? before.state
            var conflicts: [String] = []
            while true {
                if before.holds {
                    try await markApplying(step, &status)
                    try await markApplied(step, before: original, after: before.state)
                    if initial == .external { return await finish(.ok, try await synced(step)) }
                    if let last = conflicts.last {
                        return await finish(.ok, "a write met a conflict (\(last)); read again, it is as planned")
                    }
                    try await event(step, resumed ? "resumed" : "unchanged", ["finished": .bool(resumed)])
                    return await finish(
                        .unchanged,
                        resumed ? "resumed: the interrupted change had been made; recorded as applied" : "already as planned")
                }
                if let live = before.fingerprint, !step.fingerprint.isEmpty, live != step.fingerprint {
                    let when = conflicts.isEmpty ? "since the plan was made" : "while this step was writing it"
                    throw StepFailure(
                        "\(step.label) is stale: \(before.subject) changed \(when); run 'irsa-migrate plan' again", result: .stale
                    )
                }
                if let owner = waitingOwner(step) {
                    return await finish(.external, try await markExternal(step, owner, before: original, status: status))
                }
                if resumed && conflicts.isEmpty { try await event(step, "resumed", ["finished": .bool(false)]) }
                try await markApplying(step, &status)
                do {
                    let written = try await perform(step, observed: before)
                    return try await readBack(step, original: original, written: written, resumed: resumed, finish: finish)
                } catch let error as GatewayError {
                    // Someone changed the target between our read and our write: read it again and
                    // decide again (done, stale, or write once more), a bounded number of times.
                    guard case .conflict = error, conflicts.count < Self.conflictRereads else { throw error }
                    conflicts.append(error.description)
                    try await event(step, "conflict", ["error": .string(error.description)])
                    before = try await observe(step)
                }
            }
        } catch let failure as StepFailure {
            try await markFailed(step, failure.message, status: status)
            return await finish(failure.result, failure.message)
        } catch is CancellationError {
            throw CancellationError()
        } catch let failure as JournalFailure {
            throw failure.underlying
        } catch {
            let message = "\(step.label) failed: \(error)"
            try await markFailed(step, message, status: status)
            return await finish(.failed, message)
        }
    }

    /// How often a write refused as conflicting is followed by a fresh read and a new decision.
    static let conflictRereads = 2

    /// The postcondition after a write. A trust document must read back as written: one that
    /// still holds our change but differs got someone else's edit at the same moment, and
    /// since IAM has no conditional write, an edit of theirs just before ours may be lost.
    /// That is reported as `concurrent` (applied, but the run fails), never as `ok`.
    private func readBack(
        _ step: Step, original: JSONValue, written: TrustPolicy?, resumed: Bool,
        finish: (StepOutcome.Result, String) async -> StepOutcome
    ) async throws -> StepOutcome {
        let after = try await observe(step)
        guard after.holds else {
            throw StepFailure(
                "\(step.label): the change was written but \(after.subject) does not show it when read back; someone may have changed it at the same time: check it, then run apply again"
            )
        }
        try await markApplied(step, before: original, after: after.state)
        if let written, let live = after.policy,
            !(live.statements(notIn: written).isEmpty && written.statements(notIn: live).isEmpty)
        {
            let theirs = live.statements(notIn: written).count
            let lost = written.statements(notIn: live).count
            try await event(
                step, "concurrent-change",
                ["written": written.json, "readBack": live.json, "added": .int(theirs), "removed": .int(lost)])
            return await finish(
                .concurrent,
                "written, but the trust policy read back differs (\(theirs) statement(s) added and \(lost) removed by someone else at the same time); an edit made just before this write may have been overwritten: review the role's trust policy"
            )
        }
        return await finish(.ok, resumed ? "resumed: redone after an interrupted run" : "")
    }

    private func verify(
        _ step: Step, status: inout StepStatus, finish: (StepOutcome.Result, String) async -> StepOutcome
    ) async throws -> StepOutcome {
        // A check that passed before and runs again keeps `applied` and the time it first
        // passed (the cleanup gate counts from it) unless it fails now.
        let recheck = status == .applied
        if !recheck { try await markApplying(step, &status) }
        let result = try await verifier.verify(step)
        guard result.passed else { throw StepFailure("\(step.label) did not pass: \(result.message)") }
        if recheck {
            try await event(step, "rechecked", ["message": .string(result.message)])
        } else {
            try await markApplied(step, before: nil, after: .object(["message": .string(result.message)]))
        }
        return await finish(.ok, result.message)
    }

    private func markApplying(_ step: Step, _ status: inout StepStatus) async throws {
        guard status != .applying else { return }
        let now = await clock.now()
        try await journaled { try await journal.markApplying(step.id, at: now) }
        status = .applying
    }

    private func markApplied(_ step: Step, before: JSONValue?, after: JSONValue?) async throws {
        let now = await clock.now()
        try await journaled { try await journal.markApplied(step.id, before: before, after: after, at: now) }
    }

    /// `failed` can be entered from `pending` and `applying`, and by a check from `applied`; a
    /// step refused again after an earlier failure keeps its status and gets an event with the
    /// new reason.
    private func markFailed(_ step: Step, _ message: String, status: StepStatus) async throws {
        let now = await clock.now()
        if status == .pending || status == .applying || status == .external || (status == .applied && step.action.isCheck) {
            try await journaled { try await journal.markFailed(step.id, error: message, at: now) }
        } else {
            try await event(step, "refused", ["error": .string(message)])
        }
    }
}
