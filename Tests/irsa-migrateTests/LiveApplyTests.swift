import Foundation
import MigrationCore
import TestSupport
import XCTest

/// apply, verify, status and rollback with the real kubectl and aws against the emulators,
/// seeded with the whole example estate: the one XCTest end-to-end cycle on all of it (the
/// other live suites run on small cuts of it).
final class LiveApplyTests: XCTestCase {
    /// The example estate's one planted failure: data-exporter sets a static AWS_ACCESS_KEY_ID,
    /// which verify must catch.
    static let expectedFailure = "verify-workload:deployment/data/data-exporter"

    func testKiamCycleAppliesVerifiesAndRollsBackToTheOriginalEstate() throws {
        if let reason = EmulatorHarness.unavailableReason { throw XCTSkip(reason) }
        let session = try LiveSession(estate: .full)
        let before = try session.snapshot("before")
        try session.planKiam()

        let noTerminal = try session.run(["apply"])
        XCTAssertEqual(noTerminal.status, 1)
        XCTAssertTrue(noTerminal.stderr.contains("standard input is not a terminal; pass --yes"), noTerminal.stderr)

        let apply = try session.run(["apply", "--phase", "prepare", "--phase", "cutover", "--phase", "verify", "--yes"])
        XCTAssertEqual(apply.status, 1, "one step of the estate fails by design:\n\(apply.stdout)")
        let failed = apply.stdout.split(separator: "\n").filter { $0.hasPrefix("failed") }
        XCTAssertEqual(failed.count, 1, apply.stdout)
        XCTAssertTrue(apply.stdout.contains("sets a static AWS_ACCESS_KEY_ID, which shadows IRSA"), apply.stdout)
        XCTAssertTrue(
            apply.stderr.split(separator: "\n").contains { $0.hasPrefix("applying ") && $0.contains(" add-trust-statements ") },
            "progress on stderr: \(apply.stderr)")
        try Self.assertPlannedEndState(session, before: before)

        let rollback = try session.run(["rollback", "--all", "--yes"])
        XCTAssertEqual(rollback.status, 0, rollback.stdout + rollback.stderr)
        let compared = try session.compare(before, try session.snapshot("after"))
        XCTAssertEqual(compared.status, 0, compared.stdout + compared.stderr)
    }

    /// Every step but cleanup applied (except the planted failure), and the live estate equals
    /// the estate before with the plan's prepare and cutover changes made in memory.
    static func assertPlannedEndState(
        _ session: LiveSession, before: URL, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let plan = try session.storedPlan()
        let statuses = try session.statuses()
        let notApplied = plan.steps.filter { $0.phase != .cleanup && statuses[$0.id] != "applied" }.map(\.id)
        XCTAssertEqual(notApplied, [expectedFailure], file: file, line: line)
        XCTAssertEqual(statuses[expectedFailure], "failed", file: file, line: line)
        let expected = try PlanApplier.apply(plan, phases: [.prepare, .cutover], to: try session.inventory(before))
        let actual = try session.inventory(try session.snapshot("applied"))
        let differences = EstateComparison.differences(expected: expected, actual: actual)
        XCTAssertEqual(differences, [], differences.joined(separator: "\n"), file: file, line: line)
    }
}
