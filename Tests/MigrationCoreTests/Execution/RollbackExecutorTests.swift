import MigrationCore
import TestSupport
import XCTest

final class RollbackExecutorTests: XCTestCase {
    typealias F = ExecutionFixtures

    private func appliedHarness(cleanup: Bool = true) async throws -> ExecutionHarness {
        let harness = try F.kiamHarness(cleanup: cleanup)
        let report = try await harness.apply()
        XCTAssertTrue(report.succeeded, report.outcomes.map(\.line).joined(separator: "\n"))
        return harness
    }

    func testRollbackAllRestoresTheOriginalState() async throws {
        let harness = try await appliedHarness()
        let report = try await harness.rollback(.all)
        XCTAssertTrue(report.succeeded, report.outcomes.map(\.line).joined(separator: "\n"))
        XCTAssertEqual(report.outcomes.map(\.position), harness.plan.steps.map(\.position).reversed())
        try await harness.assertOriginalState()
        for step in harness.plan.steps {
            let status = await harness.journal.status(step.id)
            XCTAssertEqual(status, .reverted, step.id)
        }
        let again = try await harness.rollback(.all)
        XCTAssertTrue(again.outcomes.isEmpty, "nothing is applied any more")
    }

    func testRollbackKeepsATrustEditMadeSinceApply() async throws {
        let harness = try await appliedHarness(cleanup: false)
        let ops = #"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/ops"},"Action":"sts:AssumeRole"}"#
        let edited = try await harness.trust(F.orders).adding([TrustStatement(json: JSONValue(parsing: ops))])
        await harness.gateway.set(trustPolicy: edited.json.serialized(), role: F.orders)
        let report = try await harness.rollback(.all)
        XCTAssertTrue(report.succeeded, report.outcomes.map(\.line).joined(separator: "\n"))
        let live = try await harness.trust(F.orders)
        let original = try TrustPolicy(parsing: Fixtures.role("orders").trustPolicyText ?? "")
        let opsStatement = try TrustStatement(json: JSONValue(parsing: ops))
        XCTAssertTrue(live.isEquivalent(to: original.adding([opsStatement])), live.json.serialized())
        let message = harness.outcome(report, .addTrustStatements, F.orders)?.message ?? ""
        XCTAssertTrue(message.contains("kept 1 statement(s) added"), message)
    }

    func testCreatedServiceAccountIsKeptWhileSomethingUsesIt() async throws {
        let harness = try await appliedHarness(cleanup: false)
        guard let create = harness.plan.steps.first(where: { $0.action == .createServiceAccount }),
            let account = create.target.objectRef
        else { return XCTFail("the plan creates a service account") }
        let other = ObjectRef(.deployment, namespace: account.namespace, name: "newcomer")
        await harness.gateway.set(workload: other, PodIdentity(serviceAccountName: account.name, kiamRole: nil))
        let report = try await harness.rollback(.all)
        XCTAssertTrue(report.succeeded, report.outcomes.map(\.line).joined(separator: "\n"))
        let kept = await harness.gateway.serviceAccounts[account]
        XCTAssertNotNil(kept)
        XCTAssertTrue(
            harness.outcome(report, .createServiceAccount, create.target.description)?.message.contains("still used by \(other)")
                ?? false)
    }

    func testRollbackOfOneWorkloadLeavesTheOthersMigrated() async throws {
        let harness = try await appliedHarness(cleanup: false)
        let pay = ObjectRef(.deployment, namespace: "shop", name: "pay")
        let report = try await harness.rollback(.workload(pay))
        XCTAssertTrue(report.succeeded, report.outcomes.map(\.line).joined(separator: "\n"))
        let actions = Set(report.outcomes.map(\.action))
        XCTAssertEqual(
            actions, [.switchWorkload, .verifyWorkload, .verifyAssumeRole, .createServiceAccount, .addTrustStatements])
        XCTAssertEqual(report.outcomes.filter { $0.action == .addTrustStatements }.map(\.target.description), [F.payments])
        let workloads = await harness.gateway.workloads
        XCTAssertEqual(workloads[pay], PodIdentity(serviceAccountName: nil, kiamRole: "payments"))
        XCTAssertNil(workloads[ObjectRef(.deployment, namespace: "shop", name: "orders")]?.kiamRole)
        let payments = try await harness.trust(F.payments)
        XCTAssertEqual(payments.json, try TrustPolicy(parsing: harness.inventory.roles[1].trustPolicyText ?? "").json)
        let orders = try await harness.trust(F.orders)
        XCTAssertEqual(orders.json, harness.plan.roles.first { $0.arn == F.orders }?.after)
    }

