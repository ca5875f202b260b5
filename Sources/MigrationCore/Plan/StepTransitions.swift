/// Where a step stands; `StepTransitions` says which status may follow which.
public enum StepStatus: String, Codable, Sendable, CaseIterable {
    case pending, applying, applied, failed, reverting, reverted
    /// The target is owned (GitOps or IaC): apply does not patch it but waits for the owner's
    /// sync to make the planned change, and records `applied` once it reads it back.
    case external
}

/// The step state machine, in the golang-migrate "dirty flag" style: a step is marked
/// `applying` (committed) before its side effect and `applied` only after its postcondition
/// was observed, so a crash leaves `applying` behind for the next run to re-check.
public enum StepTransitions {
    /// The statuses each status may be entered from.
    ///
    /// - `applying` from `applying` resumes after a crash; from `failed` retries; from
    ///   `reverted` re-applies a rolled-back step.
    /// - `failed` from `pending` records a step refused before it started (stale target);
    ///   its attempt count stays 0 because nothing was tried.
    /// - `reverting` from `applying` or `failed` undoes a step that may have half-happened
    ///   (rollback looks at the live target: it undoes what is there and skips what never
    ///   happened); from `reverting` resumes an interrupted rollback.
    /// - `external` from `pending`, `failed`, `reverted` (apply found an owned target not yet
    ///   as planned and did not patch it) and `applying` (a resumed step); from `external` it
    ///   goes to `applying` then `applied` once the owner's sync made the change, to `failed`
    ///   when the target changed some other way, or to `reverting` when rolled back.
    public static let allowedSources: [StepStatus: Set<StepStatus>] = [
        .pending: [],
        .applying: [.pending, .applying, .failed, .reverted, .external],
        .applied: [.applying],
        .failed: [.pending, .applying, .reverting, .external],
        .reverting: [.applied, .applying, .failed, .reverting, .external],
        .reverted: [.reverting],
        .external: [.pending, .applying, .failed, .reverted],
    ]

    /// `check`: the step is a check of the verify phase, which `irsa-migrate verify` runs again
    /// once applied. It stays `applied` while it passes and goes `applied` -> `failed` when it
    /// no longer does (after an issuer switch, say), which closes the cleanup gate again.
    public static func allows(from: StepStatus, to: StepStatus, check: Bool = false) -> Bool {
        if check && from == .applied && to == .failed { return true }
        return allowedSources[to]?.contains(from) ?? false
    }
}
