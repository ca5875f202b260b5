import Foundation
import MigrationCore
import TestSupport
import XCTest

/// `export` on the `owned` cut of the example estate (a Helm release and an Argo CD application
/// own workloads),
/// then the owners' "sync" simulated with the real kubectl applying the exported files: the
/// owned objects end as `apply` would have left them, and `apply` afterwards finds nothing
/// left to do on them.
final class LiveGitOpsExportTests: XCTestCase {
    func testExportedFilesAppliedWithKubectlGiveTheStateApplyWouldMake() throws {
        if let reason = EmulatorHarness.unavailableReason { throw XCTSkip(reason) }
        let session = try LiveSession(estate: .owned)
        session.waitsForOwners = true
        let before = try session.snapshot("before")
        try session.planKiam()
        let out = session.work.appendingPathComponent("export")
        let export = try session.run(["export", "--out", out.path], live: false)
        XCTAssertEqual(export.status, 0, export.stderr)

        let plan = try session.storedPlan()
        let owned = plan.steps.filter { $0.owner != nil && $0.phase != .verify }
        XCTAssertEqual(
            Set(owned.map(\.id)),
            [
                "annotate-service-account:serviceaccount/platform/external-dns",
                "switch-workload:deployment/platform/external-dns", "switch-workload:deployment/orders/orders-events",
            ])
        // The runbook's order: each phase's files synced, then apply makes the unowned rest of
        // that phase (a workload must not roll out before its service account carries the role).
        try GitOpsSync.sync(out, session, phase: .prepare)
        try applyFindsOwnedStepsDone(["--phase", "prepare"], owned.filter { $0.phase == .prepare }, session, status: 0)
        try GitOpsSync.sync(out, session, phase: .cutover)

        var ownedOnly = plan
        ownedOnly.steps = owned
        let prepared = try PlanApplier.apply(plan, phases: [.prepare], to: try session.inventory(before))
        let expected = try PlanApplier.apply(ownedOnly, phases: [.cutover], to: prepared)
        let synced = try session.inventory(try session.snapshot("synced"))
        let differences = EstateComparison.differences(expected: expected, actual: synced)
        XCTAssertEqual(differences, [], differences.joined(separator: "\n"))

        try applyFindsOwnedStepsDone(
            ["--phase", "cutover", "--phase", "verify"], owned.filter { $0.phase == .cutover }, session, status: 1)
        try LiveApplyTests.assertPlannedEndState(session, before: before)
    }

    /// `apply` with the phases given: the owned steps' targets already hold what they plan.
    /// (The estate's planted verify failure makes a verify run exit 1.)
    private func applyFindsOwnedStepsDone(_ phases: [String], _ owned: [Step], _ session: LiveSession, status: Int32) throws {
        let apply = try session.run(["apply"] + phases + ["--yes"])
        XCTAssertEqual(apply.status, status, apply.stdout + apply.stderr)
        XCTAssertFalse(owned.isEmpty)
        for step in owned {
            XCTAssertTrue(
                apply.stdout.contains("unchanged \(step.position) \(step.action.rawValue) \(step.target) "),
                "\(step.id) was already made by the exported files:\n\(apply.stdout)")
        }
    }
}
