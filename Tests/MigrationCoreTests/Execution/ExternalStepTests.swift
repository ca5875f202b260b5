import TestSupport
import XCTest

@testable import MigrationCore

/// Steps on targets a GitOps tool or IaC owns: apply waits for the owner's sync instead of
/// patching (`external`), records the step applied once the sync made the change, and
/// rollback exports the inverse instead of undoing it live.
final class ExternalStepTests: XCTestCase {
    typealias F = ExecutionFixtures
    let orders = ObjectRef(.deployment, namespace: "shop", name: "orders")
    var switchID: String { Step.id(action: .switchWorkload, target: .object(orders)) }
    var verifyID: String { Step.id(action: .verifyWorkload, target: .object(orders)) }

    /// The kiam plan with the orders Deployment owned by an Argo CD application.
    func ownedHarness() throws -> ExecutionHarness {
        let base = try F.kiamHarness()
        var plan = base.plan
        for index in plan.steps.indices where plan.steps[index].target == .object(orders) {
            plan.steps[index].owner = Owner(.argoCD, name: "shop", evidence: "label argocd.argoproj.io/instance=shop")
        }
        return ExecutionHarness(plan: plan, inventory: base.inventory)
    }

    /// The service account the plan switches orders to.
    func switchedAccount(_ harness: ExecutionHarness) -> String? {
        guard case .switchWorkload(let change)? = harness.step(.switchWorkload, orders.description)?.payload else { return nil }
        return change.serviceAccount?.to
    }

    func lines(_ report: ExecutionReport) -> String { report.outcomes.map(\.line).joined(separator: "\n") }

    func testAnOwnedWorkloadIsNotPatchedAndItsCheckWaits() async throws {
        let harness = try ownedHarness()
        let report = try await harness.apply()
        let switched = harness.outcome(report, .switchWorkload, orders.description)
        XCTAssertEqual(switched?.result, .external, lines(report))
        XCTAssertTrue(switched?.message.contains("Argo CD application shop") ?? false, switched?.message ?? "")
        XCTAssertEqual(harness.outcome(report, .verifyWorkload, orders.description)?.result, .waiting, lines(report))
        XCTAssertTrue(report.succeeded, "waiting is not a failure: \(lines(report))")
        XCTAssertEqual(report.waitingForSync.count, 2)
        let live = await harness.gateway.workloads[orders]
        XCTAssertEqual(live?.kiamRole, "orders", "not patched")
        let status = await harness.journal.status(switchID)
        XCTAssertEqual(status, .external)
        let pay = await harness.gateway.workloads[ObjectRef(.deployment, namespace: "shop", name: "pay")]
        XCTAssertNil(pay?.kiamRole, "the workloads nothing owns are switched")
        // A second apply before the sync writes nothing and still waits.
        let writes = await harness.gateway.writes
        let again = try await harness.apply()
        XCTAssertEqual(harness.outcome(again, .switchWorkload, orders.description)?.result, .external)
        let after = await harness.gateway.writes
        XCTAssertEqual(after, writes)
    }

    func testASyncedStepIsAppliedWithThePreSyncStateAndRollbackExportsItsInverse() async throws {
        let harness = try ownedHarness()
        _ = try await harness.apply()
        let before = await harness.gateway.workloads[orders]
        let account = switchedAccount(harness)
        // The owner syncs the exported patch.
        await harness.gateway.set(workload: orders, PodIdentity(serviceAccountName: account, kiamRole: nil))
        let report = try await harness.apply()
        let synced = harness.outcome(report, .switchWorkload, orders.description)
        XCTAssertEqual(synced?.result, .ok, lines(report))
        XCTAssertTrue(synced?.message.hasPrefix("synced:") ?? false, synced?.message ?? "")
        XCTAssertEqual(harness.outcome(report, .verifyWorkload, orders.description)?.result, .ok, lines(report))
        let entry = try await harness.journal.entries()[switchID]
        XCTAssertEqual(entry?.status, .applied)
        XCTAssertEqual(entry?.before?["kiamRole"]?.stringValue, before?.kiamRole, "the state before the sync is kept")
        let kinds = await harness.journal.eventKinds(switchID)
        XCTAssertTrue(kinds.contains("external") && kinds.contains("synced"), "\(kinds)")

        // Rollback does not patch it live: it exports the inverse and leaves it applied.
        let rollback = try await harness.rollback(.workload(orders))
        let undo = harness.outcome(rollback, .switchWorkload, orders.description)
        XCTAssertEqual(undo?.result, .external, lines(rollback))
        let position = try XCTUnwrap(undo?.position)
        let inverse = try XCTUnwrap(rollback.inverses[position]?.file)
        XCTAssertTrue(inverse.contents.contains("\"orders\""), inverse.contents)
        let live = await harness.gateway.workloads[orders]
        XCTAssertNil(live?.kiamRole, "not undone live")
        let status = await harness.journal.status(switchID)
        XCTAssertEqual(status, .applied)

        // The owner syncs the inverse: the next rollback records it reverted without writing.
        await harness.gateway.set(workload: orders, before ?? PodIdentity(serviceAccountName: nil, kiamRole: "orders"))
        let writes = await harness.gateway.writes
        let second = try await harness.rollback(.workload(orders))
        XCTAssertEqual(harness.outcome(second, .switchWorkload, orders.description)?.result, .unchanged, lines(second))
        let reverted = await harness.journal.status(switchID)
        XCTAssertEqual(reverted, .reverted)
        let after = await harness.gateway.writes
        XCTAssertEqual(
            after.filter { $0.hasSuffix(orders.description) }, writes.filter { $0.hasSuffix(orders.description) },
            "the workload is not written; the steps it held up are undone live now")
    }

