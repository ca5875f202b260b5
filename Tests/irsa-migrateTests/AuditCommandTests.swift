import Foundation
import MigrationCore
import TestSupport
import XCTest

@testable import irsa_migrate

/// `irsa-migrate audit`: arguments as a table, exit codes from --fail-on, and that it reads only.
final class AuditCommandTests: XCTestCase {
    let issuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC"

    func testArgumentsParse() throws {
        let audit = try AuditCommand([
            "--snapshot", "dir", "--issuer", issuer, "--issuer=s3.eu-west-1.amazonaws.com/b", "--format", "sarif", "--fail-on",
            "warning", "--role-base-arn", "arn:aws:iam::1:role/", "--agent-role", "arn:aws:iam::1:role/nodes", "--audience",
            "sts.amazonaws.com.cn",
        ])
        XCTAssertEqual(audit.source, .snapshot("dir"))
        XCTAssertEqual(audit.options.issuers.map(\.url), [issuer, "https://s3.eu-west-1.amazonaws.com/b"])
        XCTAssertEqual(audit.format, .sarif)
        XCTAssertEqual(audit.failOn, .warning)
        XCTAssertEqual(audit.options.roleBaseARN, "arn:aws:iam::1:role/")
        XCTAssertEqual(audit.options.agentRoles, ["arn:aws:iam::1:role/nodes"])
        XCTAssertEqual(audit.options.audience, "sts.amazonaws.com.cn")

        let defaults = try AuditCommand(["--context", "prod", "--profile", "a", "--profile", "b"])
        XCTAssertEqual(defaults.source, .live(LiveOptions(context: "prod", profiles: ["a", "b"])))
        XCTAssertEqual(defaults.format, .text)
        XCTAssertEqual(defaults.failOn, .error)
        XCTAssertEqual(defaults.options, AuditOptions())
    }

    func testUsageErrors() {
        let table: [([String], String)] = [
            (["--snapshot", "d", "--format", "yaml"], "--format must be one of text, json, markdown, sarif, not yaml"),
            (["--snapshot", "d", "--fail-on", "info"], "--fail-on must be one of error, warning, not info"),
            (["--snapshot", "d", "--issuer", "http://x"], "--issuer \"http://x\" is not an https issuer URL"),
            (["--snapshot", "d", "--state", "x.db"], "unknown option --state"),
            (["--snapshot", "d", "--context", "prod"], "--snapshot reads files only"),
            (["--snapshot", "d", "--agent-role", "nodes"], "--agent-role must be a role ARN, not nodes"),
            (["--snapshot", "d", "--role-base-arn", "arn:aws:s3:::b"], "--role-base-arn must look like"),
            (["--snapshot", "d", "extra"], "unexpected argument extra"),
        ]
        for (words, message) in table {
            XCTAssertThrowsError(try AuditCommand(words), "\(words)") { error in
                XCTAssertTrue("\(error)".contains(message), "\(words): \(error)")
                XCTAssertTrue("\(error)".hasSuffix("See 'irsa-migrate audit --help'."), "\(error)")
            }
        }
    }

    func testExitCodesFollowFailOnAndNothingIsWritten() throws {
        let estate = TestPaths.repository.appendingPathComponent("Tests/Golden/audit/issuer-usage/input").path
        let issuerB = "https://oidc.eks.eu-west-1.amazonaws.com/id/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"
        let directory = try TestPaths.temporaryDirectory()
        let warningsOnly = try BinaryRunner.run(["audit", "--snapshot", estate, "--issuer", issuerB], directory: directory)
        XCTAssertEqual(warningsOnly.status, 0, warningsOnly.stderr)
        XCTAssertTrue(warningsOnly.stdout.contains("dual-trust-left-behind"), warningsOnly.stdout)
        XCTAssertEqual(warningsOnly.stderr, "Audit: 0 errors, 2 warnings, 0 info.\n")
        let failOnWarning = try BinaryRunner.run(
            ["audit", "--snapshot", estate, "--issuer", issuerB, "--fail-on", "warning"], directory: directory)
        XCTAssertEqual(failOnWarning.status, 1)
        XCTAssertTrue(failOnWarning.stderr.contains("--fail-on warning"), failOnWarning.stderr)
        let usage = try BinaryRunner.run(["audit", "--snapshot", estate, "--format", "yaml"], directory: directory)
        XCTAssertEqual(usage.status, 64)
        let missing = try BinaryRunner.run(["audit", "--snapshot", directory.appendingPathComponent("none").path])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stderr.split(separator: "\n").count, 1, missing.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [], "audit wrote a file")
    }

    func testHelp() throws {
        let help = try BinaryRunner.run(["audit", "--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.hasPrefix("Usage: irsa-migrate audit SOURCE"), help.stdout)
        let main = try BinaryRunner.run(["--help"])
        XCTAssertTrue(main.stdout.contains("  audit "), main.stdout)
    }
}
