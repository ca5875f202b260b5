import MigrationCore
import XCTest

@testable import irsa_migrate

/// apply, verify and rollback argument parsing as a table: argv -> command, or the message.
final class ExecutionArgumentParsingTests: XCTestCase {
    func testApplyParses() throws {
        let plain = try ApplyCommand([])
        XCTAssertEqual(plain.phases, [.prepare, .cutover, .verify], "cleanup is never implied")
        XCTAssertEqual(plain.concurrency, 4)
        XCTAssertFalse(plain.yes)
        XCTAssertEqual(plain.live, LiveOptions())

        let wave = try ApplyCommand([
            "--plan", "3f2a", "--phase", "cleanup", "--phase=verify", "--only", "deployment/shop/api", "--concurrency", "2",
            "--force", "--yes", "--context", "prod", "--profile", "a", "--profile", "b", "--state", "s.db",
        ])
        XCTAssertEqual(wave.planID, "3f2a")
        XCTAssertEqual(wave.phases, [.cleanup, .verify])
        XCTAssertEqual(wave.selection, StepSelection(only: ObjectRef(.deployment, namespace: "shop", name: "api")))
        XCTAssertEqual(wave.concurrency, 2)
        XCTAssertTrue(wave.force && wave.yes)
        XCTAssertEqual(wave.live, LiveOptions(context: "prod", profiles: ["a", "b"]))
        XCTAssertEqual(wave.state.path, "s.db")

        let verify = try VerifyCommand(["--namespace", "shop", "--rollout-timeout", "30"])
        XCTAssertEqual(verify.selection, StepSelection(namespace: "shop"))
        XCTAssertEqual(verify.rolloutTimeout, 30)
    }

    func testRollbackParses() throws {
        let table: [([String], RollbackSelection)] = [
            (["--all"], .all),
            (["--steps", "3"], .steps(3)),
            (["--to", "12"], .to(position: 12)),
            (["--workload", "cronjob/batch/nightly"], .workload(ObjectRef(.cronjob, namespace: "batch", name: "nightly"))),
        ]
        for (argv, selection) in table {
            XCTAssertEqual(try RollbackCommand(argv).selection, selection, "\(argv)")
        }
        XCTAssertTrue(try RollbackCommand(["--all", "--yes"]).yes)
    }

    func testUsageErrorsSayWhatIsWrong() {
        let table: [([String], String)] = [
            (["--phase", "deploy"], "--phase must be one of prepare, cutover, verify, cleanup, not deploy"),
            (["--only", "shop/api"], "--only needs a workload reference"),
            (["--only", "deployment/a/b", "--namespace", "a"], "--only and --namespace cannot be combined"),
            (["--concurrency", "0"], "--concurrency must be a whole number from 1 to 64"),
            (["--snapshot", "dir"], "unknown option --snapshot"),
            (["extra"], "unexpected argument extra"),
        ]
        for (argv, message) in table {
            XCTAssertThrowsError(try ApplyCommand(argv), "\(argv)") { error in
                XCTAssertTrue("\(error)".contains(message), "\(argv): \(error)")
                XCTAssertTrue("\(error)".hasSuffix("See 'irsa-migrate apply --help'."), "\(error)")
            }
        }
        XCTAssertThrowsError(try VerifyCommand(["--yes"])) {
            XCTAssertTrue("\($0)".contains("unknown option --yes"), "verify changes nothing, so there is nothing to confirm")
        }
        let rollback: [([String], String)] = [
            ([], "rollback needs exactly one of --steps N, --to POSITION, --workload REF, --all"),
            (["--all", "--steps", "2"], "rollback needs exactly one of"),
            (["--steps", "0"], "--steps must be a whole number from 1"),
            (["--workload", "api"], "--workload needs KIND/NAMESPACE/NAME"),
        ]
        for (argv, message) in rollback {
            XCTAssertThrowsError(try RollbackCommand(argv), "\(argv)") {
                XCTAssertTrue("\($0)".contains(message), "\(argv): \($0)")
            }
        }
    }
}
