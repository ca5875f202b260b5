import MigrationCore
import TestSupport
import XCTest

final class GateExecutorTests: XCTestCase {
    typealias F = ExecutionFixtures

    private func cleanupOutcomes(_ report: ExecutionReport) -> [StepOutcome] {
        report.outcomes.filter { $0.action == .removeTrustStatements }
    }

    func testCleanupIsRefusedBeforeVerifyPassed() async throws {
        let harness = try F.issuerMoveHarness()
        _ = try await harness.apply([.prepare])
        let report = try await harness.apply([.cleanup])
        XCTAssertEqual(cleanupOutcomes(report).map(\.result), [.gated, .gated])
        XCTAssertTrue(cleanupOutcomes(report)[0].message.contains("verify has not passed"))
        let writes = await harness.gateway.writes
        XCTAssertEqual(writes.filter { $0.hasPrefix("set-trust") }.count, 2, "only prepare wrote trust")
    }

    func testCleanupWaitsForTheTokenLifetimeAfterVerify() async throws {
        let harness = try F.issuerMoveHarness(tokenLifetime: 3600)
        _ = try await harness.apply([.prepare, .verify])
        await harness.clock.advance(seconds: 1800)
        let early = try await harness.apply([.cleanup])
        XCTAssertEqual(cleanupOutcomes(early).map(\.result), [.gated, .gated])
        XCTAssertTrue(
            cleanupOutcomes(early)[0].message.contains("stay valid until 2026-11-23T13:00:00Z"), cleanupOutcomes(early)[0].message
        )
        await harness.clock.advance(seconds: 1800)
        let report = try await harness.apply([.cleanup])
        XCTAssertEqual(cleanupOutcomes(report).map(\.result), [.ok, .ok])
        for role in harness.inventory.roles {
            let live = try await harness.trust(role.arn)
            XCTAssertEqual(live.statements.flatMap(\.federatedProviders).filter { $0 == F.oldProvider() }, [])
            XCTAssertEqual(live.statements.count, 1, "only the new issuer's statement is left")
        }
    }

    func testForceOpensTheGateAndSaysSo() async throws {
        let harness = try F.issuerMoveHarness()
        _ = try await harness.apply([.prepare, .verify])
        let report = try await harness.apply([.cleanup], force: true)
        XCTAssertEqual(cleanupOutcomes(report).map(\.result), [.ok, .ok])
        let step = cleanupOutcomes(report)[0]
        let kinds = await harness.journal.eventKinds("\(step.action.rawValue):\(step.target)")
        XCTAssertTrue(kinds.contains("gate-forced"), "\(kinds)")
    }

    func testVerifyRunsPassedChecksAgainAndAFailureClosesTheGate() async throws {
        var harness = try F.issuerMoveHarness(tokenLifetime: 3600)
        _ = try await harness.apply([.prepare, .verify])
        let checks = harness.plan.steps.filter { $0.action.isCheck }.map(\.id)
        XCTAssertFalse(checks.isEmpty)

        let resumed = try await harness.apply([.verify])
        XCTAssertEqual(resumed.outcomes.map(\.message), checks.map { _ in "already applied" }, "apply skips them")

        await harness.clock.advance(seconds: 1800)
        harness.verifier = FakeVerifier(failing: [checks[0]])
        let failing = try await harness.apply([.verify], recheck: true)
        XCTAssertEqual(failing.outcomes.map(\.result), [.failed] + checks.dropFirst().map { _ in .ok })
        let status = await harness.journal.status(checks[0])
        XCTAssertEqual(status, .failed)
        let gated = try await harness.apply([.cleanup], force: false)
        XCTAssertTrue(cleanupOutcomes(gated).allSatisfy { $0.message.contains("verify has not passed") })

        harness.verifier = FakeVerifier()
        let passing = try await harness.apply([.verify], recheck: true)
        XCTAssertTrue(passing.succeeded)
        let kinds = await harness.journal.eventKinds(checks[1])
        XCTAssertEqual(kinds.filter { $0 == "rechecked" }.count, 2, "\(kinds)")
        await harness.clock.advance(seconds: 1800)
        let stillGated = try await harness.apply([.cleanup])
        XCTAssertTrue(
            cleanupOutcomes(stillGated).allSatisfy { $0.message.contains("stay valid until 2026-11-23T13:30:00Z") },
            "the failed check passed again at 12:30; the others keep 12:00")
    }

    func testIssuerMoveRollbackRestoresTheOldIssuerTrust() async throws {
        let harness = try F.issuerMoveHarness()
        let applied = try await harness.apply(force: true)
        XCTAssertTrue(applied.succeeded, applied.outcomes.map(\.line).joined(separator: "\n"))
        let report = try await harness.rollback(.all)
        XCTAssertTrue(report.succeeded, report.outcomes.map(\.line).joined(separator: "\n"))
        for role in harness.inventory.roles {
            let live = try await harness.trust(role.arn)
            XCTAssertEqual(live.json, try TrustPolicy(parsing: role.trustPolicyText ?? "").json)
        }
    }
}