    func testRollbackOfOneWorkloadBringsBackTheKiamTrustCleanupRemoved() async throws {
        let harness = try await appliedHarness(cleanup: true)
        let report = try await harness.rollback(.workload(ObjectRef(.deployment, namespace: "shop", name: "pay")))
        XCTAssertTrue(report.succeeded, report.outcomes.map(\.line).joined(separator: "\n"))
        XCTAssertEqual(report.outcomes.filter { $0.action == .removeTrustStatements }.map(\.target.description), [F.payments])
        let payments = try await harness.trust(F.payments)
        XCTAssertEqual(payments.json, try TrustPolicy(parsing: harness.inventory.roles[1].trustPolicyText ?? "").json)
        let orders = try await harness.trust(F.orders)
        XCTAssertFalse(orders.statements.contains { !$0.raw.serialized().contains("oidc-provider") }, "orders stays on IRSA only")
    }

    func testAFailedUndoKeepsWhatItReliesOnAndTheRestGoesOn() async throws {
        let harness = try await appliedHarness(cleanup: false)
        let orders = ObjectRef(.deployment, namespace: "shop", name: "orders")
        await harness.gateway.set(workload: orders, PodIdentity(serviceAccountName: "orders", kiamRole: "someone-else"))
        let report = try await harness.rollback(.all)
        XCTAssertFalse(report.succeeded)
        let failed = harness.outcome(report, .switchWorkload, orders.description)
        XCTAssertEqual(failed?.result, .failed)
        XCTAssertTrue(failed?.message.contains("changed since apply") ?? false)
        let held = harness.outcome(report, .addTrustStatements, F.orders)
        XCTAssertEqual(held?.result, .skipped, "orders still runs switched: its role keeps trusting it")
        XCTAssertTrue(held?.message.contains("relies on it") ?? false, held?.message ?? "")
        XCTAssertEqual(harness.outcome(report, .annotateServiceAccount, "serviceaccount/shop/orders")?.result, .skipped)
        let switchPosition = try XCTUnwrap(harness.step(.switchWorkload, orders.description)?.position)
        XCTAssertTrue(report.stillApplied.contains(switchPosition), report.summary)
        XCTAssertTrue(report.summary.contains("still applied: steps"), report.summary)
        let trustStatus = await harness.journal.status("add-trust-statements:\(F.orders)")
        XCTAssertEqual(trustStatus, .applied, "steps the failed one relies on are left applied")
        let pay = await harness.gateway.workloads[ObjectRef(.deployment, namespace: "shop", name: "pay")]
        XCTAssertEqual(pay, PodIdentity(serviceAccountName: nil, kiamRole: "payments"), "independent steps are undone")
        let payments = try await harness.trust(F.payments)
        XCTAssertEqual(payments.json, try TrustPolicy(parsing: harness.inventory.roles[1].trustPolicyText ?? "").json)

        // Put the template back as apply left it: the next rollback retries the failed step and finishes.
        await harness.gateway.set(workload: orders, PodIdentity(serviceAccountName: "orders", kiamRole: nil))
        let again = try await harness.rollback(.all)
        XCTAssertTrue(again.succeeded, again.outcomes.map(\.line).joined(separator: "\n"))
        try await harness.assertOriginalState()
    }

    func testStepsAndToSelectTheNewestSteps() async throws {
        let harness = try await appliedHarness(cleanup: false)
        let last = harness.plan.steps.count
        let two = try await harness.rollback(.steps(2))
        XCTAssertEqual(two.outcomes.map(\.position), [last, last - 1])
        let rest = try await harness.rollback(.to(position: last - 4))
        XCTAssertEqual(rest.outcomes.map(\.position), [last - 2, last - 3])
    }
}
