import Foundation
import MigrationCore
import TestSupport
import XCTest

/// Refusals and injected faults, each on one workload's wave (`--only`) of the example
/// estate, so one emulator start serves them all.
final class LiveApplyFaultTests: XCTestCase {
    func testLockStaleThrottlingQuotaAndStuckRollout() throws {
        if let reason = EmulatorHarness.unavailableReason { throw XCTSkip(reason) }
        let session = try LiveSession()
        try session.planKiam()
        try secondApplyIsRefusedNamingTheHolder(session)
        try outOfBandTrustEditMakesTheStepStale(session)
        try throttlingIsRetried(session)
        try quotaFailureLeavesTheDocumentUnchanged(session)
        try stuckRolloutFailsVerifyClearly(session)
    }

    private func secondApplyIsRefusedNamingTheHolder(_ session: LiveSession) throws {
        let lockFile = session.state + ".lock"
        let holder = #"{"command":"irsa-migrate apply","pid":4242,"since":"2026-11-23T12:00:00Z"}"#
        try Data(holder.utf8).write(to: URL(fileURLWithPath: lockFile))
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        sleeper.arguments = ["--nonblock", lockFile, "sleep", "30"]
        try sleeper.run()
        defer { sleeper.terminate() }
        Thread.sleep(forTimeInterval: 0.5)
        let second = try session.run(["apply", "--yes"])
        XCTAssertEqual(second.status, 1)
        XCTAssertTrue(second.stderr.contains("locked by pid 4242 (irsa-migrate apply"), second.stderr)
        sleeper.terminate()
        sleeper.waitUntilExit()
    }

    private func outOfBandTrustEditMakesTheStepStale(_ session: LiveSession) throws {
        let edited =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
        let update = try session.aws([
            "iam", "update-assume-role-policy", "--role-name", "payments-api", "--policy-document", edited,
        ])
        XCTAssertEqual(update.status, 0, update.stderr)
        let apply = try session.run(["apply", "--phase", "prepare", "--only", "deployment/payments/payments-api", "--yes"])
        XCTAssertEqual(apply.status, 1, apply.stdout)
        XCTAssertTrue(apply.stdout.contains("stale 1") || apply.stdout.contains("\nstale "), apply.stdout)
        XCTAssertTrue(apply.stdout.contains("changed since the plan was made; run 'irsa-migrate plan' again"), apply.stdout)
        let live = try session.trust("payments-api")
        XCTAssertEqual(live, try JSONSerialization.jsonObject(with: Data(edited.utf8)) as? NSDictionary, "nothing written")
    }

    private func throttlingIsRetried(_ session: LiveSession) throws {
        try session.control(session.faults, #"{"rules":[{"action":"UpdateAssumeRolePolicy","error":"Throttling","times":2}]}"#)
        let apply = try session.run(["apply", "--phase", "prepare", "--only", "deployment/orders/orders-api", "--yes"])
        XCTAssertEqual(apply.status, 0, apply.stdout + apply.stderr)
        XCTAssertTrue(
            apply.stdout.contains("ok 7 add-trust-statements arn:aws:iam::111122223333:role/apps/orders-api"), apply.stdout)
    }

    private func quotaFailureLeavesTheDocumentUnchanged(_ session: LiveSession) throws {
        let original = try session.trust("external-dns")
        try session.control(
            session.faults, #"{"rules":[{"action":"UpdateAssumeRolePolicy","error":"LimitExceeded","times":50}]}"#)
        let apply = try session.run(["apply", "--phase", "prepare", "--only", "deployment/platform/external-dns", "--yes"])
        XCTAssertEqual(apply.status, 1, apply.stdout)
        XCTAssertTrue(apply.stdout.contains("an IAM quota was exceeded"), apply.stdout)
        XCTAssertEqual(try session.trust("external-dns"), original)
        try session.control(session.faults, #"{"rules":[]}"#)
    }

    private func stuckRolloutFailsVerifyClearly(_ session: LiveSession) throws {
        try session.control(
            session.harness.controlURL + "/stuck",
            #"{"kind":"Deployment","namespace":"orders","name":"orders-events","stuck":true}"#)
        let apply = try session.run(["apply", "--only", "deployment/orders/orders-events", "--yes", "--rollout-timeout", "5"])
        XCTAssertEqual(apply.status, 1, apply.stdout)
        let line = apply.stdout.split(separator: "\n").first { $0.contains("verify-workload deployment/orders/orders-events") }
        XCTAssertTrue(line?.hasPrefix("failed") ?? false, apply.stdout)
        XCTAssertTrue(line?.contains("deployment/orders/orders-events: rollout did not finish") ?? false, String(line ?? ""))
    }
}
