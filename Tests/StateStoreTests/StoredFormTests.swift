import MigrationCore
import XCTest

@testable import StateStore

/// The stored body leaves out of each step what its `steps` row holds, and names
/// dependencies by position; reading puts them back from the rows.
final class StoredFormTests: XCTestCase {
    /// `plan` saved to a new state file: the store, and the stored body as parsed.
    private func saving(_ plan: Plan) throws -> (SQLitePlanStore, JSONValue) {
        let path = try makeStatePath()
        let store = try SQLitePlanStore(path: path)
        try store.save(plan, toolVersion: "0.1.0")
        let row = try XCTUnwrap(try Database(path: path).query("SELECT body FROM plans").first)
        return (store, try JSONValue(parsing: row.bytes(0)))
    }

    func testTheBodyLeavesOutWhatTheRowsHoldAndReadsBackWhole() throws {
        let plan = PlanFixtures.plan()
        let (store, body) = try saving(plan)
        let steps = try XCTUnwrap(body["steps"]?.arrayValue)
        XCTAssertEqual(steps.count, plan.steps.count)
        for step in steps {
            let keys = Set(try XCTUnwrap(step.members).map(\.key))
            XCTAssertTrue(keys.isDisjoint(with: ["id", "phase", "action", "target", "fingerprint", "status"]), "\(keys)")
        }
        XCTAssertEqual(steps[1]["dependsOn"], .array([.number("1")]), "the first step, by position")
        XCTAssertEqual(try store.plan(id: plan.header.id), plan)
    }

    /// An inverse that reading ignores (a trust edit's swapped lists, a fixed rule) is left
    /// out; one that reading needs (the previous annotations) is kept.
    func testOnlyTheInversesReadingNeedsAreStored() throws {
        let plan = PlanFixtures.plan()
        let (store, body) = try saving(plan)
        let steps = try XCTUnwrap(body["steps"]?.arrayValue)
        let kept = zip(plan.steps, steps).map { ($0.action, $1["inverse"] != nil) }
        XCTAssertTrue(kept.contains { $0 == (.addTrustStatements, false) }, "\(kept)")
        XCTAssertTrue(kept.contains { $0 == (.annotateServiceAccount, true) }, "\(kept)")
        XCTAssertEqual(try store.plan(id: plan.header.id), plan)
    }

    func testAPlanOfRepeatedPositionsIsStoredWhole() throws {
        var plan = PlanFixtures.plan()
        for index in plan.steps.indices { plan.steps[index].position = 0 }
        let (store, body) = try saving(plan)
        XCTAssertEqual(body["steps"]?.arrayValue?.first?["id"], .string(plan.steps[0].id))
        XCTAssertEqual(try store.plan(id: plan.header.id), plan)
    }

    func testAStepWithoutItsRowIsNamed() throws {
        let path = try makeStatePath()
        let store = try SQLitePlanStore(path: path)
        let plan = PlanFixtures.plan()
        try store.save(plan, toolVersion: "0.1.0")
        try Database(path: path).execute("UPDATE steps SET position = 9 WHERE position = 2")
        XCTAssertThrowsError(try store.plan(id: plan.header.id)) { error in
            XCTAssertEqual(
                error as? PlanStoreError, .corrupt(planID: plan.header.id, detail: "steps.1: no step row has position 2"))
        }
    }
}

final class StepKeyMigrationTests: XCTestCase {
    /// Version 5 makes `steps` a table of its primary key: a version 4 file keeps its whole
    /// body, its step rows and events, and the events' foreign key still holds.
    func testAVersion4FileKeepsItsPlanStepsAndEvents() throws {
        let path = try makeStatePath()
        let plan = PlanFixtures.plan()
        do {
            let database = try Database.holding(plan, atSchema: 4, path: path)
            for step in plan.steps { try database.insertStep(step, planID: plan.header.id) }
            try database.execute("UPDATE steps SET status = 'applied', attempts = 1 WHERE position = 1")
            try database.insertEvent(
                planID: plan.header.id, stepID: plan.steps[0].id, kind: "step-applied", detail: .object([:]),
                at: "2026-01-01T00:00:00Z")
        }
        let store = try SQLitePlanStore(path: path)
        var expected = plan
        expected.steps[0].status = .applied
        XCTAssertEqual(try store.plan(id: plan.header.id), expected)
        XCTAssertEqual(try store.steps(planID: plan.header.id).map(\.attempts), [1, 0, 0])
        let database = try Database(path: path)
        XCTAssertEqual(try database.userVersion(), Schema.migrations.count)
        let definition = try database.query("SELECT sql FROM sqlite_schema WHERE name = 'steps'").first?.text(0)
        XCTAssertTrue(try XCTUnwrap(definition).hasSuffix("WITHOUT ROWID"), "\(definition ?? "")")
        XCTAssertTrue(try database.query("PRAGMA foreign_key_check").isEmpty)
        XCTAssertEqual(try database.query("SELECT count(*) FROM events WHERE step_id IS NOT NULL").first?.int(0), 1)
    }
}
