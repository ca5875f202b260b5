import Foundation
import MigrationCore

/// Plans and their execution state in one SQLite state file: the current state of every
/// step in `steps`, and every change to it (and every write to the cluster or IAM that the
/// caller reports) in the append-only `events` table.
///
/// `@unchecked Sendable`: the SQLite connection is used only inside `withDatabase`, which
/// holds `lock`, so calls from different threads run one at a time. Cross-process writers
/// are kept apart by `FileLock` and SQLite's own locking (`BEGIN IMMEDIATE`, busy timeout).
/// Times are passed in by the caller (ISO 8601 UTC strings); nothing here reads the clock.
public final class SQLitePlanStore: @unchecked Sendable {
    public let path: String
    private let database: Database
    private let lock = NSLock()

    /// The schema version this binary writes.
    public static var schemaVersion: Int { Schema.migrations.count }

    /// Which file the connection opened: each write first checks `path` still names it.
    private let identity: FileIdentity?
    public let isReadOnly: Bool

    /// Opens the state file at `path`, creating it (mode 0600) and migrating its schema, or
    /// with `readOnly` (status, report) without creating, migrating or writing anything.
    /// Another program's file is refused untouched (`StateFileError.notAStateFile`); a
    /// file written by a newer irsa-migrate is `SchemaError.newerSchema`.
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        isReadOnly = readOnly
        var fresh = false
        self.database = try Database(path: path, readOnly: readOnly) { database in
            fresh = try Schema.identify(database, known: Schema.migrations.count)
        }
        if readOnly {
            if fresh { throw StateFileError.empty(path: path) }
        } else {
            try database.migrate(Schema.migrations)
        }
        identity = FileIdentity.of(path: path)
    }

    /// Runs a write, after checking the state file is still the one opened: a file deleted
    /// or replaced under a running apply would take every later record with it. Its
    /// records so far are copied next to it, and the command stops.
    func withDatabaseWriting<T>(_ body: (Database) throws -> T) throws -> T {
        try withDatabase { database in
            guard FileIdentity.of(path: path) == identity else {
                var saved: String? = path + ".recovered"
                var number = 1
                while let candidate = saved, FileManager.default.fileExists(atPath: candidate) {
                    number += 1
                    saved = path + ".recovered-\(number)"
                }
                if let saved, (try? database.copy(to: saved)) == nil { throw StateFileError.replaced(path: path, savedTo: nil) }
                throw StateFileError.replaced(path: path, savedTo: saved)
            }
            return try body(database)
        }
    }

    func withDatabase<T>(_ body: (Database) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(database)
    }

    /// Stores a new plan and its steps, and records a `plan-created` event at the plan's
    /// `createdAt`. The body is kept as JSON with sorted keys, in the stored form
    /// (`Plan.storedJSON()`: what a step's row holds is not repeated in it). Steps keep the
    /// status they carry (a fresh plan's are all `pending`).
    public func save(_ plan: Plan, toolVersion: String) throws {
        let header = plan.header
        let body = try plan.storedJSON()
        let options = try StoreJSON.encode(header.options.recorded)
        let heading = try StoreJSON.encode(PlanHeading(header: header, summary: plan.summary))
        try withDatabaseWriting { database in
            try database.transaction {
                guard try !database.planExists(header.id) else { throw PlanStoreError.planExists(id: header.id, path: path) }
                try database.execute(
                    """
                    INSERT INTO plans (id, kind, options, input_digest, body, heading, tool_version, created_at)
                    VALUES (?, ?, ?, ?, zeroblob(?), ?, ?, ?)
                    """,
                    [
                        .text(header.id), .text(header.kind.rawValue), .text(options), .text(header.inputDigest),
                        .int(body.count), .text(heading), .text(toolVersion), .text(header.createdAt),
                    ])
                try database.writeBlob(body, table: "plans", column: "body", rowID: database.lastInsertRowID)
                for step in plan.steps { try database.insertStep(step, planID: header.id) }
                let detail = JSONValue.object([
                    "kind": .string(header.kind.rawValue), "steps": .int(plan.steps.count),
                    "toolVersion": .string(toolVersion),
                ])
                try database.insertEvent(
                    planID: header.id, stepID: nil, kind: "plan-created", detail: detail, at: header.createdAt)
            }
        }
    }

    /// Every stored plan, newest first, with its step counts by status.
    public func plans() throws -> [PlanSummaryRow] {
        try withDatabase { database in
            let planRows = try database.query(
                "SELECT id, kind, created_at, tool_version FROM plans ORDER BY created_at DESC, rowid DESC")
            var counts: [String: [StepStatus: Int]] = [:]
            for row in try database.query("SELECT plan_id, status, count(*) FROM steps GROUP BY plan_id, status") {
                let status = try StoreJSON.status(row.text(1), planID: row.text(0))
                counts[row.text(0), default: [:]][status] = row.int(2)
            }
            return try planRows.map { row in
                let id = row.text(0)
                guard let kind = PlanKind(rawValue: row.text(1)) else {
                    throw PlanStoreError.corrupt(planID: id, detail: "unknown plan kind '\(row.text(1))'")
                }
                return PlanSummaryRow(
                    id: id, kind: kind, createdAt: row.text(2), toolVersion: row.text(3), stepCounts: counts[id] ?? [:])
            }
        }
    }

    /// The id of the most recently created plan, if any.
    public func latestPlanID() throws -> String? {
        try withDatabase { database in
            try database.query("SELECT id FROM plans ORDER BY created_at DESC, rowid DESC LIMIT 1").first?.text(0)
        }
    }

    /// The full id of the one plan whose id starts with `prefix` (an exact id always wins).
    public func resolvePlanID(prefix: String) throws -> String {
        guard !prefix.isEmpty else { throw PlanStoreError.emptyPrefix }
        let matches = try withDatabase { database in
            try database.query("SELECT id FROM plans WHERE substr(id, 1, length(?1)) = ?1 ORDER BY id", [.text(prefix)])
                .map { $0.text(0) }
        }
        if matches.contains(prefix) { return prefix }
        switch matches.count {
        case 0: throw PlanStoreError.unknownPrefix(prefix)
        case 1: return matches[0]
        default: throw PlanStoreError.ambiguousPrefix(prefix, matches: matches)
        }
    }

    /// The stored plan, with each step's current status taken from the `steps` table; nil
    /// when there is no such plan.
    public func plan(id: String) throws -> Plan? {
        let (body, rows) = try withDatabase { database -> ([UInt8]?, [StepRow]) in
            let body = try database.query("SELECT body FROM plans WHERE id = ?", [.text(id)]).first?.bytes(0)
            let rows = try database.query(
                "SELECT position, id, phase, action, target, fingerprint, status FROM steps WHERE plan_id = ?", [.text(id)]
            ).map {
                StepRow(
                    position: $0.int(0), id: $0.text(1), phase: $0.text(2), action: $0.text(3), target: $0.text(4),
                    fingerprint: $0.text(5), status: $0.text(6))
            }
            return (body, rows)
        }
        guard let body else { return nil }
        var plan = try StoreJSON.decodePlan(body, rows: rows, planID: id)
        // A body stored whole carries the statuses of when it was saved: the rows' are current.
        var current: [String: String] = [:]
        for row in rows { current[row.id] = row.status }
        for index in plan.steps.indices {
            guard let status = current[plan.steps[index].id] else {
                throw PlanStoreError.corrupt(planID: id, detail: "step \(plan.steps[index].id) has no state row")
            }
            plan.steps[index].status = try StoreJSON.status(status, planID: id)
        }
        return plan
    }
}
