import Foundation
import MigrationCore
import TestSupport
import XCTest

/// `audit` through the real kubectl and aws against the emulators seeded with the example
/// estate: it reads what a snapshot of the same state reads, and writes nothing.
final class LiveAuditTests: XCTestCase {
    func testLiveAuditEqualsTheAuditOfASnapshotAndWritesNothing() throws {
        if let reason = EmulatorHarness.unavailableReason { throw XCTSkip(reason) }
        let session = try LiveSession(estate: .full)
        let audit = [
            "audit", "--format", "json", "--issuer", LiveSession.issuer, "--role-base-arn", "arn:aws:iam::111122223333:role/",
        ]
        let before = try snapshot(session, "before")
        XCTAssertEqual(before.status, 0, before.stderr)

        let live = try BinaryRunner.run(audit + session.live, environment: session.environment, directory: session.work)
        XCTAssertEqual(live.status, 1, "the example estate has error findings: \(live.stderr)")
        let fromSnapshot = try BinaryRunner.run(
            audit + ["--snapshot", session.work.appendingPathComponent("before").path], directory: session.work)
        XCTAssertEqual(live.stdout, fromSnapshot.stdout, "a live audit equals the audit of a snapshot of the same state")

        let findings = try JSONValue(parsing: live.stdout)["findings"]?.arrayValue ?? []
        let codes = Set(findings.compactMap { $0["code"]?.stringValue })
        XCTAssertTrue(
            codes.isSuperset(of: ["role-not-found", "service-account-role-not-trusted", "kiam-trust-unused"]), "\(codes)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: session.state), "audit created a state file")

        let after = try snapshot(session, "after")
        XCTAssertEqual(after.status, 0, after.stderr)
        for file in ["kubernetes.json", "iam-roles.json", "oidc-providers.json"] {
            XCTAssertEqual(
                try Data(contentsOf: session.work.appendingPathComponent("before/\(file)")),
                try Data(contentsOf: session.work.appendingPathComponent("after/\(file)")), "\(file) changed during the audit")
        }
    }

    private func snapshot(_ session: LiveSession, _ name: String) throws -> ProcessResult {
        try BinaryRunner.run(
            ["snapshot", "--out", session.work.appendingPathComponent(name).path] + session.live, environment: session.environment
        )
    }
}
