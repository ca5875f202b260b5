import MigrationCore
import TestSupport
import XCTest

/// The checks apply makes on the document it is about to write.
final class TrustWriteExecutorTests: XCTestCase {
    typealias F = ExecutionFixtures

    private func harness(editing edit: (inout Plan) -> Void) throws -> ExecutionHarness {
        let original = try F.kiamHarness()
        var plan = original.plan
        edit(&plan)
        return ExecutionHarness(plan: plan, inventory: original.inventory)
    }

    func testAStatementWithoutASubConditionIsNeverWritten() async throws {
        let harness = try harness { plan in
            guard
                let index = plan.steps.firstIndex(where: { $0.action == .addTrustStatements && $0.target.description == F.orders }
                ),
                var edit = plan.steps[index].payload.trustEdit, let statement = edit.add.first
            else { return }
            edit.add = [statement.removing("Condition")]
            plan.steps[index].payload = .addTrustStatements(edit)
        }
        let report = try await harness.apply([.prepare])
        let outcome = harness.outcome(report, .addTrustStatements, F.orders)
        XCTAssertEqual(outcome?.result, .failed)
        XCTAssertTrue(outcome?.message.contains("without a :sub condition") ?? false, outcome?.message ?? "")
        let writes = await harness.gateway.writes
        XCTAssertFalse(writes.contains("set-trust \(F.orders)"))
    }

    func testADocumentOverTheQuotaIsNotWritten() async throws {
        let harness = try harness { plan in
            guard case .kiamToIRSA(var options) = plan.header.options else { return }
            options.trustPolicyQuota = 300
            plan.header.options = .kiamToIRSA(options)
        }
        let report = try await harness.apply([.prepare])
        let outcome = harness.outcome(report, .addTrustStatements, F.payments)
        XCTAssertEqual(outcome?.result, .failed)
        XCTAssertTrue(outcome?.message.contains("over the quota of 300") ?? false, outcome?.message ?? "")
        let live = await harness.gateway.roles[F.payments]
        XCTAssertEqual(live, harness.inventory.roles[1].trustPolicyText)
    }

    func testAWorkloadChangedSinceThePlanIsStale() async throws {
        let harness = try F.kiamHarness()
        let pay = ObjectRef(.deployment, namespace: "shop", name: "pay")
        await harness.gateway.set(workload: pay, PodIdentity(serviceAccountName: "other", kiamRole: "payments"))
        let report = try await harness.apply([.prepare, .cutover])
        let outcome = harness.outcome(report, .switchWorkload, pay.description)
        XCTAssertEqual(outcome?.result, .stale)
        XCTAssertTrue(outcome?.message.contains("the pod template of \(pay) changed since the plan was made") ?? false)
        let live = await harness.gateway.workloads[pay]
        XCTAssertEqual(live?.kiamRole, "payments")
    }
}
