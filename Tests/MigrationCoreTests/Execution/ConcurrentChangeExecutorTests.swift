import MigrationCore
import TestSupport
import XCTest

/// Someone else writing the same target at the same time: a 409 is read again and decided
/// again, a trust document changed between the read and the write is never overwritten, and
/// a document that reads back different from what was written is reported, not `ok`.
final class ConcurrentChangeExecutorTests: XCTestCase {
    typealias F = ExecutionFixtures

    /// Another team's statement.
    private static let theirs: JSONValue = .object([
        "Sid": .string("AddedByAnotherTeam"), "Effect": .string("Allow"),
        "Principal": .object(["Service": .string("ec2.amazonaws.com")]), "Action": .string("sts:AssumeRole"),
    ])

    /// `document` with their statement added, as their tool would write it.
    private static func withTheirs(_ document: String) -> String {
        guard let policy = try? TrustPolicy(parsing: document), let statement = try? TrustStatement(json: theirs) else {
            return document
        }
        return policy.adding([statement]).json.serialized(.minified)
    }

    func testAConflictOnAWriteIsReadAgainAndWrittenOnce() async throws {
        let harness = try F.kiamHarness()
        let account = ObjectRef.serviceAccount("shop", "orders").description
        await harness.gateway.set(conflicts: 1, on: account)
        let report = try await harness.apply([.prepare])
        let outcome = harness.outcome(report, .annotateServiceAccount, account)
        XCTAssertEqual(outcome?.result, .ok, outcome?.message ?? "")
        let writes = await harness.gateway.writes
        XCTAssertEqual(writes.filter { $0 == "annotate-sa \(account)" }.count, 1)
        let kinds = await harness.journal.events.map(\.kind)
        XCTAssertTrue(kinds.contains("conflict"))
        XCTAssertTrue(report.succeeded, report.summary)
    }

    func testConflictsThatPersistFailTheStepAfterABoundedNumberOfReads() async throws {
        let harness = try F.kiamHarness()
        let pay = ObjectRef(.deployment, namespace: "shop", name: "pay").description
        await harness.gateway.set(conflicts: 10, on: pay)
        let report = try await harness.apply([.prepare, .cutover])
        let outcome = harness.outcome(report, .switchWorkload, pay)
        XCTAssertEqual(outcome?.result, .failed)
        XCTAssertTrue(outcome?.message.contains("injected 409") ?? false, outcome?.message ?? "")
        let left = await harness.gateway.conflicts[pay]
        XCTAssertEqual(left, 10 - 3, "one write and two more after reading again")
    }

    func testATrustDocumentEditedBetweenTheReadAndTheWriteIsRefusedAsStaleAndKept() async throws {
        let harness = try F.kiamHarness()
        let theirs = Self.withTheirs(await harness.gateway.roles[F.orders] ?? "")
        await harness.gateway.set(raceAfterRead: theirs, role: F.orders)
        let report = try await harness.apply([.prepare])
        let outcome = harness.outcome(report, .addTrustStatements, F.orders)
        XCTAssertEqual(outcome?.result, .stale)
        XCTAssertTrue(outcome?.message.contains("changed while this step was writing it") ?? false, outcome?.message ?? "")
        let live = await harness.gateway.roles[F.orders]
        XCTAssertEqual(live, theirs, "their edit is not overwritten")
        let writes = await harness.gateway.writes
        XCTAssertFalse(writes.contains("set-trust \(F.orders)"))
    }

    func testADocumentChangedRightAfterTheWriteIsReportedAsConcurrent() async throws {
        let harness = try F.kiamHarness()
        let step = try XCTUnwrap(harness.step(.addTrustStatements, F.orders))
        await harness.gateway.set(raceAfterWrite: Self.withTheirs, role: F.orders)
        let report = try await harness.apply([.prepare])
        let outcome = harness.outcome(report, .addTrustStatements, F.orders)
        XCTAssertEqual(outcome?.result, .concurrent, outcome?.message ?? "")
        XCTAssertTrue(outcome?.message.contains("1 statement(s) added") ?? false, outcome?.message ?? "")
        XCTAssertFalse(report.succeeded, "the run fails so someone looks")
        let status = try await harness.journal.entries()[step.id]?.status
        XCTAssertEqual(status, .applied, "the change holds, so rollback can undo it")
        let annotate = harness.outcome(report, .annotateServiceAccount, ObjectRef.serviceAccount("shop", "orders").description)
        XCTAssertEqual(annotate?.result, .ok, "steps that depend on it still run")
    }

    func testARollbackWorksTheUndoOutAgainWhenTheDocumentChangedBeforeItsWrite() async throws {
        let harness = try F.kiamHarness()
        _ = try await harness.apply([.prepare])
        let applied = await harness.gateway.roles[F.orders] ?? ""
        await harness.gateway.set(raceAfterRead: Self.withTheirs(applied), role: F.orders)
        let report = try await harness.rollback(.all)
        let outcome = harness.outcome(report, .addTrustStatements, F.orders)
        XCTAssertEqual(outcome?.result, .ok, outcome?.message ?? "")
        let live = try await harness.trust(F.orders)
        let original = try TrustPolicy(parsing: harness.inventory.roles[0].trustPolicyText ?? "")
        let statement = try TrustStatement(json: Self.theirs)
        XCTAssertTrue(live.contains(equivalentTo: statement), "their statement is kept")
        XCTAssertTrue(live.removing([statement]).isEquivalent(to: original), live.json.serialized())
        let step = try XCTUnwrap(harness.step(.addTrustStatements, F.orders))
        let kinds = await harness.journal.eventKinds(step.id)
        XCTAssertTrue(kinds.contains("conflict"), "\(kinds)")
    }
}
