import MigrationCore
import TestSupport
import XCTest

/// Apply and rollback of a `workload` map entry: the workload had no kiam annotation, so the
/// switch changes only its service account, and rollback puts the one it ran as back.
final class InstanceRoleSwitchExecutionTests: XCTestCase {
    typealias W = InstanceRoleWorkloadEntryTests
    let dedicated = ObjectRef.serviceAccount("apps", "uploader-irsa")

    func harness() throws -> ExecutionHarness {
        let inventory = W.inventory()
        return ExecutionHarness(
            plan: try InstanceRoleFixtures.plan(inventory, map: W.map(W.uploaderEntry)), inventory: inventory)
    }

    func testApplySwitchesTheWorkloadAndRollbackPutsItsAccountBack() async throws {
        let run = try harness()
        let report = try await run.apply()
        XCTAssertTrue(report.outcomes.allSatisfy { $0.result == .ok }, report.outcomes.map(\.line).joined(separator: "\n"))
        let workloads = await run.gateway.workloads
        XCTAssertEqual(workloads[W.uploader], PodIdentity(serviceAccountName: "uploader-irsa", kiamRole: nil))
        XCTAssertEqual(
            workloads[ObjectRef(.deployment, namespace: "apps", name: "other")],
            PodIdentity(serviceAccountName: "shared", kiamRole: nil), "the other user of shared is untouched")
        let account = await run.gateway.serviceAccounts[dedicated]
        XCTAssertEqual(account?.annotations[Annotations.irsaRoleARN], W.uploaderRole)
        XCTAssertEqual(account?.imagePullSecrets, ["regcred"])
        let again = try await run.apply()
        XCTAssertTrue(again.outcomes.allSatisfy { $0.result != .failed && $0.result != .stale }, "idempotent")

        let rollback = try await run.rollback(.all)
        XCTAssertFalse(rollback.outcomes.contains { $0.result == .failed }, rollback.outcomes.map(\.line).joined(separator: "\n"))
        let after = await run.gateway.workloads
        XCTAssertEqual(after[W.uploader], PodIdentity(serviceAccountName: "shared", kiamRole: nil), "the original account")
        let accounts = await run.gateway.serviceAccounts
        XCTAssertNil(accounts[dedicated], "the dedicated account is deleted")
        let roles = await run.gateway.roles
        XCTAssertNil(roles[W.uploaderRole], "the role is deleted")
        let twice = try await run.rollback(.all)
        XCTAssertFalse(twice.outcomes.contains { $0.result == .ok || $0.result == .failed }, "nothing left to undo")
    }

    func testRollbackOfTheWorkloadAloneSwitchesItBack() async throws {
        let run = try harness()
        _ = try await run.apply()
        let report = try await run.rollback(.workload(W.uploader))
        XCTAssertEqual(run.outcome(report, .switchWorkload, W.uploader.description)?.result, .ok)
        let after = await run.gateway.workloads
        XCTAssertEqual(after[W.uploader], PodIdentity(serviceAccountName: "shared", kiamRole: nil))
    }

    func testSwitchIsStaleWhenTheTemplateGotAKiamAnnotationSincePlanning() async throws {
        let run = try harness()
        await run.gateway.set(workload: W.uploader, PodIdentity(serviceAccountName: "shared", kiamRole: "someone-else"))
        let report = try await run.apply()
        XCTAssertEqual(run.outcome(report, .switchWorkload, W.uploader.description)?.result, .stale)
        let after = await run.gateway.workloads
        XCTAssertEqual(after[W.uploader]?.kiamRole, "someone-else", "never dropped without a way back")
    }
}
