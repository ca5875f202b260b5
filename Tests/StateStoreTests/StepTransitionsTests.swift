import MigrationCore
import StateStore
import XCTest

final class StepTransitionsTests: XCTestCase {
    private let planID = "3f2a9c0d1e"
    private let stepID = PlanFixtures.firstStepID

    private func makeStore() throws -> SQLitePlanStore {
        let store = try SQLitePlanStore(path: try makeStatePath())
        try store.save(PlanFixtures.plan(id: planID), toolVersion: "0.1.0")
        return store
    }

    private func record(_ store: SQLitePlanStore, _ stepID: String) throws -> StepRecord {
        try XCTUnwrap(try store.steps(planID: planID).first { $0.id == stepID })
    }

    func testApplyFailRetryRevert() throws {
        let store = try makeStore()
        try store.markApplying(planID: planID, stepID: stepID, at: "T1")
        try store.markFailed(planID: planID, stepID: stepID, error: "Throttling: rate exceeded", at: "T2")
        var step = try record(store, stepID)
        XCTAssertEqual(step.status, .failed)
        XCTAssertEqual(step.attempts, 1)
        XCTAssertEqual(step.lastError, "Throttling: rate exceeded")
        XCTAssertEqual(step.startedAt, "T1")
        XCTAssertEqual(step.finishedAt, "T2")

        try store.markApplying(planID: planID, stepID: stepID, at: "T3")
        XCTAssertNil(try record(store, stepID).finishedAt)
        let before = JSONValue.object(["Statement": .array([]), "Version": .string("2012-10-17")])
        let after = JSONValue.object(["Version": .string("2012-10-17"), "Statement": .array([.string("x")])])
        try store.markApplied(planID: planID, stepID: stepID, before: before, after: after, at: "T4")
        step = try record(store, stepID)
        XCTAssertEqual(step.status, .applied)
        XCTAssertEqual(step.attempts, 2)
        XCTAssertNil(step.lastError)
        XCTAssertEqual(step.before, before)
        XCTAssertEqual(step.after, after, "key order kept")
        XCTAssertEqual(step.finishedAt, "T4")
        XCTAssertEqual(try store.plan(id: planID)?.steps.map(\.status), [.applied, .pending, .pending])

        try store.markReverting(planID: planID, stepID: stepID, at: "T5")
        try store.markReverted(planID: planID, stepID: stepID, at: "T6")
        step = try record(store, stepID)
        XCTAssertEqual(step.status, .reverted)
        XCTAssertEqual(step.attempts, 2)
        XCTAssertEqual(step.startedAt, "T5")
        XCTAssertEqual(step.finishedAt, "T6")
    }

    func testStepRecordsFollowPlanOrder() throws {
        let store = try makeStore()
        let records = try store.steps(planID: planID)
        XCTAssertEqual(records.map(\.position), [1, 2, 3])
        XCTAssertEqual(records.map(\.id), PlanFixtures.plan().steps.map(\.id))
        XCTAssertEqual(records[0].fingerprint, "sha256:aaaa")
        XCTAssertEqual(records[0].action, .addTrustStatements)
        XCTAssertEqual(records[2].phase, .verify)
        XCTAssertTrue(records.allSatisfy { $0.status == .pending && $0.attempts == 0 && $0.before == nil })
        XCTAssertThrowsError(try store.steps(planID: "missing")) {
            XCTAssertEqual($0 as? PlanStoreError, .planNotFound(id: "missing"))
        }
    }

    func testCrashLeftApplyingCanBeResumed() throws {
        let store = try makeStore()
        try store.markApplying(planID: planID, stepID: stepID, at: "T1")
        try store.markApplying(planID: planID, stepID: stepID, at: "T2")
        XCTAssertEqual(try record(store, stepID).attempts, 2)
    }

