import MigrationCore

extension SQLitePlanStore {
    /// Appends an audit event, e.g. a write made to the cluster or IAM. Returns its `seq`.
    @discardableResult
    public func appendEvent(planID: String, stepID: String?, kind: String, detail: JSONValue, at: String) throws -> Int {
        try withDatabaseWriting { database in
            try database.transaction {
                guard try database.planExists(planID) else { throw PlanStoreError.planNotFound(id: planID) }
                if let stepID {
                    let found = try database.query(
                        "SELECT 1 FROM steps WHERE plan_id = ? AND id = ?", [.text(planID), .text(stepID)])
                    guard !found.isEmpty else { throw PlanStoreError.stepNotFound(planID: planID, stepID: stepID) }
                }
                return try database.insertEvent(planID: planID, stepID: stepID, kind: kind, detail: detail, at: at)
            }
        }
    }

    /// A plan's events in the order they were recorded.
    public func events(planID: String) throws -> [EventRecord] {
        try withDatabase { database in
            try database.query(
                "SELECT seq, at, step_id, kind, detail FROM events WHERE plan_id = ? ORDER BY seq", [.text(planID)]
            ).map { row in
                EventRecord(
                    seq: row.int(0), at: row.text(1), planID: planID, stepID: row.optionalText(2), kind: row.text(3),
                    detail: try StoreJSON.parse(row.text(4), planID: planID))
            }
        }
    }
}
