import Foundation
import MigrationCore
import TestSupport
import XCTest

/// `applying` and `reverting` mean "maybe done" on the real clients: a rollback killed right
/// after it switched a workload back finishes on the next run, and steps an apply killed
/// mid-write left `applying` are undone by `rollback --all` without resuming apply first.
final class LiveInterruptedRollbackTests: XCTestCase {
    func testRollbackKilledAfterASwitchBackFinishesOnTheNextRun() throws {
        if let reason = EmulatorHarness.unavailableReason { throw XCTSkip(reason) }
        let session = try LiveSession(estate: .payments)
        let crashing = try CrashingClients(realAWS: session.harness.awsPath, in: session.work)
        let before = try session.snapshot("before")
        try session.planKiam()
        _ = try session.run(["apply", "--phase", "prepare", "--phase", "cutover", "--yes"])

        session.clients = (crashing.kubectl, crashing.aws)
        try crashing.arm(.after, at: "patch deployments.apps")
        let killed = try session.run(["rollback", "--all", "--yes"])
        XCTAssertTrue(crashing.fired, "rollback never switched a deployment back:\n\(killed.stderr)")
        XCTAssertNotEqual(killed.status, 0)
        let reverting = try session.statuses().filter { $0.value == "reverting" }.keys
        XCTAssertTrue(reverting.contains { $0.hasPrefix("switch-workload:deployment/") }, "\(reverting)")
        session.clients = nil

        let rollback = try session.run(["rollback", "--all", "--yes"])
        XCTAssertEqual(rollback.status, 0, rollback.stdout + rollback.stderr)
        XCTAssertFalse(rollback.stdout.contains("failed"), rollback.stdout)
        let compared = try session.compare(before, try session.snapshot("after"))
        XCTAssertEqual(compared.status, 0, compared.stdout + compared.stderr)
    }

    func testApplyKilledAfterAWriteAndNotResumedRollsBackToTheOriginal() throws {
        if let reason = EmulatorHarness.unavailableReason { throw XCTSkip(reason) }
        let session = try LiveSession(estate: .payments)
        let crashing = try CrashingClients(realAWS: session.harness.awsPath, in: session.work)
        let before = try session.snapshot("before")
        try session.planKiam()

        // Each round: apply killed right after one kind of write, then rollback --all at once.
        for call in ["update-assume-role-policy", "patch serviceaccounts", "patch deployments.apps"] {
            session.clients = (crashing.kubectl, crashing.aws)
            try crashing.arm(.after, at: call)
            let killed = try session.run(["apply", "--yes"])
            XCTAssertTrue(crashing.fired, "apply never called \(call):\n\(killed.stderr)")
            XCTAssertNotEqual(killed.status, 0)
            XCTAssertTrue(try session.statuses().values.contains("applying"), "killed after \(call)")
            session.clients = nil

            let rollback = try session.run(["rollback", "--all", "--yes"])
            XCTAssertEqual(rollback.status, 0, "after \(call): " + rollback.stdout + rollback.stderr)
            let compared = try session.compare(before, try session.snapshot("after-\(call.split(separator: " ")[0])"))
            XCTAssertEqual(compared.status, 0, "after \(call): " + compared.stdout + compared.stderr)
        }
    }
}
