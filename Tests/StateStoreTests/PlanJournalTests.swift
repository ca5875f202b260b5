import Foundation
import MigrationCore
import StateStore
import XCTest

final class PlanJournalTests: XCTestCase {
    func testTransitionsAndTimesRoundTripThroughTheStateFile() async throws {
        let store = try SQLitePlanStore(path: try makeStatePath())
        try store.save(PlanFixtures.plan(), toolVersion: "test")
        let journal = PlanJournal(store: store, planID: "3f2a9c0d1e")
        let started = try XCTUnwrap(Date(iso8601: "2026-11-23T12:00:00Z"))
        let id = PlanFixtures.firstStepID

        try await journal.markApplying(id, at: started)
        var entry = try await journal.entries()[id]
        XCTAssertEqual(entry?.status, .applying)
        XCTAssertNil(entry?.finishedAt, "applying has no finish time")

        let before = JSONValue.object(["Statement": .array([])])
        try await journal.markApplied(id, before: before, after: nil, at: started.addingTimeInterval(5))
        entry = try await journal.entries()[id]
        XCTAssertEqual(entry?.status, .applied)
        XCTAssertEqual(entry?.finishedAt, started.addingTimeInterval(5), "the gate compares the stored time")
        XCTAssertEqual(entry?.before, before)
        let second = try await journal.entries()[PlanFixtures.secondStepID]
        XCTAssertEqual(second?.status, .pending)

        try await journal.markReverting(id, at: started.addingTimeInterval(6))
        try await journal.markReverted(id, at: started.addingTimeInterval(7))
        let reverted = try await journal.entries()[id]
        XCTAssertEqual(reverted?.status, .reverted)
        try await journal.appendEvent(id, kind: "trust-policy-written", detail: .object([:]), at: started)
        let kinds = try store.events(planID: "3f2a9c0d1e").map(\.kind)
        XCTAssertEqual(
            Array(kinds.suffix(5)), ["step-applying", "step-applied", "step-reverting", "step-reverted", "trust-policy-written"])
    }

    func testForbiddenTransitionIsAnErrorNotASilentWrite() async throws {
        let store = try SQLitePlanStore(path: try makeStatePath())
        try store.save(PlanFixtures.plan(), toolVersion: "test")
        let journal = PlanJournal(store: store, planID: "3f2a9c0d1e")
        let now = Date(timeIntervalSince1970: 0)
        do {
            try await journal.markApplied(PlanFixtures.firstStepID, before: nil, after: nil, at: now)
            XCTFail("pending cannot become applied")
        } catch let error as PlanStoreError {
            guard case .invalidTransition = error else { return XCTFail("\(error)") }
        }
    }
}
