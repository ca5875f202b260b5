import Foundation
import TestSupport
import XCTest

@testable import irsa_migrate

/// Help and errors name the command as it was called: `kubectl irsa-migrate` as a kubectl plugin.
final class ProgramNameTests: XCTestCase {
    func testTheNameComesFromTheFileTheBinaryWasStartedAs() {
        XCTAssertEqual(ProgramName(invokedAs: "/usr/local/bin/kubectl-irsa_migrate").display, "kubectl irsa-migrate")
        XCTAssertEqual(ProgramName(invokedAs: ".build/debug/irsa-migrate").display, "irsa-migrate")
        XCTAssertEqual(ProgramName(invokedAs: "/opt/tools/irsa-migrate-0.1").display, "irsa-migrate")
        XCTAssertEqual(ProgramName(invokedAs: nil).display, "irsa-migrate")
    }

    func testRenamesTheCommandButNotFileNamesOrObjectNames() {
        let plugin = ProgramName(invokedAs: "kubectl-irsa_migrate")
        XCTAssertEqual(
            plugin.rename("irsa-migrate: unknown command x. See 'irsa-migrate --help'."),
            "kubectl irsa-migrate: unknown command x. See 'kubectl irsa-migrate --help'.")
        XCTAssertEqual(
            plugin.rename("Usage: irsa-migrate plan\n  irsa-migrate status"),
            "Usage: kubectl irsa-migrate plan\n  kubectl irsa-migrate status")
        let untouched = "--state FILE (default ./irsa-migrate.db); serviceaccount/ops/irsa-migrate failed"
        XCTAssertEqual(plugin.rename(untouched), untouched)
        XCTAssertEqual(ProgramName(invokedAs: "irsa-migrate").rename("See 'irsa-migrate --help'."), "See 'irsa-migrate --help'.")
    }

    func testThePluginsHelpAndErrorsNameKubectl() throws {
        let directory = try TestPaths.temporaryDirectory()
        let plugin = directory.appendingPathComponent("kubectl-irsa_migrate")
        try FileManager.default.createSymbolicLink(at: plugin, withDestinationURL: TestPaths.binary)

        let help = try BinaryRunner.run(["--help"], executable: plugin)
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("Usage: kubectl irsa-migrate COMMAND [options]"), help.stdout)
        XCTAssertTrue(help.stdout.contains("(default irsa-migrate.db)"), "file names keep their name: \(help.stdout)")

        let wrong = try BinaryRunner.run(["frobnicate"], executable: plugin)
        XCTAssertEqual(wrong.status, 64)
        XCTAssertEqual(wrong.stderr, "kubectl irsa-migrate: unknown command frobnicate. See 'kubectl irsa-migrate --help'.\n")

        let direct = try BinaryRunner.run(["frobnicate"])
        XCTAssertEqual(direct.stderr, "irsa-migrate: unknown command frobnicate. See 'irsa-migrate --help'.\n")
    }

    /// A plain `swift build` has no generated build info: it says so rather than guess.
    func testVersionNamesVersionCommitAndBuildDate() throws {
        let version = try BinaryRunner.run(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertEqual(version.stdout, "irsa-migrate \(ToolVersion.current) (commit unknown, built unknown)\n")
        XCTAssertTrue(version.stderr.isEmpty)
    }
}
