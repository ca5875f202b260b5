import Foundation
import MigrationCore
import TestSupport
import XCTest

/// The built binary on the bundled example estate: exit codes, streams, stored plans.
final class EndToEndTests: XCTestCase {
    let estate = TestPaths.repository.appendingPathComponent("examples/estate").path
    let issuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
    let base = "arn:aws:iam::111122223333:role/"

    func testTwoPlansOfTheSameInputInOneSecondBothSucceed() throws {
        let state = try TestPaths.temporaryDirectory().appendingPathComponent("state.db").path
        let arguments = [
            "plan", "kiam-to-irsa", "--snapshot", estate, "--issuer", issuer, "--role-base-arn", base, "--state", state,
        ]
        let first = try BinaryRunner.run(arguments, environment: ["SOURCE_DATE_EPOCH": "1795000000"])
        let second = try BinaryRunner.run(arguments, environment: ["SOURCE_DATE_EPOCH": "1795000000"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(second.status, 0, "same plan, same second: \(second.stderr)")
        XCTAssertEqual(first.stdout, second.stdout)
    }

    // `report --out` renamed a temporary file over its target: given /dev/null as root, it
    // replaced the device with a regular file. A FIFO stands in for the device here.
    func testReportOutWritesIntoSpecialFilesAndThroughSymlinks() throws {
        let directory = try TestPaths.temporaryDirectory()
        let state = directory.appendingPathComponent("state.db").path
        let plan = try BinaryRunner.run(
            ["plan", "kiam-to-irsa", "--snapshot", estate, "--issuer", issuer, "--role-base-arn", base, "--state", state])
        XCTAssertEqual(plan.status, 0, plan.stderr)

        let fifo = directory.appendingPathComponent("fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        // Drain the FIFO on another thread until the writer closes it, so a long report never blocks.
        let received = LockedCount()
        let drained = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            if let handle = FileHandle(forReadingAtPath: fifo) { received.add(handle.readDataToEndOfFile().count) }
            drained.signal()
        }
        let report = try BinaryRunner.run(["report", "--state", state, "--out", fifo])
        XCTAssertEqual(report.status, 0, report.stderr)
        XCTAssertEqual(drained.wait(timeout: .now() + 60), .success)
        XCTAssertGreaterThan(received.value, 0, "the report went into the FIFO")
        let type = try FileManager.default.attributesOfItem(atPath: fifo)[.type] as? FileAttributeType
        XCTAssertEqual(type, .typeUnknown, "still a FIFO (Foundation has no FIFO type), not a regular file")

        let target = directory.appendingPathComponent("target.md").path
        let link = directory.appendingPathComponent("link.md").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        XCTAssertEqual(try BinaryRunner.run(["report", "--state", state, "--out", link]).status, 0)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), target, "the link stays a link")
        XCTAssertTrue(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("# irsa-migrate plan"))
    }

    func testPlanTheExampleEstateThenReportAndStatus() throws {
        let state = try TestPaths.temporaryDirectory().appendingPathComponent("state.db").path
        let plan = try BinaryRunner.run(
            [
                "plan", "kiam-to-irsa", "--snapshot", estate, "--issuer", issuer, "--role-base-arn", base, "--state", state,
                "--format", "json", "--detailed-exitcode",
            ])
        XCTAssertEqual(plan.status, 2, "changes planned: \(plan.stderr)")
        let document = try Plan(json: plan.stdout)
        XCTAssertGreaterThan(document.summary.workloads, 10)
        XCTAssertGreaterThan(document.summary.blocked, 0, "the estate has a conflict, a missing role and an external id")
        XCTAssertTrue(plan.stderr.contains("Saved plan \(document.header.id)"), plan.stderr)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: state)[.posixPermissions] as? Int, 0o600)

        let report = try BinaryRunner.run(["report", "--state", state])
        XCTAssertEqual(report.status, 0)
        XCTAssertTrue(report.stdout.hasPrefix("# irsa-migrate plan `\(document.header.id)`"))
        XCTAssertTrue(report.stdout.contains("```diff"))

        let status = try BinaryRunner.run(["status", "--state", state, "--format", "json"])
        XCTAssertEqual(status.status, 0)
        let steps = try JSONValue(parsing: status.stdout)["steps"]?.arrayValue ?? []
        XCTAssertEqual(steps.count, document.steps.count)
        XCTAssertTrue(steps.allSatisfy { $0["status"] == .string("pending") })

        let strict = try BinaryRunner.run(
            [
                "plan", "kiam-to-irsa", "--snapshot", estate, "--issuer", issuer, "--role-base-arn", base, "--state", state,
                "--strict",
            ])
        XCTAssertEqual(strict.status, 1, "--strict fails on error findings")
    }

    func testSamePlanTwiceIsByteIdentical() throws {
        let directory = try TestPaths.temporaryDirectory()
        let outputs = try (1...2).map { run in
            try BinaryRunner.run(
                [
                    "plan", "kiam-to-irsa", "--snapshot", estate, "--issuer", issuer, "--role-base-arn", base,
                    "--state", directory.appendingPathComponent("\(run).db").path, "--format", "markdown",
                ],
                environment: ["SOURCE_DATE_EPOCH": "1795000000"]
            ).stdout
        }
        XCTAssertFalse(outputs[0].isEmpty)
        XCTAssertEqual(outputs[0], outputs[1])
    }

    func testErrorsAreOneLineWithTheRightExitCode() throws {
        let directory = try TestPaths.temporaryDirectory()
        let usage = try BinaryRunner.run(["plan", "kiam-to-irsa", "--snapshot", estate])
        XCTAssertEqual(usage.status, 64)
        XCTAssertEqual(usage.stderr.split(separator: "\n").count, 1, usage.stderr)
        XCTAssertTrue(usage.stdout.isEmpty)

        let missing = try BinaryRunner.run(
            [
                "plan", "kiam-to-irsa", "--snapshot", directory.appendingPathComponent("nope").path, "--issuer", issuer,
                "--state", directory.appendingPathComponent("s.db").path,
            ])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stderr.split(separator: "\n").count, 1, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("nope"), missing.stderr)

        let noState = try BinaryRunner.run(["status", "--state", directory.appendingPathComponent("absent.db").path])
        XCTAssertEqual(noState.status, 1)
        XCTAssertTrue(noState.stderr.contains("run 'irsa-migrate plan"), noState.stderr)

        let unknown = try BinaryRunner.run(["frobnicate"])
        XCTAssertEqual(unknown.status, 64)
        let help = try BinaryRunner.run(["plan", "issuer-move", "--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("--delete-old-provider"))
    }
}

/// A byte count shared with the thread that drains a FIFO.
private final class LockedCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var value: Int { lock.withLock { count } }

    func add(_ bytes: Int) { lock.withLock { count += bytes } }
}
