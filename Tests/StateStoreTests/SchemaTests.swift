import MigrationCore
import XCTest

@testable import StateStore

final class SchemaTests: XCTestCase {
    func testNewFileGetsTheCurrentSchemaAndStrictTables() throws {
        let path = try makeStatePath()
        _ = try SQLitePlanStore(path: path)
        let database = try Database(path: path)
        XCTAssertEqual(try database.userVersion(), Schema.migrations.count)
        let tables = try database.query("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' ORDER BY name")
            .map { "\($0.text(0)):\($0.int(1))" }
        XCTAssertEqual(tables, ["events:1", "plans:1", "sqlite_schema:0", "sqlite_sequence:0", "steps:1"])
    }

    func testReopeningIsIdempotentAndKeepsData() throws {
        let path = try makeStatePath()
        try SQLitePlanStore(path: path).save(PlanFixtures.plan(), toolVersion: "0.1.0")
        let reopened = try SQLitePlanStore(path: path)
        XCTAssertEqual(try reopened.plans().map(\.id), ["3f2a9c0d1e"])
        _ = try SQLitePlanStore(path: path)
        XCTAssertEqual(try Database(path: path).userVersion(), Schema.migrations.count)
    }

    func testNewerSchemaIsRefusedWithAClearMessage() throws {
        let path = try makeStatePath()
        _ = try SQLitePlanStore(path: path)
        let newer = Schema.migrations.count + 3
        try Database(path: path).execute("PRAGMA user_version = \(newer)")
        XCTAssertThrowsError(try SQLitePlanStore(path: path)) { error in
            XCTAssertEqual(
                error as? SchemaError,
                .newerSchema(path: path, found: newer, known: Schema.migrations.count))
            XCTAssertEqual(
                "\(error)",
                "state file \(path) was written by a newer irsa-migrate (schema \(newer), this binary knows "
                    + "\(Schema.migrations.count)); upgrade irsa-migrate")
        }
        XCTAssertEqual(try Database(path: path).userVersion(), newer)
    }

    func testAFailingMigrationLeavesNothingBehind() throws {
        let path = try makeStatePath()
        let database = try Database(path: path)
        let migrations = [
            Migration(version: 1, name: "good", sql: "CREATE TABLE a (x INTEGER) STRICT"),
            Migration(version: 2, name: "bad", sql: "CREATE TABLE b (x INTEGER) STRICT; CREATE TABLE a (y TEXT) STRICT"),
        ]
        XCTAssertThrowsError(try database.migrate(migrations))
        XCTAssertEqual(try database.userVersion(), 1)
        XCTAssertEqual(try database.query("SELECT name FROM sqlite_schema WHERE name = 'b'").count, 0)
    }
}

/// Shipped migrations must never change: a state file only records how many ran, so an
/// edited one would leave old files with a different schema than new ones.
final class MigrationHistoryTests: XCTestCase {
    func testShippedMigrationsAreUnchanged() {
        let shipped = [
            "5d29ca8c61d321f91c65d14fe016d6e8f90c7c3b7494bcc6caff81384e62457f"  // 1: plans, steps and events
        ]
        let current = Schema.migrations.map { SHA256.hex($0.sql) }
        XCTAssertEqual(Array(current.prefix(shipped.count)), shipped, "a shipped migration was edited; add a new one instead")
        XCTAssertEqual(Schema.migrations.map(\.version), Array(1...Schema.migrations.count))
    }
}

