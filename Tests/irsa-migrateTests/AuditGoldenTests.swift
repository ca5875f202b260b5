import Foundation
import MigrationCore
import TestSupport
import XCTest

/// One folder per case under Tests/Golden/audit/CASE: `input/` (a snapshot) and `args` in,
/// `audit.json`, `audit.md` and `audit.sarif` out, produced by the real binary run inside the
/// case folder (so SARIF locations are `input/...`). `IRSA_MIGRATE_RECORD=1` rewrites the
/// outputs and fails, so a new baseline is always seen.
final class AuditGoldenTests: XCTestCase {
    let recording = ProcessInfo.processInfo.environment["IRSA_MIGRATE_RECORD"] == "1"

    func testAuditCases() throws {
        let root = TestPaths.repository.appendingPathComponent("Tests/Golden/audit")
        let cases = try FileManager.default.contentsOfDirectory(atPath: root.path).filter {
            FileManager.default.fileExists(atPath: root.appendingPathComponent("\($0)/args").path)
        }.sorted()
        XCTAssertGreaterThanOrEqual(cases.count, 8, "golden cases for audit")
        var codes: Set<String> = []
        for name in cases {
            codes.formUnion(try check(root.appendingPathComponent(name)))
        }
        XCTAssertEqual(
            Set(AuditCodes.all.map(\.code)).subtracting(codes), [], "finding codes no golden case shows")
        XCTAssertFalse(
            recording, "recorded new golden files for audit: review them with git diff, then run without IRSA_MIGRATE_RECORD")
    }

    /// Checks one case and returns the finding codes its audit reported.
    private func check(_ folder: URL) throws -> Set<String> {
        let name = folder.lastPathComponent
        let args = try String(contentsOf: folder.appendingPathComponent("args"), encoding: .utf8)
            .split(whereSeparator: \.isWhitespace).map(String.init)
        var outputs: [String: String] = [:]
        for (format, file) in [("json", "audit.json"), ("markdown", "audit.md"), ("sarif", "audit.sarif")] {
            let result = try BinaryRunner.run(["audit", "--snapshot", "input", "--format", format] + args, directory: folder)
            XCTAssertTrue([0, 1].contains(result.status), "\(name): audit failed: \(result.stderr)")
            try compare(result.stdout, folder.appendingPathComponent(file), name)
            outputs[format] = result.stdout
            let hasErrors = outputs["json"]?.contains(#""severity": "error""#) == true
            XCTAssertEqual(result.status, hasErrors ? 1 : 0, "\(name) \(format): exit status under the default --fail-on error")
        }
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: folder.appendingPathComponent("irsa-migrate.db").path),
            "\(name): audit must not create a state file")
        let json = try JSONValue(parsing: outputs["json"] ?? "{}")
        return Set(json["findings"]?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? [])
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
