import MigrationCore
import StateStore
import XCTest

final class SQLitePlanStoreTests: XCTestCase {
    func testSaveAndLoadRoundTrip() throws {
        let store = try SQLitePlanStore(path: try makeStatePath())
        let plan = PlanFixtures.plan()
        try store.save(plan, toolVersion: "0.1.0")
        XCTAssertEqual(try store.plan(id: plan.header.id), plan)
        XCTAssertNil(try store.plan(id: "nope"))
    }

    func testBodyIsStoredWithSortedKeys() throws {
        let path = try makeStatePath()
        try SQLitePlanStore(path: path).save(PlanFixtures.plan(), toolVersion: "0.1.0")
        let row = try XCTUnwrap(try Database(path: path).query("SELECT body FROM plans").first)
        let body = String(decoding: row.bytes(0), as: UTF8.self)
        XCTAssertTrue(body.hasPrefix(#"{"findings":["#), body)
        XCTAssertTrue(body.contains("arn:aws:iam::111122223333:role/orders-api"), "slashes are not escaped")
    }

    func testSavingTheSameIDTwiceIsRefused() throws {
        let store = try SQLitePlanStore(path: try makeStatePath())
        try store.save(PlanFixtures.plan(), toolVersion: "0.1.0")
        XCTAssertThrowsError(try store.save(PlanFixtures.plan(), toolVersion: "0.1.0")) {
            XCTAssertEqual($0 as? PlanStoreError, .planExists(id: "3f2a9c0d1e", path: store.path))
        }
        XCTAssertEqual(try store.events(planID: "3f2a9c0d1e").count, 1)
    }

    func testPlansNewestFirstWithStepCounts() throws {
        let store = try SQLitePlanStore(path: try makeStatePath())
        XCTAssertNil(try store.latestPlanID())
        XCTAssertEqual(try store.plans(), [])
        try store.save(PlanFixtures.plan(id: "aaa111", createdAt: "2026-11-23T10:00:00Z"), toolVersion: "0.1.0")
        try store.save(PlanFixtures.plan(id: "bbb222", createdAt: "2026-11-23T12:00:00Z"), toolVersion: "0.2.0")
        try store.save(PlanFixtures.plan(id: "ccc333", createdAt: "2026-11-23T11:00:00Z"), toolVersion: "0.1.0")
        try store.markApplying(planID: "bbb222", stepID: PlanFixtures.firstStepID, at: "2026-11-23T12:01:00Z")

        let rows = try store.plans()
        XCTAssertEqual(rows.map(\.id), ["bbb222", "ccc333", "aaa111"])
        XCTAssertEqual(rows[0].stepCounts, [.pending: 2, .applying: 1])
        XCTAssertEqual(rows[0].stepCounts.values.reduce(0, +), 3)
        XCTAssertEqual(rows[0].toolVersion, "0.2.0")
        XCTAssertEqual(rows[0].kind, .kiamToIRSA)
        XCTAssertEqual(rows[1].stepCounts, [.pending: 3])
        XCTAssertEqual(try store.latestPlanID(), "bbb222")
    }

    func testPlansCreatedInTheSameSecondKeepInsertionOrder() throws {
        let store = try SQLitePlanStore(path: try makeStatePath())
        for id in ["p2", "p1", "p3"] { try store.save(PlanFixtures.plan(id: id), toolVersion: "0.1.0") }
        XCTAssertEqual(try store.plans().map(\.id), ["p3", "p1", "p2"])
        XCTAssertEqual(try store.latestPlanID(), "p3")
    }

    func testPrefixResolution() throws {
        let store = try SQLitePlanStore(path: try makeStatePath())
        for id in ["3f2a9c", "3f91aa", "7b00", "7b001"] { try store.save(PlanFixtures.plan(id: id), toolVersion: "0.1.0") }
        XCTAssertEqual(try store.resolvePlanID(prefix: "3f2"), "3f2a9c")
        XCTAssertEqual(try store.resolvePlanID(prefix: "3f91aa"), "3f91aa")
        XCTAssertEqual(try store.resolvePlanID(prefix: "7b00"), "7b00", "an exact id wins over longer ids")
        XCTAssertThrowsError(try store.resolvePlanID(prefix: "3f")) { error in
            XCTAssertEqual(error as? PlanStoreError, .ambiguousPrefix("3f", matches: ["3f2a9c", "3f91aa"]))
            XCTAssertEqual(
                "\(error)", "plan id prefix '3f' is ambiguous: it matches 3f2a9c, 3f91aa. Give more characters.")
        }
        XCTAssertThrowsError(try store.resolvePlanID(prefix: "9")) {
            XCTAssertEqual($0 as? PlanStoreError, .unknownPrefix("9"))
        }
        XCTAssertThrowsError(try store.resolvePlanID(prefix: "%")) {
            XCTAssertEqual($0 as? PlanStoreError, .unknownPrefix("%"), "no LIKE wildcards")
        }
        XCTAssertThrowsError(try store.resolvePlanID(prefix: "")) {
            XCTAssertEqual($0 as? PlanStoreError, .emptyPrefix)
        }
    }

    func testConcurrentCallsFromManyThreadsAndTwoConnections() throws {
        let path = try makeStatePath()
        let first = try SQLitePlanStore(path: path)
        let second = try SQLitePlanStore(path: path)
        try first.save(PlanFixtures.plan(), toolVersion: "0.1.0")
        DispatchQueue.concurrentPerform(iterations: 40) { index in
            let store = index.isMultiple(of: 2) ? first : second
            do {
                try store.appendEvent(
                    planID: "3f2a9c0d1e", stepID: nil, kind: "note", detail: .int(index), at: "2026-11-23T10:00:00Z")
            } catch {
                XCTFail("\(error)")
            }
        }
        let events = try first.events(planID: "3f2a9c0d1e")
        XCTAssertEqual(events.count, 41)
        XCTAssertEqual(events.map(\.seq), events.map(\.seq).sorted())
    }
}
