import Foundation
import MigrationCore
import TestSupport
import XCTest

/// apply killed with SIGKILL at several points (the kubectl and aws wrappers kill it before or
/// right after a chosen call), then run again until done: the estate reaches the planned end
/// state, and rollback from there restores the original trust documents and annotations. On the
/// `resume` cut (30 steps): a provider, trust edits, created and annotated service accounts, a
/// StatefulSet, a CronJob and Deployments in two accounts give every kill point a call.
final class LiveCrashResumeTests: XCTestCase {
    /// Each run of apply is killed at the next of these calls.
    static let crashes: [(CrashingClients.Moment, String)] = [
        (.after, "create-open-id-connect-provider"),
        (.after, "update-assume-role-policy"),
        (.before, "create -f -"),
        (.after, "patch serviceaccounts"),
        (.after, "patch deployments.apps"),
        (.before, "rollout status"),
        (.before, "assume-role-with-web-identity"),
    ]

    func testApplyKilledAtSeveralPointsResumesToThePlannedEndStateAndRollsBack() throws {
        if let reason = EmulatorHarness.unavailableReason { throw XCTSkip(reason) }
        let session = try LiveSession(estate: .resume)
        let crashing = try CrashingClients(realAWS: session.harness.awsPath, in: session.work)
        let before = try session.snapshot("before")
        try session.planKiam()

        session.clients = (crashing.kubectl, crashing.aws)
        var interrupted: [String: (CrashingClients.Moment, String)] = [:]
        for (moment, call) in Self.crashes {
            try crashing.arm(moment, at: call)
            let run = try session.run(["apply", "--yes"])
            XCTAssertTrue(crashing.fired, "apply never called \(call):\n\(run.stderr)")
            XCTAssertNotEqual(run.status, 0)
            let applying = try session.statuses().filter { $0.value == "applying" }.keys
            XCTAssertFalse(applying.isEmpty, "a crash \(moment) \(call) leaves its step applying")
            for id in applying where interrupted[id] == nil { interrupted[id] = (moment, call) }
        }
        session.clients = nil

        let last = try session.run(["apply", "--yes"])
        XCTAssertEqual(last.status, 1, "only the planted failure:\n\(last.stdout)")
        try LiveApplyTests.assertPlannedEndState(session, before: before)
        for (id, crash) in interrupted where !id.hasPrefix("verify-") {
            let kinds = try session.eventKinds(id)
            XCTAssertTrue(kinds.contains("resumed"), "\(id), killed \(crash.0) \(crash.1): \(kinds)")
        }

        let rollback = try session.run(["rollback", "--all", "--yes"])
        XCTAssertEqual(rollback.status, 0, rollback.stdout + rollback.stderr)
        let compared = try session.compare(before, try session.snapshot("after"))
        XCTAssertEqual(compared.status, 0, compared.stdout + compared.stderr)
    }
}
