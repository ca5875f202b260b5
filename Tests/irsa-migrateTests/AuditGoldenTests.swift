import Foundation
import MigrationCore
import TestSupport
import XCTest

/// One folder per case under Tests/Golden/audit/CASE: `input/` (a snapshot) and `args` in,
/// `audit.json`, `audit.md` and `audit.sarif` out, produced by the real binary run inside the
/// case folder (so SARIF locations are `input/...`). `IRSA_MIGRATE_RECORD=1` rewrites the
/// outputs and fails, so a new baseline is always seen.
final class AuditGoldenTests: XCTestCase {
    func testAuditCases() throws {
        let cases = try GoldenFolder("audit").cases()
        XCTAssertGreaterThanOrEqual(cases.count, 8, "golden cases for audit")
        var codes: Set<String> = []
        for folder in cases {
            codes.formUnion(try check(folder))
        }
        XCTAssertEqual(
            Set(AuditCodes.all.map(\.code)).subtracting(codes), [], "finding codes no golden case shows")
        GoldenFolder.finish("new golden files for audit")
    }

    /// Checks one case and returns the finding codes its audit reported.
    private func check(_ folder: URL) throws -> Set<String> {
        let name = folder.lastPathComponent
        let args = try GoldenFolder.arguments(of: folder)
        var outputs: [String: String] = [:]
        for (format, file) in [("json", "audit.json"), ("markdown", "audit.md"), ("sarif", "audit.sarif")] {
            let result = try BinaryRunner.run(["audit", "--snapshot", "input", "--format", format] + args, directory: folder)
            XCTAssertTrue([0, 1].contains(result.status), "\(name): audit failed: \(result.stderr)")
            try GoldenFolder.compare(result.stdout, with: folder.appendingPathComponent(file), case: name)
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
}
