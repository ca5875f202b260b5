import MigrationCore
import TestSupport
import XCTest

/// A journal that stops the run (as SIGKILL would) just before it records one transition of
/// one step: the side effect has happened, the journal still says `applying` or `reverting`.
struct InterruptingJournal: StepJournal {
    struct Killed: Error {}
    let base: InMemoryJournal
    /// `applying` stops after the step is marked applying, before its change; `applied` and
    /// `reverted` stop after the change, before it is recorded.
    let status: StepStatus
    let stepID: String

    private func check(_ status: StepStatus, _ id: String) throws {
        if status == self.status && id == stepID { throw Killed() }
    }

    func entries() async throws -> [String: JournalEntry] { try await base.entries() }
    func markApplying(_ stepID: String, at: Date) async throws {
        try await base.markApplying(stepID, at: at)
        try check(.applying, stepID)
    }
    func markApplied(_ stepID: String, before: JSONValue?, after: JSONValue?, at: Date) async throws {
        try check(.applied, stepID)
        try await base.markApplied(stepID, before: before, after: after, at: at)
    }
    func markFailed(_ stepID: String, error: String, at: Date) async throws {
        try await base.markFailed(stepID, error: error, at: at)
    }
    func markExternal(_ stepID: String, before: JSONValue?, at: Date) async throws {
        try await base.markExternal(stepID, before: before, at: at)
    }
    func markReverting(_ stepID: String, at: Date) async throws { try await base.markReverting(stepID, at: at) }
    func markReverted(_ stepID: String, at: Date) async throws {
        try check(.reverted, stepID)
        try await base.markReverted(stepID, at: at)
    }
    func appendEvent(_ stepID: String?, kind: String, detail: JSONValue, at: Date) async throws {
        try await base.appendEvent(stepID, kind: kind, detail: detail, at: at)
    }
}

/// `applying` and `reverting` mean "maybe done": rollback looks at the live target.
final class InterruptedRollbackTests: XCTestCase {
    typealias F = ExecutionFixtures
    let orders = ObjectRef(.deployment, namespace: "shop", name: "orders")

    private func applyKilled(_ harness: ExecutionHarness, at status: StepStatus, _ stepID: String) async throws {
        let journal = InterruptingJournal(base: harness.journal, status: status, stepID: stepID)
        let executor = Executor(
            plan: harness.plan, gateway: harness.gateway, journal: journal, verifier: harness.verifier, clock: harness.clock)
        do {
            _ = try await executor.apply(ApplyOptions(concurrency: 1))
            XCTFail("the run was to be killed at \(stepID)")
        } catch is InterruptingJournal.Killed {}
        let left = await harness.journal.status(stepID)
        XCTAssertEqual(left, .applying)
    }

    func testARollbackKilledAfterASwitchWasUndoneFinishesOnTheNextRun() async throws {
        let harness = try F.kiamHarness()
        let applied = try await harness.apply()
        XCTAssertTrue(applied.succeeded)
        let switchID = "switch-workload:\(orders)"
        let journal = InterruptingJournal(base: harness.journal, status: .reverted, stepID: switchID)
        do {
            _ = try await Rollback(plan: harness.plan, gateway: harness.gateway, journal: journal, clock: harness.clock).run(
                .all)
            XCTFail("the rollback was to be killed")
        } catch is InterruptingJournal.Killed {}
        let left = await harness.journal.status(switchID)
        XCTAssertEqual(left, .reverting)

        let report = try await harness.rollback(.all)
        XCTAssertTrue(report.succeeded, report.outcomes.map(\.line).joined(separator: "\n"))
        XCTAssertEqual(harness.outcome(report, .switchWorkload, orders.description)?.result, .unchanged)
        try await harness.assertOriginalState()
        let status = await harness.journal.status(switchID)
        XCTAssertEqual(status, .reverted)
    }

    func testASwitchLeftApplyingIsUndone() async throws {
        let harness = try F.kiamHarness()
        try await applyKilled(harness, at: .applied, "switch-workload:\(orders)")
        let live = await harness.gateway.workloads[orders]
        XCTAssertNil(live?.kiamRole, "the switch was made before the kill")

        let report = try await harness.rollback(.all)
        XCTAssertTrue(report.succeeded, report.outcomes.map(\.line).joined(separator: "\n"))
        XCTAssertEqual(harness.outcome(report, .switchWorkload, orders.description)?.result, .ok)
        try await harness.assertOriginalState()
    }

    func testATrustWriteLeftApplyingIsUndone() async throws {
        let harness = try F.kiamHarness()
        try await applyKilled(harness, at: .applied, "add-trust-statements:\(F.payments)")
        let report = try await harness.rollback(.all)
        XCTAssertTrue(report.succeeded, report.outcomes.map(\.line).joined(separator: "\n"))
        XCTAssertEqual(harness.outcome(report, .addTrustStatements, F.payments)?.result, .ok)
        try await harness.assertOriginalState()
    }

    func testAStepKilledBeforeItsChangeIsSkipped() async throws {
        let harness = try F.kiamHarness()
        try await applyKilled(harness, at: .applying, "switch-workload:\(orders)")
        let report = try await harness.rollback(.all)
        XCTAssertTrue(report.succeeded, report.outcomes.map(\.line).joined(separator: "\n"))
        let outcome = harness.outcome(report, .switchWorkload, orders.description)
        XCTAssertEqual(outcome?.result, .unchanged)
        XCTAssertTrue(outcome?.message.contains("had not changed it") ?? false, outcome?.message ?? "")
        try await harness.assertOriginalState()
    }

    func testARefusedStepIsNotRolledBack() async throws {
        let harness = try F.kiamHarness()
        let step = try XCTUnwrap(harness.step(.switchWorkload, orders.description))
        try await harness.journal.markFailed(step.id, error: "stale", at: Date(timeIntervalSince1970: 0))
        let preview = try await Rollback(
            plan: harness.plan, gateway: harness.gateway, journal: harness.journal, clock: harness.clock
        ).preview(.all)
        XCTAssertTrue(preview.isEmpty, "a step refused before it started changed nothing")
    }
}
