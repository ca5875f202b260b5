import Foundation
import MigrationCore
import TestSupport
import XCTest

/// One folder per case under Tests/Golden/KIND/CASE: `input/` (a snapshot) and `args` in,
/// `plan.json` and `report.md` out, produced by the real binary with a pinned clock.
/// `IRSA_MIGRATE_RECORD=1` rewrites the outputs and fails, so a new baseline is always seen.
final class GoldenTests: XCTestCase {
    static let pinnedClock = ["SOURCE_DATE_EPOCH": "1795000000"]

    func testKiamToIRSACases() throws {
        try runCases(kind: "kiam-to-irsa", minimum: 8)
    }

    func testIssuerMoveCases() throws {
        try runCases(kind: "issuer-move", minimum: 12)
    }

    func testInstanceRoleCases() throws {
        try runCases(kind: "instance-role", minimum: 1)
    }

    private func runCases(kind: String, minimum: Int) throws {
        let cases = try GoldenFolder(kind).cases()
        XCTAssertGreaterThanOrEqual(cases.count, minimum, "golden cases for \(kind)")
        for folder in cases {
            try check(kind: kind, folder: folder)
        }
        GoldenFolder.finish("new golden files for \(kind)")
    }

    private func check(kind: String, folder: URL) throws {
        let name = folder.lastPathComponent
        let state = try TestPaths.temporaryDirectory().appendingPathComponent("state.db")
        let plan = try BinaryRunner.run(
            ["plan", kind, "--snapshot", folder.appendingPathComponent("input").path, "--state", state.path, "--format", "json"]
                + (try GoldenFolder.arguments(of: folder)),
            environment: Self.pinnedClock)
        XCTAssertEqual(plan.status, 0, "\(name): plan failed: \(plan.stderr)")
        let report = try BinaryRunner.run(["report", "--state", state.path, "--format", "markdown"])
        XCTAssertEqual(report.status, 0, "\(name): report failed: \(report.stderr)")
        try GoldenFolder.compare(plan.stdout, with: folder.appendingPathComponent("plan.json"), case: name)
        try GoldenFolder.compare(report.stdout, with: folder.appendingPathComponent("report.md"), case: name)
    }
}
