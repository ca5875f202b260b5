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

    private func assertOriginalState(_ harness: ExecutionHarness, file: StaticString = #filePath, line: UInt = #line) async throws
    {
        for role in harness.inventory.roles {
            let original = try TrustPolicy(parsing: role.trustPolicyText ?? "")
            let live = try await harness.trust(role.arn)
            XCTAssertTrue(live.isEquivalent(to: original), "\(role.arn): \(live.json.serialized())", file: file, line: line)
            XCTAssertEqual(live.json, original.json, "statement order restored too", file: file, line: line)
        }
        let accounts = await harness.gateway.serviceAccounts
        XCTAssertEqual(
            accounts, Dictionary(uniqueKeysWithValues: harness.inventory.serviceAccounts.map { ($0.ref, $0) }), file: file,
            line: line)
        let workloads = await harness.gateway.workloads
        for workload in harness.inventory.workloads {
            let expected = PodIdentity(
                serviceAccountName: workload.template.serviceAccountName,
                kiamRole: workload.template.annotations[Annotations.kiamRole])
            XCTAssertEqual(workloads[workload.ref], expected, workload.ref.description, file: file, line: line)
        }
        let namespaces = await harness.gateway.namespaces
        for namespace in harness.inventory.namespaces {
            XCTAssertEqual(namespaces[namespace.name], namespace.annotations, file: file, line: line)
        }
    }

    func testRollbackAllRestoresTheOriginalState() async throws {
        let harness = try await appliedHarness()
        let report = try await harness.rollback(.all)
        XCTAssertTrue(report.succeeded, report.outcomes.map(\.line).joined(separator: "\n"))
        XCTAssertEqual(report.outcomes.map(\.position), harness.plan.steps.map(\.position).reversed())
        try await assertOriginalState(harness)
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

    func testRollbackStopsLoudlyAtTheFirstInverseThatFails() async throws {
        let harness = try await appliedHarness(cleanup: false)
        let orders = ObjectRef(.deployment, namespace: "shop", name: "orders")
        await harness.gateway.set(workload: orders, PodIdentity(serviceAccountName: "orders", kiamRole: "someone-else"))
        let report = try await harness.rollback(.all)
        XCTAssertFalse(report.succeeded)
        let failed = report.outcomes.last
        XCTAssertEqual(failed?.result, .failed)
        XCTAssertEqual(failed?.target, orders.description)
        XCTAssertTrue(failed?.message.contains("changed since apply") ?? false)
        XCTAssertFalse(report.stillApplied.isEmpty)
        XCTAssertTrue(report.summary.contains("still applied: steps"), report.summary)
        let trustStatus = await harness.journal.status("add-trust-statements:\(F.orders)")
        XCTAssertEqual(trustStatus, .applied, "steps below the failure are left applied")
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