    func testInvalidTransitionsAreRefusedAndChangeNothing() throws {
        let store = try makeStore()
        XCTAssertThrowsError(try store.markApplied(planID: planID, stepID: stepID, before: nil, after: nil, at: "T1")) {
            XCTAssertEqual(
                $0 as? PlanStoreError, .invalidTransition(planID: planID, stepID: stepID, from: .pending, to: .applied))
            XCTAssertEqual("\($0)", "step \(stepID) of plan \(planID) is pending and cannot become applied")
        }
        XCTAssertThrowsError(try store.markReverting(planID: planID, stepID: stepID, at: "T1"))
        XCTAssertThrowsError(try store.markReverted(planID: planID, stepID: stepID, at: "T1"))
        try store.markApplying(planID: planID, stepID: stepID, at: "T1")
        XCTAssertThrowsError(try store.markReverted(planID: planID, stepID: stepID, at: "T2")) {
            XCTAssertEqual(
                $0 as? PlanStoreError, .invalidTransition(planID: planID, stepID: stepID, from: .applying, to: .reverted))
        }
        try store.markApplied(planID: planID, stepID: stepID, before: nil, after: nil, at: "T2")
        XCTAssertThrowsError(try store.markApplied(planID: planID, stepID: stepID, before: nil, after: nil, at: "T3"))
        XCTAssertEqual(try record(store, stepID).status, .applied)
        XCTAssertEqual(try store.events(planID: planID).map(\.kind), ["plan-created", "step-applying", "step-applied"])
    }

    func testUnknownPlanOrStep() throws {
        let store = try makeStore()
        XCTAssertThrowsError(try store.markApplying(planID: "nope", stepID: stepID, at: "T1")) {
            XCTAssertEqual($0 as? PlanStoreError, .planNotFound(id: "nope"))
        }
        XCTAssertThrowsError(try store.markApplying(planID: planID, stepID: "nope", at: "T1")) {
            XCTAssertEqual($0 as? PlanStoreError, .stepNotFound(planID: planID, stepID: "nope"))
        }
    }

    func testARefusedStepFailsWithoutAnAttempt() throws {
        let store = try makeStore()
        try store.markFailed(planID: planID, stepID: stepID, error: "stale: role changed since planned", at: "T1")
        let step = try record(store, stepID)
        XCTAssertEqual(step.status, .failed)
        XCTAssertEqual(step.attempts, 0)
        XCTAssertEqual(step.lastError, "stale: role changed since planned")
    }

    func testOnlyACheckMayFailAfterItWasApplied() throws {
        let store = try makeStore()
        let check = try XCTUnwrap(try store.steps(planID: planID).first { $0.action == .verifyWorkload }?.id)
        for id in [stepID, check] {
            try store.markApplying(planID: planID, stepID: id, at: "T1")
            try store.markApplied(planID: planID, stepID: id, before: nil, after: nil, at: "T2")
        }
        XCTAssertThrowsError(try store.markFailed(planID: planID, stepID: stepID, error: "no", at: "T3"))
        try store.markFailed(planID: planID, stepID: check, error: "the token is from the old issuer", at: "T3")
        XCTAssertEqual(try record(store, check).status, .failed)
        XCTAssertEqual(try record(store, stepID).status, .applied)
    }

    func testTheTableMatchesTheDesign() {
        XCTAssertTrue(StepTransitions.allows(from: .pending, to: .applying))
        XCTAssertFalse(StepTransitions.allows(from: .pending, to: .applied))
        XCTAssertFalse(StepTransitions.allows(from: .applied, to: .pending))
        XCTAssertTrue(StepTransitions.allows(from: .failed, to: .reverting))
        XCTAssertTrue(StepTransitions.allows(from: .applying, to: .reverting), "rollback of a step a crash left in flight")
        for status in StepStatus.allCases { XCTAssertFalse(StepTransitions.allows(from: status, to: .pending)) }
        XCTAssertFalse(StepTransitions.allows(from: .applied, to: .failed))
        XCTAssertTrue(StepTransitions.allows(from: .applied, to: .failed, check: true))
        XCTAssertFalse(StepTransitions.allows(from: .applied, to: .applying, check: true))
    }
}