final class SchemaMigrationTests: XCTestCase {
    /// Version 1 stored each step's payloads twice (body and `steps` row); version 2 keeps the body's.
    func testAVersion1FileKeepsItsPlansAndDropsThePayloadCopies() throws {
        let path = try makeStatePath()
        let plan = PlanFixtures.plan()
        do {
            let database = try Database.holding(plan, atSchema: 1, path: path)
            for step in plan.steps {
                try database.execute(
                    """
                    INSERT INTO steps (plan_id, position, id, phase, action, target, forward, inverse, fingerprint, status)
                    VALUES (?, ?, ?, ?, ?, ?, '{"old": true}', 'null', ?, 'applied')
                    """,
                    [
                        .text(plan.header.id), .int(step.position), .text(step.id), .text(step.phase.rawValue),
                        .text(step.action.rawValue), .text(step.target.description), .text(step.fingerprint),
                    ])
            }
        }
        let store = try SQLitePlanStore(path: path)
        var expected = plan
        for index in expected.steps.indices { expected.steps[index].status = .applied }
        XCTAssertEqual(try store.plan(id: plan.header.id), expected, "the body's payloads, the rows' statuses")
        let columns = try Database(path: path).query("SELECT name FROM pragma_table_info('steps')").map { $0.text(0) }
        XCTAssertFalse(columns.contains("forward") || columns.contains("inverse"), "\(columns)")
    }
}

final class ExternalStatusMigrationTests: XCTestCase {
    /// Version 3 rebuilds `steps` to allow `external`: a version 2 file keeps its steps and
    /// events, and the events' foreign key still holds.
    func testAVersion2FileKeepsItsStepsAndEventsAndTakesTheExternalStatus() throws {
        let path = try makeStatePath()
        let plan = PlanFixtures.plan()
        let step = try XCTUnwrap(plan.steps.first)
        do {
            let database = try Database.holding(plan, atSchema: 2, path: path)
            try database.execute(
                "INSERT INTO steps (plan_id, position, id, phase, action, target, fingerprint, status, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, 'failed', 1)",
                [
                    .text(plan.header.id), .int(step.position), .text(step.id), .text(step.phase.rawValue),
                    .text(step.action.rawValue), .text(step.target.description), .text(step.fingerprint),
                ])
            try database.execute(
                "INSERT INTO events (at, plan_id, step_id, kind, detail) VALUES ('2026-01-01T00:00:00Z', ?, ?, 'step-failed', '{}')",
                [.text(plan.header.id), .text(step.id)])
        }
        let store = try SQLitePlanStore(path: path)
        try store.markExternal(
            planID: plan.header.id, stepID: step.id, before: .object(["a": .string("b")]), at: "2026-01-02T00:00:00Z")
        let record = try XCTUnwrap(try store.steps(planID: plan.header.id).first { $0.id == step.id })
        XCTAssertEqual(record.status, .external)
        XCTAssertEqual(record.attempts, 1)
        XCTAssertEqual(record.before, .object(["a": .string("b")]))
        let database = try Database(path: path)
        XCTAssertEqual(try database.userVersion(), Schema.migrations.count)
        XCTAssertEqual(try database.query("SELECT count(*) FROM events WHERE step_id = ?", [.text(step.id)]).first?.int(0), 2)
        XCTAssertTrue(try database.query("PRAGMA foreign_key_check").isEmpty)
        XCTAssertThrowsError(
            try database.execute(
                "INSERT INTO events (at, plan_id, step_id, kind, detail) VALUES ('x', ?, 'no-such-step', 'k', '{}')",
                [.text(plan.header.id)]), "the foreign key is still enforced")
    }
}

