import Foundation
import MigrationCore
import TestSupport
import XCTest

/// One folder per case under Tests/Golden/KIND/CASE: `input/` (a snapshot) and `args` in,
/// `plan.json` and `report.md` out, produced by the real binary with a pinned clock.
/// `IRSA_MIGRATE_RECORD=1` rewrites the outputs and fails, so a new baseline is always seen.
final class GoldenTests: XCTestCase {
    static let pinnedClock = ["SOURCE_DATE_EPOCH": "1795000000"]
    let recording = ProcessInfo.processInfo.environment["IRSA_MIGRATE_RECORD"] == "1"

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
        let root = TestPaths.repository.appendingPathComponent("Tests/Golden/\(kind)")
        let cases = try FileManager.default.contentsOfDirectory(atPath: root.path).filter {
            FileManager.default.fileExists(atPath: root.appendingPathComponent("\($0)/args").path)
        }.sorted()
        XCTAssertGreaterThanOrEqual(cases.count, minimum, "golden cases for \(kind)")
        for name in cases {
            try check(kind: kind, folder: root.appendingPathComponent(name))
        }
        XCTAssertFalse(
            recording, "recorded new golden files for \(kind): review them with git diff, then run without IRSA_MIGRATE_RECORD")
    }

    private func check(kind: String, folder: URL) throws {
        let name = folder.lastPathComponent
        let args = try String(contentsOf: folder.appendingPathComponent("args"), encoding: .utf8)
            .split(whereSeparator: \.isWhitespace).map { $0.replacingOccurrences(of: "{case}", with: folder.path) }
        let state = try TestPaths.temporaryDirectory().appendingPathComponent("state.db")
        let plan = try BinaryRunner.run(
            ["plan", kind, "--snapshot", folder.appendingPathComponent("input").path, "--state", state.path, "--format", "json"]
                + args,
            environment: Self.pinnedClock)
        XCTAssertEqual(plan.status, 0, "\(name): plan failed: \(plan.stderr)")
        let report = try BinaryRunner.run(["report", "--state", state.path, "--format", "markdown"])
        XCTAssertEqual(report.status, 0, "\(name): report failed: \(report.stderr)")
        try compare(plan.stdout, folder.appendingPathComponent("plan.json"), name)
        try compare(report.stdout, folder.appendingPathComponent("report.md"), name)
    }

    private func compare(_ actual: String, _ file: URL, _ name: String) throws {
        if recording {
            try Data(actual.utf8).write(to: file)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            return XCTFail("\(name): no \(file.lastPathComponent) yet; record it with IRSA_MIGRATE_RECORD=1")
        }
        XCTAssertEqual(
            actual, expected, "\(name): \(file.lastPathComponent) differs; if intended, re-record with IRSA_MIGRATE_RECORD=1")
    }
}
