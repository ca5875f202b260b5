import Foundation
import MigrationCore

/// The state file as the executor's `StepJournal`, bound to one stored plan.
///
/// Every call is one SQLite transaction that commits before it returns, which is what the
/// executor needs from `markApplying` (a crash after it leaves `applying` behind). Times
/// are stored as ISO 8601 text and parsed back with `Date(iso8601:)`, so the cleanup
/// gate compares the same seconds the journal recorded.
public struct PlanJournal: StepJournal {
    public let store: SQLitePlanStore
    public let planID: String
    /// The lock apply or rollback holds: checked before every write, so a lock file pulled
    /// away stops the run instead of letting a second writer in unnoticed.
    public let lock: FileLock?

    public init(store: SQLitePlanStore, planID: String, lock: FileLock? = nil) {
        self.store = store
        self.planID = planID
        self.lock = lock
    }

    public func entries() async throws -> [String: JournalEntry] {
        var entries: [String: JournalEntry] = [:]
        for record in try store.steps(planID: planID) {
            entries[record.id] = JournalEntry(
                status: record.status, finishedAt: record.finishedAt.flatMap { Date(iso8601: $0) },
                before: record.before, after: record.after, attempts: record.attempts)
        }
        return entries
    }

    public func markApplying(_ stepID: String, at: Date) async throws {
        try lock?.checkHeld()
        try store.markApplying(planID: planID, stepID: stepID, at: at.iso8601)
    }

    public func markApplied(_ stepID: String, before: JSONValue?, after: JSONValue?, at: Date) async throws {
        try lock?.checkHeld()
        try store.markApplied(planID: planID, stepID: stepID, before: before, after: after, at: at.iso8601)
    }

    public func markFailed(_ stepID: String, error: String, at: Date) async throws {
        try lock?.checkHeld()
        try store.markFailed(planID: planID, stepID: stepID, error: error, at: at.iso8601)
    }

    public func markExternal(_ stepID: String, before: JSONValue?, at: Date) async throws {
        try lock?.checkHeld()
        try store.markExternal(planID: planID, stepID: stepID, before: before, at: at.iso8601)
    }

    public func markReverting(_ stepID: String, at: Date) async throws {
        try lock?.checkHeld()
        try store.markReverting(planID: planID, stepID: stepID, at: at.iso8601)
    }

    public func markReverted(_ stepID: String, at: Date) async throws {
        try lock?.checkHeld()
        try store.markReverted(planID: planID, stepID: stepID, at: at.iso8601)
    }

    public func appendEvent(_ stepID: String?, kind: String, detail: JSONValue, at: Date) async throws {
        try lock?.checkHeld()
        try store.appendEvent(planID: planID, stepID: stepID, kind: kind, detail: detail, at: at.iso8601)
    }
}