    func testPatchOwnedPatchesLive() async throws {
        let harness = try ownedHarness()
        let report = try await harness.apply(patchOwned: true)
        XCTAssertEqual(harness.outcome(report, .switchWorkload, orders.description)?.result, .ok, lines(report))
        let live = await harness.gateway.workloads[orders]
        XCTAssertNil(live?.kiamRole)
    }

    func testVerifyReadsWaitingStepsAgain() async throws {
        let harness = try ownedHarness()
        _ = try await harness.apply()
        let account = switchedAccount(harness)
        await harness.gateway.set(workload: orders, PodIdentity(serviceAccountName: account, kiamRole: nil))
        let report = try await harness.apply([.verify], recheck: true)
        XCTAssertEqual(harness.outcome(report, .switchWorkload, orders.description)?.result, .ok, lines(report))
        XCTAssertEqual(harness.outcome(report, .verifyWorkload, orders.description)?.result, .ok, lines(report))
    }

    func testAnExternalStepThatNeverSyncedIsRolledBackWithoutWriting() async throws {
        let harness = try ownedHarness()
        _ = try await harness.apply()
        let report = try await harness.rollback(.all)
        let undo = harness.outcome(report, .switchWorkload, orders.description)
        XCTAssertEqual(undo?.result, .unchanged, lines(report))
        XCTAssertTrue(undo?.message.contains("never synced") ?? false, undo?.message ?? "")
        try await harness.assertOriginalState()
    }

    /// The export runbook's order: the IaC stack applies the exported trust before apply
    /// runs, so apply finds it done. Rollback's inverse is still the policy without the
    /// change (not the changed document apply found), and once the stack applied that
    /// inverse the same rollback records the step reverted.
    func testAnOwnedTrustSyncedBeforeApplyIsExportedWithoutTheChange() async throws {
        let base = try F.kiamHarness()
        var plan = base.plan
        let trustID = try XCTUnwrap(base.step(.addTrustStatements, F.orders)).id
        for index in plan.steps.indices where plan.steps[index].id == trustID {
            plan.steps[index].owner = Owner(.iacTag, name: "team:iac=pulumi", evidence: "tag team:iac=pulumi")
        }
        let harness = ExecutionHarness(plan: plan, inventory: base.inventory)
        let recorded = await harness.gateway.roles[F.orders]
        let original = try XCTUnwrap(recorded)
        let step = try XCTUnwrap(harness.step(.addTrustStatements, F.orders))
        guard case .addTrustStatements(let edit) = step.payload else { return XCTFail("\(step.payload)") }
        let synced = try TrustChange(edit, step: step).applied(to: TrustPolicy(parsing: original))
        await harness.gateway.set(trustPolicy: synced.json.serialized(.minified), role: F.orders)
        let report = try await harness.apply()
        XCTAssertEqual(harness.outcome(report, .addTrustStatements, F.orders)?.result, .unchanged, lines(report))

        let rollback = try await harness.rollback(.all)
        let undo = harness.outcome(rollback, .addTrustStatements, F.orders)
        XCTAssertEqual(undo?.result, .external, lines(rollback))
        let file = try XCTUnwrap(rollback.inverses[try XCTUnwrap(undo?.position)]?.file)
        let inverse = try TrustPolicy(json: try JSONValue(parsing: Array(file.contents.utf8)))
        let before = try TrustPolicy(parsing: original)
        XCTAssertTrue(
            inverse.statements(notIn: before).isEmpty && before.statements(notIn: inverse).isEmpty, file.contents)

        await harness.gateway.set(trustPolicy: file.contents, role: F.orders)
        let second = try await harness.rollback(.all)
        XCTAssertEqual(harness.outcome(second, .addTrustStatements, F.orders)?.result, .unchanged, lines(second))
        let status = await harness.journal.status(trustID)
        XCTAssertEqual(status, .reverted)
    }

    func testTransitionsOfTheExternalStatus() {
        for from in [StepStatus.pending, .failed, .reverted, .applying] {
            XCTAssertTrue(StepTransitions.allows(from: from, to: .external), "\(from)")
        }
        for to in [StepStatus.applying, .failed, .reverting] {
            XCTAssertTrue(StepTransitions.allows(from: .external, to: to), "\(to)")
        }
        XCTAssertFalse(StepTransitions.allows(from: .external, to: .applied), "applied only through applying")
        XCTAssertFalse(StepTransitions.allows(from: .applied, to: .external))
    }
}
