import Foundation
import MigrationCore
import TestSupport
import XCTest

/// apply on the `owned` cut of the example estate, whose Argo CD application and Helm release
/// own three targets:
/// those steps are left `external` (not patched) and wait; the "sync" (the exported files
/// applied with the real kubectl) makes the next apply or verify record them applied; status
/// agrees; rollback prints their inverse files instead of patching, and records them reverted
/// once those were "synced" too.
final class LiveExternalStepTests: XCTestCase {
    func testOwnedStepsWaitForTheSyncThenApplyRecordsThem() throws {
        if let reason = EmulatorHarness.unavailableReason { throw XCTSkip(reason) }
        let session = try LiveSession(estate: .owned)
        session.waitsForOwners = true
        try session.planKiam()
        let plan = try session.storedPlan()
        let owned = plan.steps.filter { $0.owner != nil && $0.phase != .verify }
        let ownedPrepare = owned.filter { $0.phase == .prepare }
        let ownedCutover = owned.filter { $0.phase == .cutover }
        XCTAssertFalse(ownedPrepare.isEmpty || ownedCutover.isEmpty, "\(owned.map(\.id))")
        let out = session.work.appendingPathComponent("export")
        XCTAssertEqual(try session.run(["export", "--out", out.path], live: false).status, 0)

        // Before the sync: external, nothing patched; exit 0, or 2 with --detailed-exitcode.
        let waiting = try session.run(["apply", "--phase", "prepare", "--yes", "--detailed-exitcode"])
        XCTAssertEqual(waiting.status, 2, waiting.stdout + waiting.stderr)
        XCTAssertTrue(waiting.stdout.contains("waiting for sync: "), waiting.stdout)
        for step in ownedPrepare {
            XCTAssertTrue(
                waiting.stdout.contains("external \(step.position) \(step.action.rawValue) \(step.target) "), waiting.stdout)
        }
        var statuses = try session.statuses()
        for step in ownedPrepare { XCTAssertEqual(statuses[step.id], "external", step.id) }
        let status = try session.run(["status"], live: false)
        XCTAssertTrue(status.stdout.contains("Waiting for a GitOps or IaC sync: steps"), status.stdout)

        // The prepare sync: apply records the owned steps applied.
        try GitOpsSync.sync(out, session, phase: .prepare)
        let synced = try session.run(["apply", "--phase", "prepare", "--yes", "--detailed-exitcode"])
        XCTAssertEqual(synced.status, 0, synced.stdout + synced.stderr)
        for step in ownedPrepare {
            XCTAssertTrue(synced.stdout.contains("ok \(step.position) \(step.action.rawValue) \(step.target) "), synced.stdout)
        }
        XCTAssertTrue(synced.stdout.contains("synced: "), synced.stdout)

        // Cutover: the owned workloads wait; after their sync, verify reads them again.
        let cutover = try session.run(["apply", "--phase", "cutover", "--yes"])
        XCTAssertEqual(cutover.status, 0, cutover.stdout + cutover.stderr)
        statuses = try session.statuses()
        for step in ownedCutover { XCTAssertEqual(statuses[step.id], "external", step.id) }
        try GitOpsSync.sync(out, session, phase: .cutover)
        let verify = try session.run(["verify"])
        for step in ownedCutover {
            XCTAssertTrue(verify.stdout.contains("ok \(step.position) \(step.action.rawValue) \(step.target) "), verify.stdout)
        }
        statuses = try session.statuses()
        for step in owned { XCTAssertEqual(statuses[step.id], "applied", step.id) }
        XCTAssertFalse(try session.run(["status"], live: false).stdout.contains("Waiting for a GitOps"))

        // Rollback: the owned workloads are not switched back live; their inverse files are written.
        let inverses = session.work.appendingPathComponent("rollback")
        let rollback = try session.run(["rollback", "--all", "--yes", "--out", inverses.path])
        XCTAssertEqual(rollback.status, 0, rollback.stdout + rollback.stderr)
        for step in ownedCutover {
            XCTAssertTrue(rollback.stdout.contains("external \(step.position) "), rollback.stdout)
            let file = inverses.appendingPathComponent("rollback/step-\(step.position).switch-workload.json")
            XCTAssertTrue(FileManager.default.fileExists(atPath: file.path), rollback.stdout)
            let ref = try XCTUnwrap(step.target.objectRef)
            // The owner syncs the inverse.
            try GitOpsSync.kubectl(
                ["patch", ref.kind.rawValue, ref.name, "-n", ref.namespace, "--type", "merge", "--patch-file", file.path],
                session)
        }
        statuses = try session.statuses()
        for step in ownedCutover { XCTAssertEqual(statuses[step.id], "applied", "not undone live: \(step.id)") }
        let second = try session.run(["rollback", "--all", "--yes", "--out", inverses.path])
        XCTAssertEqual(second.status, 0, second.stdout + second.stderr)
        statuses = try session.statuses()
        for step in ownedCutover { XCTAssertEqual(statuses[step.id], "reverted", "\(step.id):\n\(second.stdout)") }
    }
}
