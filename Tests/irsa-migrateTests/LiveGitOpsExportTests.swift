import Foundation
import MigrationCore
import TestSupport
import XCTest

/// `export` on the example estate (a Helm release and an Argo CD application own workloads),
/// then the owners' "sync" simulated with the real kubectl applying the exported files: the
/// owned objects end as `apply` would have left them, and `apply` afterwards finds nothing
/// left to do on them.
final class LiveGitOpsExportTests: XCTestCase {
    func testExportedFilesAppliedWithKubectlGiveTheStateApplyWouldMake() throws {
        if let reason = EmulatorHarness.unavailableReason { throw XCTSkip(reason) }
        let session = try LiveSession()
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
        try sync(out, session, phase: .prepare)
        try applyFindsOwnedStepsDone(["--phase", "prepare"], owned.filter { $0.phase == .prepare }, session, status: 0)
        try sync(out, session, phase: .cutover)

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
    /// (The example estate's planted verify failure makes a verify run exit 1.)
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

    /// What an owner's sync does with one phase's files, as INDEX.md lists them: new service
    /// accounts (`kubectl apply -f`) and their patches (merge) in prepare, workload patches
    /// (JSON 6902) in cutover.
    private func sync(_ out: URL, _ session: LiveSession, phase: Phase) throws {
        let files = (FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String] ?? []).sorted()
        let accounts = phase == .prepare ? files.filter { $0.contains("/serviceaccounts/") } : []
        let accountPatches = phase == .prepare ? files.filter { $0.contains("/patches/serviceaccount.") } : []
        let workloadPatches = phase == .cutover ? files.filter { $0.contains("/patches/") && $0.hasSuffix(".json") } : []
        XCTAssertFalse((accounts + accountPatches + workloadPatches).isEmpty, "files for \(phase): \(files)")
        for path in accounts {
            try kubectl(["apply", "-f", out.appendingPathComponent(path).path], session)
        }
        for path in accountPatches + workloadPatches {
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            let parts = name.split(separator: ".", maxSplits: 2).map(String.init)
            XCTAssertEqual(parts.count, 3, "KIND.NAMESPACE.NAME: \(name)")
            let type = path.hasSuffix(".json") ? "json" : "merge"
            try kubectl(
                [
                    "patch", parts[0], parts[2], "-n", parts[1], "--type", type, "--patch-file",
                    out.appendingPathComponent(path).path,
                ], session)
        }
    }

    private func kubectl(_ arguments: [String], _ session: LiveSession) throws {
        let result = try BinaryRunner.run(
            ["--kubeconfig", session.harness.kubeconfig] + arguments, executable: URL(fileURLWithPath: "/usr/bin/kubectl"),
            environment: session.environment)
        XCTAssertEqual(result.status, 0, "kubectl \(arguments.joined(separator: " ")): \(result.stderr)")
    }
}
