import Foundation

/// What the journal knows about one step: its status and what was observed when it ran.
public struct JournalEntry: Sendable, Equatable {
    public var status: StepStatus
    /// When the step last reached its status; the gate measures the token lifetime from
    /// the time the last verify step was applied.
    public var finishedAt: Date?
    /// The target as observed before and after the step's change (rollback reports what
    /// changed since from `after`, and restores a deleted provider from `before`).
    public var before: JSONValue?
    public var after: JSONValue?
    /// How many times the step was marked `applying`: a `failed` step with none never
    /// started (refused as stale), so rollback has nothing of it to look for.
    public var attempts: Int

    public init(
        status: StepStatus, finishedAt: Date? = nil, before: JSONValue? = nil, after: JSONValue? = nil, attempts: Int = 0
    ) {
        self.status = status
        self.finishedAt = finishedAt
        self.before = before
        self.after = after
        self.attempts = attempts
    }

    /// The step may have changed the target: applied, or interrupted (`applying`, `reverting`),
    /// or failed after it started. Rollback looks at the live target for each of these.
    public var mayHaveChanged: Bool {
        switch status {
        case .applied, .applying, .reverting: return true
        case .failed: return attempts > 0
        case .pending, .reverted: return false
        // The owner may have synced part of it, or the user committed the files already.
        case .external: return true
        }
    }
}

/// The state store as apply and rollback see it, bound to one plan: the current-state
/// table plus the append-only event log (docs/state-machine.md).
///
/// `markApplying` must be durable when it returns: it is what a crash leaves behind for the
/// next run to re-observe. A journal error stops the run, because a change whose record
/// cannot be written must not be followed by more changes.
public protocol StepJournal: Sendable {
    /// Every step the journal has seen, by step id; a step with no entry is `pending`.
    func entries() async throws -> [String: JournalEntry]
    func markApplying(_ stepID: String, at: Date) async throws
    func markApplied(_ stepID: String, before: JSONValue?, after: JSONValue?, at: Date) async throws
    func markFailed(_ stepID: String, error: String, at: Date) async throws
    /// The target is owned and not yet as planned: left to the owner's sync. `before` is the
    /// target as observed now, kept so that rollback can restore it after the sync.
    func markExternal(_ stepID: String, before: JSONValue?, at: Date) async throws
    func markReverting(_ stepID: String, at: Date) async throws
    func markReverted(_ stepID: String, at: Date) async throws
    /// Audit: every write made to the cluster or IAM, and every decision worth explaining.
    func appendEvent(_ stepID: String?, kind: String, detail: JSONValue, at: Date) async throws
}
