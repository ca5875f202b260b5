import Foundation
import MigrationCore
import TestSupport
import XCTest

final class ExecutorTests: XCTestCase {
    typealias F = ExecutionFixtures

    func testPrepareAndCutoverReachThePlannedEndState() async throws {
        let harness = try F.kiamHarness()
        let merge = harness.step(.addTrustStatements, F.payments)?.payload.trustEdit?.remove
        XCTAssertEqual(merge?.count, 1, "payments merges subjects into its existing statement")
        let report = try await harness.apply([.prepare, .cutover])
        XCTAssertTrue(report.succeeded, report.outcomes.map(\.line).joined(separator: "\n"))
        XCTAssertEqual(report.count(.ok), harness.plan.steps.filter { $0.phase <= .cutover }.count)
        for change in harness.plan.roles {
            let live = try await harness.trust(change.arn)
            XCTAssertEqual(live.json, change.after, "trust of \(change.arn) is the planned document, statement order included")
        }
        let orders = await harness.gateway.serviceAccounts[.serviceAccount("shop", "orders")]
        XCTAssertEqual(orders?.annotations[Annotations.irsaRoleARN], F.orders)
        let workloads = await harness.gateway.workloads
        for workload in workloads.values { XCTAssertNil(workload.kiamRole) }
        let pay = workloads[ObjectRef(.deployment, namespace: "shop", name: "pay")]
        let created = await harness.gateway.serviceAccounts[.serviceAccount("shop", pay?.serviceAccountName ?? "")]
        XCTAssertEqual(created?.labels[Annotations.createdByLabel], Annotations.createdByValue)
        XCTAssertEqual(created?.annotations[Annotations.irsaRoleARN], F.payments)
        let providers = await harness.gateway.providers
        XCTAssertEqual(providers.count, 1)
        for step in harness.plan.steps where step.phase <= .cutover {
            let status = await harness.journal.status(step.id)
            XCTAssertEqual(status, .applied, step.id)
        }
    }

    func testSecondRunIsAllUnchangedAndWritesNothing() async throws {
        let harness = try F.kiamHarness()
        _ = try await harness.apply()
        let writes = await harness.gateway.writes
        let second = try await harness.apply()
        XCTAssertEqual(second.count(.unchanged), harness.plan.steps.count, second.outcomes.map(\.line).joined(separator: "\n"))
        let after = await harness.gateway.writes
        XCTAssertEqual(after, writes)
    }

    func testAlreadySatisfiedStepIsRecordedUnchanged() async throws {
        let harness = try F.kiamHarness()
        let account = ObjectRef.serviceAccount("shop", "orders")
        try await harness.gateway.annotateServiceAccount(account, [Annotations.irsaRoleARN: F.orders])
        let report = try await harness.apply([.prepare])
        XCTAssertEqual(harness.outcome(report, .annotateServiceAccount, account.description)?.result, .unchanged)
        let kinds = await harness.journal.eventKinds("annotate-service-account:\(account)")
        XCTAssertTrue(kinds.contains("unchanged"), "\(kinds)")
    }

    func testStaleTrustStepIsRefusedAndNothingIsWritten() async throws {
        let harness = try F.kiamHarness()
        let edited =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/ops"},"Action":"sts:AssumeRole"}]}"#
        await harness.gateway.set(trustPolicy: edited, role: F.orders)
        let report = try await harness.apply([.prepare])
        let trust = harness.outcome(report, .addTrustStatements, F.orders)
        XCTAssertEqual(trust?.result, .stale)
        XCTAssertTrue(
            trust?.message.contains("is stale: the trust policy of role \(F.orders) changed since the plan was made") ?? false)
        XCTAssertTrue(trust?.message.hasSuffix("run 'irsa-migrate plan' again") ?? false)
        let live = await harness.gateway.roles[F.orders]
        XCTAssertEqual(live, edited)
        let writes = await harness.gateway.writes
        XCTAssertFalse(writes.contains("set-trust \(F.orders)"))
        let status = await harness.journal.status("add-trust-statements:\(F.orders)")
        XCTAssertEqual(status, .failed)
        XCTAssertEqual(harness.outcome(report, .annotateServiceAccount, "serviceaccount/shop/orders")?.result, .skipped)
        let again = try await harness.apply([.prepare])
        XCTAssertEqual(harness.outcome(again, .addTrustStatements, F.orders)?.result, .stale, "still refused, still failed")
        let kinds = await harness.journal.eventKinds("add-trust-statements:\(F.orders)")
        XCTAssertEqual(kinds.last, "refused")
    }

