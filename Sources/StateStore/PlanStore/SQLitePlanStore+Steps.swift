import MigrationCore

extension SQLitePlanStore {
    /// The execution state of every step of a plan, in plan order.
    public func steps(planID: String) throws -> [StepRecord] {
        try withDatabase { database in
            guard try database.planExists(planID) else { throw PlanStoreError.planNotFound(id: planID) }
            return try database.query(
                """
                SELECT position, id, phase, action, target, fingerprint, status, attempts, last_error,
                       "before", "after", started_at, finished_at
                FROM steps WHERE plan_id = ? ORDER BY position, id
                """, [.text(planID)]
            ).map { try Self.stepRecord($0, planID: planID) }
        }
    }

    private static func stepRecord(_ row: Row, planID: String) throws -> StepRecord {
        guard let phase = Phase(rawValue: row.text(2)), let action = Action(rawValue: row.text(3)) else {
            throw PlanStoreError.corrupt(planID: planID, detail: "step \(row.text(1)) has an unknown phase or action")
        }
        return StepRecord(
            planID: planID, position: row.int(0), id: row.text(1), phase: phase, action: action, target: row.text(4),
            fingerprint: row.text(5), status: try StoreJSON.status(row.text(6), planID: planID), attempts: row.int(7),
            lastError: row.optionalText(8), before: try StoreJSON.parseOptional(row.optionalText(9), planID: planID),
            after: try StoreJSON.parseOptional(row.optionalText(10), planID: planID), startedAt: row.optionalText(11),
            finishedAt: row.optionalText(12))
    }

    /// Marks a step `applying` before its side effect, counting the attempt.
    public func markApplying(planID: String, stepID: String, at: String) throws {
        try transition(
            planID: planID, stepID: stepID, to: .applying, at: at,
            set: "attempts = attempts + 1, started_at = ?, finished_at = NULL", values: [.text(at)])
    }

    /// Marks a step `applied` once its postcondition holds, with the target as observed
    /// before and after the change (what rollback restores and reports).
    public func markApplied(planID: String, stepID: String, before: JSONValue?, after: JSONValue?, at: String) throws {
        try transition(
            planID: planID, stepID: stepID, to: .applied, at: at,
            set: #""before" = ?, "after" = ?, last_error = NULL, finished_at = ?"#,
            values: [.optionalText(before?.serialized()), .optionalText(after?.serialized()), .text(at)])
    }

    /// Marks a step `failed` (refused before starting, or while applying or reverting) with
    /// the error shown to the user.
    public func markFailed(planID: String, stepID: String, error: String, at: String) throws {
        try transition(
            planID: planID, stepID: stepID, to: .failed, at: at, set: "last_error = ?, finished_at = ?",
            values: [.text(error), .text(at)], detail: ["error": .string(error)])
    }

    /// Marks a step `external` (its owner's sync is to make the change), with the target as
    /// observed now; kept over later runs so rollback restores what was there before the sync.
    public func markExternal(planID: String, stepID: String, before: JSONValue?, at: String) throws {
        try transition(
            planID: planID, stepID: stepID, to: .external, at: at,
            set: #""before" = ?, "after" = NULL, last_error = NULL, finished_at = ?"#,
            values: [.optionalText(before?.serialized()), .text(at)])
    }

    /// Marks a step `reverting` before its inverse runs.
    public func markReverting(planID: String, stepID: String, at: String) throws {
        try transition(
            planID: planID, stepID: stepID, to: .reverting, at: at, set: "started_at = ?, finished_at = NULL",
            values: [.text(at)])
    }

    /// Marks a step `reverted` once its inverse's postcondition holds.
    public func markReverted(planID: String, stepID: String, at: String) throws {
        try transition(
            planID: planID, stepID: stepID, to: .reverted, at: at, set: "last_error = NULL, finished_at = ?",
            values: [.text(at)])
    }

    /// Checks and applies one status change and logs it as a `step-STATUS` event, atomically.
    private func transition(
        planID: String, stepID: String, to status: StepStatus, at: String, set assignments: String,
        values: [DatabaseValue], detail: KeyValuePairs<String, JSONValue> = [:]
    ) throws {
        try withDatabaseWriting { database in
            try database.transaction {
                let rows = try database.query(
                    "SELECT status, attempts, action FROM steps WHERE plan_id = ? AND id = ?", [.text(planID), .text(stepID)])
                guard let row = rows.first else {
                    guard try database.planExists(planID) else { throw PlanStoreError.planNotFound(id: planID) }
                    throw PlanStoreError.stepNotFound(planID: planID, stepID: stepID)
                }
                let current = try StoreJSON.status(row.text(0), planID: planID)
                let check = Action(rawValue: row.text(2))?.isCheck ?? false
                guard StepTransitions.allows(from: current, to: status, check: check) else {
                    throw PlanStoreError.invalidTransition(planID: planID, stepID: stepID, from: current, to: status)
                }
                try database.execute(
                    "UPDATE steps SET status = ?, \(assignments) WHERE plan_id = ? AND id = ?",
                    [.text(status.rawValue)] + values + [.text(planID), .text(stepID)])
                let attempts = row.int(1) + (status == .applying ? 1 : 0)
                let members =
                    [
                        JSONValue.Member("from", .string(current.rawValue)), .init("to", .string(status.rawValue)),
                        .init("attempts", .int(attempts)),
                    ] + detail.map { JSONValue.Member($0.key, $0.value) }
                try database.insertEvent(
                    planID: planID, stepID: stepID, kind: "step-\(status.rawValue)", detail: .object(members), at: at)
            }
        }
    }
}
