import ClusterIO
import Foundation
import XCTest

final class RetryPolicyTests: XCTestCase {
    private let throttled = CommandResult.failure(
        "\nAn error occurred (Throttling) when calling the ListRoles operation (reached max retries: 0): Rate exceeded\n",
        status: 254)

    func testThrottledTwiceThenSuccessTakesThreeAttempts() async throws {
        let runner = FakeCommandRunner([throttled, throttled, .success(#"{"Roles":[]}"#)])
        let sleeps = SleepRecorder()
        let client = AWSCLI(runner: runner, retry: sleeps.policy(maxAttempts: 5))
        let data = try await client.listRolesJSON()
        XCTAssertEqual(String(decoding: data, as: UTF8.self), #"{"Roles":[]}"#)
        XCTAssertEqual(runner.commands.count, 3)
        XCTAssertEqual(sleeps.delays, [.milliseconds(50), .milliseconds(100)])
    }

    func testBoundedFailureReportsThrottled() async {
        let runner = FakeCommandRunner([throttled])
        let sleeps = SleepRecorder()
        let client = AWSCLI(runner: runner, retry: sleeps.policy(maxAttempts: 4))
        do {
            _ = try await client.listRolesJSON()
            XCTFail("expected throttled")
        } catch {
            XCTAssertEqual(error, .throttled(operation: "iam list-roles", target: "the account's roles", attempts: 4))
            XCTAssertTrue(error.description.contains("still throttled after 4 attempts"))
        }
        XCTAssertEqual(runner.commands.count, 4)
        XCTAssertEqual(sleeps.delays.count, 3)
    }

    func testServerErrorsAreRetriedAndReportedByCode() async {
        let serverError = CommandResult.failure(
            "\nAn error occurred (500) when calling the UpdateAssumeRolePolicy operation (reached max retries: 0): Internal Server Error\n",
            status: 254)
        let runner = FakeCommandRunner([serverError])
        let client = AWSCLI(runner: runner, retry: SleepRecorder().policy(maxAttempts: 3))
        do {
            try await client.updateAssumeRolePolicy(roleName: "a", document: "{}")
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(
                error,
                .other(
                    code: "500", operation: "iam update-assume-role-policy", target: "role a", message: "Internal Server Error"))
        }
        XCTAssertEqual(runner.commands.count, 3)
    }

    func testServiceFailureThenSuccess() async throws {
        let failure = CommandResult.failure(
            "An error occurred (ServiceFailure) when calling the GetRole operation: oops", status: 254)
        let runner = FakeCommandRunner([
            failure, .success(#"{"Role":{"Arn":"arn:aws:iam::1:role/a","RoleName":"a","AssumeRolePolicyDocument":{}}}"#),
        ])
        let role = try await AWSCLI(runner: runner, retry: SleepRecorder().policy(maxAttempts: 3)).getRole(name: "a")
        XCTAssertEqual(role.arn, "arn:aws:iam::1:role/a")
        XCTAssertEqual(runner.commands.count, 2)
    }

    func testBackoffIsCappedExponentialWithFullJitter() {
        let top = RetryPolicy(
            maxAttempts: 10, baseDelay: .milliseconds(100), maxDelay: .seconds(1), sleep: { _ in }, random: { 0.999_999 })
        let ceilings = (1...6).map { top.delay(afterAttempt: $0) }
        XCTAssertEqual(ceilings.map { ($0 / .milliseconds(1)).rounded() }, [100, 200, 400, 800, 1000, 1000])
        let bottom = RetryPolicy(sleep: { _ in }, random: { 0 })
        XCTAssertEqual(bottom.delay(afterAttempt: 3), .zero)
    }
}
