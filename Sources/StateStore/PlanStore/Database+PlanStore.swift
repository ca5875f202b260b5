import MigrationCore

/// Row-level helpers for `SQLitePlanStore`; each runs inside the caller's transaction.
extension Database {
    func planExists(_ id: String) throws -> Bool {
        try !query("SELECT 1 FROM plans WHERE id = ?", [.text(id)]).isEmpty
    }

    func insertStep(_ step: Step, planID: String) throws {
        try execute(
            """
            INSERT INTO steps (plan_id, position, id, phase, action, target, fingerprint, status)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(planID), .int(step.position), .text(step.id), .text(step.phase.rawValue),
                .text(step.action.rawValue), .text(step.target.description), .text(step.fingerprint),
                .text(step.status.rawValue),
            ])
    }

    @discardableResult
    func insertEvent(planID: String, stepID: String?, kind: String, detail: JSONValue, at: String) throws -> Int {
        try execute(
            "INSERT INTO events (at, plan_id, step_id, kind, detail) VALUES (?, ?, ?, ?, ?)",
            [.text(at), .text(planID), .optionalText(stepID), .text(kind), .text(detail.serialized())])
        return try query("SELECT last_insert_rowid()").first?.int(0) ?? 0
    }
}
