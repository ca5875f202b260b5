import MigrationCore
import TestSupport
import XCTest

/// Apply and rollback of an instance-role plan against the in-memory cluster and account.
final class InstanceRoleExecutionTests: XCTestCase {
    typealias F = InstanceRoleFixtures
    let autoscalerRole = Fixtures.roleARN("eks-cluster-autoscaler")
    let dnsRole = Fixtures.roleARN("irsa-kube-system-external-dns")

    func harness(cleanup: Bool = true) throws -> ExecutionHarness {
        ExecutionHarness(plan: try F.plan(cleanup: cleanup), inventory: F.inventory())
    }

    func testApplyCreatesRolesWithExactlyTheMappedPoliciesThenCleansTheNodeRole() async throws {
        let run = try harness()
        let report = try await run.apply()
        XCTAssertTrue(report.outcomes.allSatisfy { $0.result == .ok }, report.outcomes.map(\.line).joined(separator: "\n"))
        let gateway = run.gateway
        let autoscaler = try await XCTUnwrapAsync(try await gateway.role(autoscalerRole))
        XCTAssertEqual(autoscaler.attachedPolicyARNs, [F.autoscalingPolicy])
        XCTAssertEqual(autoscaler.tags[RoleCreation.planTag], run.plan.header.id)
        let dns = try await XCTUnwrapAsync(try await gateway.role(dnsRole))
        XCTAssertEqual(Array(dns.inlinePolicies.keys), ["PolicyExternalDNS"])
        XCTAssertEqual(dns.attachedPolicyARNs, [])
        let node = try await XCTUnwrapAsync(try await gateway.role(F.nodeRole))
        XCTAssertEqual(node.attachedPolicyARNs, [F.workerPolicy], "the node keeps its own policy")
        XCTAssertEqual(node.inlinePolicies, [:])
        let account = await gateway.serviceAccounts[.serviceAccount("kube-system", "external-dns")]
        XCTAssertEqual(account?.annotations[Annotations.irsaRoleARN], dnsRole)
        let restarted = await gateway.templateAnnotations[ObjectRef(.deployment, namespace: "kube-system", name: "external-dns")]
        XCTAssertEqual(restarted?[WorkloadRestart.annotation], run.plan.header.createdAt)

        let again = try await run.apply()
        XCTAssertTrue(
            again.outcomes.allSatisfy { $0.result != .failed && $0.result != .stale },
            again.outcomes.map(\.line).joined(separator: "\n"))
    }

    func testRollbackDeletesTheCreatedRolesAndRestoresTheNodeRole() async throws {
        let run = try harness()
        _ = try await run.apply()
        let report = try await run.rollback(.all)
        XCTAssertFalse(report.outcomes.contains { $0.result == .failed }, report.outcomes.map(\.line).joined(separator: "\n"))
        let roles = await run.gateway.roles
        XCTAssertNil(roles[autoscalerRole])
        XCTAssertNil(roles[dnsRole])
        let node = try await XCTUnwrapAsync(try await run.gateway.role(F.nodeRole))
        XCTAssertEqual(Set(node.attachedPolicyARNs), [F.workerPolicy, F.autoscalingPolicy])
        XCTAssertEqual(node.inlineDocument("PolicyExternalDNS"), try JSONValue(parsing: F.dnsDocument))
        let accounts = await run.gateway.serviceAccounts
        XCTAssertNil(accounts[.serviceAccount("kube-system", "external-dns")]?.annotations[Annotations.irsaRoleARN])
        XCTAssertNil(accounts[.serviceAccount("kube-system", "cluster-autoscaler")]?.annotations[Annotations.irsaRoleARN])
        // A restart is undone by another one, after every annotation is undone, so new pods drop IRSA.
        let restarts = report.outcomes.indices.filter { report.outcomes[$0].action == .restartWorkload }
        let annotations = report.outcomes.indices.filter { report.outcomes[$0].action == .annotateServiceAccount }
        XCTAssertEqual(restarts.count, 2)
        XCTAssertGreaterThan(restarts.min() ?? 0, annotations.max() ?? Int.max, "restarts are undone last")
        XCTAssertTrue(restarts.allSatisfy { report.outcomes[$0].result == .ok })
        let templates = await run.gateway.templateAnnotations
        let restartedAt = templates[ObjectRef(.deployment, namespace: "kube-system", name: "external-dns")]?[
            WorkloadRestart.annotation]
        XCTAssertTrue(restartedAt?.hasSuffix(WorkloadRestart.rollbackSuffix) ?? false, "restarted again: \(restartedAt ?? "nil")")
        let again = try await run.rollback(.all)
        XCTAssertFalse(again.outcomes.contains { $0.result == .ok }, "a second rollback has nothing left to do")
    }

    /// A role that lost this plan's tag, or got another policy, is not ours to delete any more.
    func testRollbackKeepsARoleChangedSinceApply() async throws {
        let run = try harness(cleanup: false)
        _ = try await run.apply()
        await run.gateway.set(attached: [F.autoscalingPolicy, "arn:aws:iam::aws:policy/ReadOnlyAccess"], role: autoscalerRole)
        await run.gateway.set(trustPolicy: #"{"Version":"2012-10-17","Statement":[]}"#, role: dnsRole)
        let report = try await run.rollback(.all)
        let roles = await run.gateway.roles
        XCTAssertNotNil(roles[autoscalerRole], "someone attached another policy")
        XCTAssertNotNil(roles[dnsRole], "its trust changed")
        let kept = report.outcomes.filter { $0.action == .createRole }.map(\.message)
        XCTAssertTrue(kept.contains { $0.contains("ReadOnlyAccess") }, "\(kept)")
        XCTAssertTrue(kept.contains { $0.contains("trust policy changed") }, "\(kept)")
    }

    func testCreateRoleIsStaleWhenTheRoleAppearedSincePlanning() async throws {
        let run = try harness(cleanup: false)
        await run.gateway.set(trustPolicy: #"{"Version":"2012-10-17","Statement":[]}"#, role: autoscalerRole)
        let report = try await run.apply()
        XCTAssertEqual(run.outcome(report, .createRole, autoscalerRole)?.result, .stale)
        XCTAssertEqual(run.outcome(report, .createRole, dnsRole)?.result, .ok, "one bad item never refuses the rest")
        let roles = await run.gateway.roles
        XCTAssertEqual(roles[autoscalerRole], #"{"Version":"2012-10-17","Statement":[]}"#)
    }
}

func XCTUnwrapAsync<T>(_ value: T?, file: StaticString = #filePath, line: UInt = #line) async throws -> T {
    try XCTUnwrap(value, file: file, line: line)
}