final class BodyBlobMigrationTests: XCTestCase {
    /// A version 5 file with `plan`'s row, its body as text, and its steps' rows.
    private func version5File(holding plan: Plan, path: String) throws -> Database {
        let database = try Database.holding(plan, atSchema: 5, path: path)
        for step in plan.steps {
            try database.execute(
                "INSERT INTO steps (plan_id, position, id, phase, action, target, fingerprint, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    .text(plan.header.id), .int(step.position), .text(step.id), .text(step.phase.rawValue),
                    .text(step.action.rawValue), .text(step.target.description), .text(step.fingerprint),
                    .text(step.status.rawValue),
                ])
        }
        return database
    }

    /// Version 6 keeps the body as a blob: a version 5 file's plans, steps and events stay,
    /// and their foreign keys still hold.
    func testAVersion5FilesPlanKeepsItsBodyAsABlobWithItsStepsAndEvents() throws {
        let path = try makeStatePath()
        let plan = PlanFixtures.plan()
        do {
            let database = try version5File(holding: plan, path: path)
            try database.execute(
                "INSERT INTO events (at, plan_id, step_id, kind, detail) VALUES ('2026-01-01T00:00:00Z', ?, ?, 'step-applied', '{}')",
                [.text(plan.header.id), .text(plan.steps[0].id)])
        }
        let store = try SQLitePlanStore(path: path)
        XCTAssertEqual(try store.plan(id: plan.header.id), plan)
        let database = try Database(path: path)
        XCTAssertEqual(try database.userVersion(), Schema.migrations.count)
        XCTAssertEqual(try database.query("SELECT typeof(body) FROM plans").first?.text(0), "blob")
        XCTAssertEqual(try database.query("SELECT count(*) FROM events").first?.int(0), 1)
        XCTAssertTrue(try database.query("PRAGMA foreign_key_check").isEmpty)
        XCTAssertThrowsError(
            try database.execute(
                "INSERT INTO steps (plan_id, position, id, phase, action, target, fingerprint) VALUES ('no-such-plan', 9, 'x', 'prepare', 'a', 't', 'f')"
            ), "the foreign key to plans is still enforced")
    }

    /// `status` and `report` open a file read-only and never migrate it: a version 5 file's
    /// text body reads as well.
    func testAVersion5FileReadsWithoutMigrating() throws {
        let path = try makeStatePath()
        let plan = PlanFixtures.plan()
        _ = try version5File(holding: plan, path: path)
        XCTAssertEqual(try SQLitePlanStore(path: path, readOnly: true).plan(id: plan.header.id), plan)
        XCTAssertEqual(try Database(path: path).userVersion(), 5)
    }

    func testABodyThatDoesNotParseIsRefusedOnReading() throws {
        let path = try makeStatePath()
        let store = try SQLitePlanStore(path: path)
        let plan = PlanFixtures.plan()
        try store.save(plan, toolVersion: "0.1.0")
        try Database(path: path).execute("UPDATE plans SET body = CAST('{\"plan\":' AS BLOB)")
        XCTAssertThrowsError(try store.plan(id: plan.header.id)) { error in
            guard case .corrupt(let planID, _)? = error as? PlanStoreError else { return XCTFail("\(error)") }
            XCTAssertEqual(planID, plan.header.id)
        }
    }
}

final class HeadingMigrationTests: XCTestCase {
    /// Version 4 keeps each plan's header and summary beside its body, for `status`: a
    /// version 3 file's plans get theirs from their bodies.
    func testAVersion3FilesPlansGetTheirHeadingFromTheirBodies() throws {
        let path = try makeStatePath()
        let plan = PlanFixtures.plan()
        _ = try Database.holding(plan, atSchema: 3, path: path)
        let store = try SQLitePlanStore(path: path)
        XCTAssertEqual(try store.heading(id: plan.header.id), PlanHeading(header: plan.header, summary: plan.summary))
        XCTAssertEqual(try Database(path: path).userVersion(), Schema.migrations.count)
    }

    func testASavedPlansHeadingIsItsHeaderAndSummary() throws {
        let store = try SQLitePlanStore(path: try makeStatePath())
        let plan = PlanFixtures.plan()
        try store.save(plan, toolVersion: "0.1.0")
        XCTAssertEqual(try store.heading(id: plan.header.id), PlanHeading(header: plan.header, summary: plan.summary))
        XCTAssertNil(try store.heading(id: "no-such-plan"))
    }
}

extension Database {
    /// A state file of schema `version` (the first `version` migrations) holding `plan`'s row
    /// as that schema stored it, for the migration tests.
    static func holding(_ plan: Plan, atSchema version: Int, path: String) throws -> Database {
        let database = try Database(path: path)
        try database.migrate(Array(Schema.migrations.prefix(version)))
        try database.execute(
            "INSERT INTO plans (id, kind, options, input_digest, body, tool_version, created_at) VALUES (?, ?, '{}', ?, ?, '0.1.0', ?)",
            [
                .text(plan.header.id), .text(plan.header.kind.rawValue), .text(plan.header.inputDigest),
                .text(try StoreJSON.encode(plan)), .text(plan.header.createdAt),
            ])
        return database
    }
}
