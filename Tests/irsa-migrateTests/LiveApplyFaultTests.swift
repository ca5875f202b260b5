import Foundation
import MigrationCore
import TestSupport
import XCTest

/// Refusals and injected faults, each on one workload's wave (`--only`) of the `owned` cut of
/// the example estate, so one emulator start serves them all.
final class LiveApplyFaultTests: XCTestCase {
    func testStaleThrottlingRollbackQuotaConcurrencyAndStuckRollout() throws {
        if let reason = EmulatorHarness.unavailableReason { throw XCTSkip(reason) }
        let session = try LiveSession(estate: .owned)
        try session.planKiam()
        try outOfBandTrustEditMakesTheStepStale(session)
        try throttlingIsRetriedAndRollbackKeepsALaterEdit(session)
        try quotaFailureLeavesTheDocumentUnchanged(session)
        try secondApplyAndRollbackAreRefusedWhileAStuckRolloutFailsVerify(session)
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

    private func throttlingIsRetriedAndRollbackKeepsALaterEdit(_ session: LiveSession) throws {
        let original = try XCTUnwrap(try session.trust("orders-api"))
        try session.control(session.faults, #"{"rules":[{"action":"UpdateAssumeRolePolicy","error":"Throttling","times":2}]}"#)
        let apply = try session.run(["apply", "--phase", "prepare", "--only", "deployment/orders/orders-api", "--yes"])
        XCTAssertEqual(apply.status, 0, apply.stdout + apply.stderr)
        XCTAssertTrue(
            apply.stdout.split(separator: "\n").contains {
                $0.hasPrefix("ok ") && $0.contains(" add-trust-statements arn:aws:iam::111122223333:role/apps/orders-api ")
            }, apply.stdout)

        // Someone adds a statement after apply; rollback removes only what apply added.
        let ec2: [String: Any] = ["Effect": "Allow", "Principal": ["Service": "ec2.amazonaws.com"], "Action": "sts:AssumeRole"]
        func appending(_ document: NSDictionary) -> [String: Any] {
            var copy = document as? [String: Any] ?? [:]
            copy["Statement"] = (document["Statement"] as? [Any] ?? []) + [ec2]
            return copy
        }
        let edited = appending(try XCTUnwrap(try session.trust("orders-api")))
        let text = String(decoding: try JSONSerialization.data(withJSONObject: edited), as: UTF8.self)
        let update = try session.aws(["iam", "update-assume-role-policy", "--role-name", "orders-api", "--policy-document", text])
        XCTAssertEqual(update.status, 0, update.stderr)
        let rollback = try session.run(["rollback", "--all", "--yes"])
        XCTAssertEqual(rollback.status, 0, rollback.stdout + rollback.stderr)
        XCTAssertTrue(
            rollback.stdout.contains("kept 1 statement(s) added and 0 removed by someone else since apply"), rollback.stdout)
        XCTAssertEqual(try session.trust("orders-api"), appending(original) as NSDictionary)
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

    /// One apply waits for a rollout that never finishes; meanwhile a second apply and a
    /// rollback on the same state file are refused, naming the first.
    private func secondApplyAndRollbackAreRefusedWhileAStuckRolloutFailsVerify(_ session: LiveSession) throws {
        try session.control(
            session.harness.controlURL + "/stuck",
            #"{"kind":"Deployment","namespace":"orders","name":"orders-events","stuck":true,"progressDeadlineExceeded":false}"#)
        let first = try session.start(["apply", "--only", "deployment/orders/orders-events", "--yes", "--rollout-timeout", "15"])
        let check = "verify-workload:deployment/orders/orders-events"
        let deadline = Date().addingTimeInterval(60)
        while try session.statuses()[check] != "applying" && Date() < deadline { Thread.sleep(forTimeInterval: 0.3) }
        XCTAssertEqual(try session.statuses()[check], "applying", "the first apply waits for the rollout")
        defer { _ = first.wait() }

        let holder = "locked by pid \(first.processIdentifier) (irsa-migrate apply"
        let second = try session.run(["apply", "--only", "deployment/orders/orders-api", "--yes"])
        XCTAssertEqual(second.status, 1)
        XCTAssertTrue(second.stderr.contains(holder), second.stderr)
        let rollback = try session.run(["rollback", "--all", "--yes"])
        XCTAssertEqual(rollback.status, 1)
        XCTAssertTrue(rollback.stderr.contains(holder), rollback.stderr)

        let apply = first.wait()
        XCTAssertEqual(apply.status, 1, apply.stdout)
        let line = apply.stdout.split(separator: "\n").first { $0.contains("verify-workload deployment/orders/orders-events") }
        XCTAssertTrue(line?.hasPrefix("failed") ?? false, apply.stdout)
        XCTAssertTrue(line?.contains("deployment/orders/orders-events: rollout did not finish") ?? false, String(line ?? ""))
    }
}
