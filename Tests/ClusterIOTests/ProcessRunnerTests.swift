import ClusterIO
import Foundation
import XCTest

final class ProcessRunnerTests: XCTestCase {
    private let runner = ProcessRunner(killGracePeriod: .milliseconds(500))

    private func shell(
        _ script: String, stdin: Data? = nil, environment: [String: String] = [:], timeout: Duration? = .seconds(30)
    )
        async throws -> CommandResult
    {
        try await runner.run(Command(["/bin/sh", "-c", script], stdin: stdin, environment: environment, timeout: timeout))
    }

    func testCapturesStdoutStderrAndExitStatus() async throws {
        let result = try await shell("printf out; printf err >&2; exit 3")
        XCTAssertEqual(result.exitStatus, 3)
        XCTAssertEqual(String(decoding: result.stdout, as: UTF8.self), "out")
        XCTAssertEqual(result.stderrText, "err")
    }

    func testLargeStdoutAndStderrAtOnceDoNotDeadlock() async throws {
        // 2 MB on each stream, interleaved: far beyond a 64 KB pipe buffer.
        let script =
            "i=0; while [ $i -lt 32 ]; do head -c 65536 /dev/zero | tr '\\0' a; head -c 65536 /dev/zero | tr '\\0' b >&2; i=$((i+1)); done"
        let result = try await shell(script)
        XCTAssertEqual(result.exitStatus, 0)
        XCTAssertEqual(result.stdout.count, 32 * 65536)
        XCTAssertEqual(result.stderr.count, 32 * 65536)
        XCTAssertTrue(result.stdout.allSatisfy { $0 == UInt8(ascii: "a") })
    }

    func testLargeStdinIsFedWhileOutputIsRead() async throws {
        let input = Data(repeating: UInt8(ascii: "x"), count: 1_000_000)
        let result = try await shell("cat; cat /dev/null >&2", stdin: input)
        XCTAssertEqual(result.stdout, input)
    }

    func testChildThatIgnoresStdinDoesNotCrashUs() async throws {
        let input = Data(repeating: 0x41, count: 4_000_000)
        let result = try await shell("exit 0", stdin: input)
        XCTAssertEqual(result.exitStatus, 0)
    }

    func testEnvironmentPassesThroughWithOverrides() async throws {
        setenv("IRSA_MIGRATE_TEST_INHERITED", "from-parent", 1)
        defer { unsetenv("IRSA_MIGRATE_TEST_INHERITED") }
        let result = try await shell(
            "printf '%s/%s' \"$IRSA_MIGRATE_TEST_INHERITED\" \"$AWS_MAX_ATTEMPTS\"", environment: ["AWS_MAX_ATTEMPTS": "1"])
        XCTAssertEqual(String(decoding: result.stdout, as: UTF8.self), "from-parent/1")
    }

    func testTimeoutTerminatesThenKills() async throws {
        let started = ContinuousClock.now
        do {
            _ = try await shell("trap '' TERM; sleep 30", timeout: .milliseconds(300))
            XCTFail("expected a timeout")
        } catch let error as CommandError {
            guard case .timedOut = error else { return XCTFail("unexpected \(error)") }
            XCTAssertTrue(error.description.contains("did not finish"))
        }
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(20))
    }

    func testExecutableIsResolvedThroughPATH() async throws {
        let result = try await runner.run(Command(["sh", "-c", "echo hi"]))
        XCTAssertEqual(String(decoding: result.stdout, as: UTF8.self), "hi\n")
    }

    func testMissingExecutableIsATypedError() async throws {
        do {
            _ = try await runner.run(Command(["irsa-migrate-no-such-tool", "--version"]))
            XCTFail("expected notFound")
        } catch {
            XCTAssertEqual(error, .notFound(executable: "irsa-migrate-no-such-tool"))
        }
    }

    func testTwentyConcurrentRuns() async throws {
        let runner = self.runner
        let statuses = try await withThrowingTaskGroup(of: (Int, Int32, String).self) { group in
            for index in 0..<20 {
                group.addTask {
                    let result = try await runner.run(
                        Command(["/bin/sh", "-c", "sleep 0.2; head -c 200000 /dev/zero >&2; echo \(index); exit \(index % 4)"]))
                    return (index, result.exitStatus, String(decoding: result.stdout, as: UTF8.self))
                }
            }
            var collected: [(Int, Int32, String)] = []
            for try await item in group { collected.append(item) }
            return collected
        }
        XCTAssertEqual(statuses.count, 20)
        for (index, status, output) in statuses {
            XCTAssertEqual(status, Int32(index % 4))
            XCTAssertEqual(output, "\(index)\n")
        }
    }

    func testDisplayRedactsSecretsAndQuotes() {
        let command = Command(["aws", "sts", "--web-identity-token", "eyJsecret", "--x", "a b"])
        XCTAssertEqual(command.display(redacting: ["--web-identity-token"]), "aws sts --web-identity-token <redacted> --x 'a b'")
    }
}