    func testCrashAfterTheWriteLeavesApplyingAndTheNextRunResumes() async throws {
        let harness = try F.kiamHarness()
        await harness.gateway.set(crashAfterWriteTo: F.payments)
        do {
            _ = try await harness.apply([.prepare], concurrency: 1)
            XCTFail("the run should have been interrupted")
        } catch is CancellationError {}
        let trustID = "add-trust-statements:\(F.payments)"
        let interrupted = await harness.journal.status(trustID)
        XCTAssertEqual(interrupted, .applying)
        let report = try await harness.apply([.prepare, .cutover])
        XCTAssertTrue(report.succeeded, report.outcomes.map(\.line).joined(separator: "\n"))
        XCTAssertEqual(harness.outcome(report, .addTrustStatements, F.payments)?.result, .unchanged)
        XCTAssertTrue(harness.outcome(report, .addTrustStatements, F.payments)?.message.contains("resumed") ?? false)
        let kinds = await harness.journal.eventKinds(trustID)
        XCTAssertTrue(kinds.contains("resumed"), "\(kinds)")
        let live = try await harness.trust(F.payments)
        XCTAssertEqual(live.json, harness.plan.roles.first { $0.arn == F.payments }?.after)
    }

    func testDependantsOfAFailedStepAreSkippedWhileIndependentOnesRun() async throws {
        let harness = try F.kiamHarness()
        await harness.gateway.set(failing: [F.orders])
        let report = try await harness.apply([.prepare, .cutover])
        XCTAssertEqual(harness.outcome(report, .addTrustStatements, F.orders)?.result, .failed)
        XCTAssertEqual(harness.outcome(report, .annotateServiceAccount, "serviceaccount/shop/orders")?.result, .skipped)
        XCTAssertEqual(harness.outcome(report, .switchWorkload, "deployment/shop/orders")?.result, .skipped)
        XCTAssertEqual(harness.outcome(report, .addTrustStatements, F.reports)?.result, .ok)
        XCTAssertEqual(harness.outcome(report, .switchWorkload, "cronjob/billing/report")?.result, .ok)
        let orders = await harness.gateway.workloads[ObjectRef(.deployment, namespace: "shop", name: "orders")]
        XCTAssertEqual(orders?.kiamRole, "orders", "a workload whose trust failed keeps kiam")
    }

    func testStepsOfALaterPhaseWaitForTheirDependencies() async throws {
        let harness = try F.kiamHarness()
        let report = try await harness.apply([.cutover])
        XCTAssertEqual(report.count(.skipped), report.outcomes.count)
        XCTAssertTrue(report.outcomes.allSatisfy { $0.message.contains("apply phase prepare first") })
        let writes = await harness.gateway.writes
        XCTAssertEqual(writes, [])
    }

    func testConcurrencyLimitIsRespected() async throws {
        var inventory = Inventory(roles: (0..<8).map { Fixtures.role("r\($0)") })
        (inventory.namespaces, inventory.serviceAccounts) = Fixtures.namespaces(["ns"])
        inventory.workloads = (0..<8).map { Fixtures.workload(.deployment, "ns", "w\($0)", role: "r\($0)") }
        let harness = try F.kiamHarness(inventory)
        await harness.gateway.set(delayNanoseconds: 2_000_000)
        let report = try await harness.apply([.prepare], concurrency: 3)
        XCTAssertTrue(report.succeeded)
        let peak = await harness.gateway.maxInFlight
        XCTAssertLessThanOrEqual(peak, 3)
        XCTAssertGreaterThan(peak, 1, "independent steps should overlap")
    }

    func testVerifyFailureIsRecordedAndStopsCleanup() async throws {
        var harness = try F.kiamHarness(cleanup: true)
        let failing = "verify-workload:deployment/shop/orders"
        harness.verifier = FakeVerifier(failing: [failing])
        let report = try await harness.apply()
        XCTAssertEqual(report.outcomes.first { "\($0.action.rawValue):\($0.target)" == failing }?.result, .failed)
        let status = await harness.journal.status(failing)
        XCTAssertEqual(status, .failed)
        XCTAssertEqual(harness.outcome(report, .removeTrustStatements, F.orders)?.result, .skipped)
        XCTAssertEqual(harness.outcome(report, .removeTrustStatements, F.reports)?.result, .ok)
        XCTAssertEqual(harness.outcome(report, .removeNamespaceAnnotation, "namespace/billing")?.result, .ok)
        let billing = await harness.gateway.namespaces["billing"]
        XCTAssertEqual(billing, [:])
    }

    func testOutcomeLineAndSummary() {
        let outcome = StepOutcome(
            position: 3, action: .switchWorkload, target: "deployment/a/b", result: .ok, durationSeconds: 0.42, message: "")
        XCTAssertEqual(outcome.line, "ok 3 switch-workload deployment/a/b (0.4s)")
        let report = ExecutionReport(outcomes: [
            outcome, StepOutcome(position: 4, action: .verifyWorkload, target: "x", result: .skipped, message: "m"),
        ])
        XCTAssertEqual(report.summary, "1 ok, 1 skipped")
    }

    func testTimesRoundTripAsTheJournalStoresThem() {
        let text = "2026-11-23T12:34:56Z"
        XCTAssertEqual(Date(iso8601: text)?.iso8601, text)
        XCTAssertEqual(Date(iso8601: "1970-01-02T00:00:00Z")?.timeIntervalSince1970, 86400)
        XCTAssertEqual(Date(iso8601: "2024-02-29T00:00:01.5Z")?.addingTimeInterval(86400).iso8601, "2024-03-01T00:00:01Z")
        XCTAssertNil(Date(iso8601: "yesterday"))
    }
}
