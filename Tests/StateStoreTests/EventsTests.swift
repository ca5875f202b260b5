import MigrationCore
import StateStore
import XCTest

final class EventsTests: XCTestCase {
    private let planID = "3f2a9c0d1e"

    func testEventsAreAppendedInOrderWithStateChanges() throws {
        let path = try makeStatePath()
        let store = try SQLitePlanStore(path: path)
        try store.save(PlanFixtures.plan(id: planID), toolVersion: "0.1.0")
        let step = PlanFixtures.firstStepID
        try store.markApplying(planID: planID, stepID: step, at: "2026-11-23T10:01:00Z")
        let detail = JSONValue.object(["call": .string("iam:UpdateAssumeRolePolicy"), "role": .string(PlanFixtures.roleARN)])
        let seq = try store.appendEvent(
            planID: planID, stepID: step, kind: "iam-write", detail: detail, at: "2026-11-23T10:01:01Z")
        try store.markFailed(planID: planID, stepID: step, error: "AccessDenied", at: "2026-11-23T10:01:02Z")
        try store.appendEvent(planID: planID, stepID: nil, kind: "apply-stopped", detail: .null, at: "2026-11-23T10:01:03Z")

        let events = try store.events(planID: planID)
        XCTAssertEqual(events.map(\.kind), ["plan-created", "step-applying", "iam-write", "step-failed", "apply-stopped"])
        XCTAssertEqual(events.map(\.seq), events.map(\.seq).sorted())
        XCTAssertEqual(Set(events.map(\.seq)).count, events.count)
        XCTAssertEqual(events[2].seq, seq)
        XCTAssertEqual(events[2].detail, detail)
        XCTAssertEqual(events[2].stepID, step)
        XCTAssertNil(events[4].stepID)
        XCTAssertEqual(events[0].at, "2026-11-23T10:00:00Z")
        XCTAssertEqual(events[1].detail, .object(["from": .string("pending"), "to": .string("applying"), "attempts": .int(1)]))
        XCTAssertEqual(events[3].detail["error"], .string("AccessDenied"))

        let database = try Database(path: path)
        XCTAssertThrowsError(try database.execute("DELETE FROM events")) {
            XCTAssertTrue("\($0)".contains("events are append-only"), "\($0)")
        }
        XCTAssertThrowsError(try database.execute("UPDATE events SET kind = 'x'"))
    }

    func testEventsNeedAnExistingPlanAndStep() throws {
        let store = try SQLitePlanStore(path: try makeStatePath())
        try store.save(PlanFixtures.plan(id: planID), toolVersion: "0.1.0")
        XCTAssertThrowsError(try store.appendEvent(planID: "other", stepID: nil, kind: "x", detail: .null, at: "T")) {
            XCTAssertEqual($0 as? PlanStoreError, .planNotFound(id: "other"))
        }
        XCTAssertThrowsError(try store.appendEvent(planID: planID, stepID: "nope", kind: "x", detail: .null, at: "T")) {
            XCTAssertEqual($0 as? PlanStoreError, .stepNotFound(planID: planID, stepID: "nope"))
        }
        XCTAssertEqual(try store.events(planID: planID).count, 1)
    }
}
