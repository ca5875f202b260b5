import ClusterIO
import Foundation
import MigrationCore
import XCTest

/// kubectl calls the API server did not answer are retried under the shared RetryPolicy;
/// answers that are decisions (409, 404, 422, 403) are not.
final class KubectlRetryTests: XCTestCase {
    private let account = ObjectRef.serviceAccount("orders", "api")

    private func kubectl(_ runner: FakeCommandRunner, _ sleeps: SleepRecorder, attempts: Int = 4) -> Kubectl {
        Kubectl(options: .init(path: "kubectl"), runner: runner, retry: sleeps.policy(maxAttempts: attempts))
    }

    func testServerErrorsAndDroppedConnectionsAreRetriedWithBackoff() async throws {
        let runner = FakeCommandRunner([
            .failure("Error from server (InternalError): Internal error occurred: etcdserver: leader changed"),
            .failure(#"error: Get "https://10.0.0.1/api/v1/namespaces/orders/serviceaccounts/api": EOF"#),
            .failure(
                "Error from server (TooManyRequests): the server has received too many requests and has asked us to try again later"
            ),
            .success(#"{"kind":"ServiceAccount"}"#),
        ])
        let sleeps = SleepRecorder()
        let data = try await kubectl(runner, sleeps).getJSON(account)
        XCTAssertEqual(String(decoding: data, as: UTF8.self), #"{"kind":"ServiceAccount"}"#)
        XCTAssertEqual(runner.commands.count, 4)
        XCTAssertEqual(sleeps.delays, [.milliseconds(50), .milliseconds(100), .milliseconds(200)])
    }

    func testAWriteIsRetriedWhenTheServerDidNotAnswer() async throws {
        let runner = FakeCommandRunner([
            .failure("The connection to the server 10.0.0.1:6443 was refused - did you specify the right host or port?"),
            .success("{}"),
        ])
        try await kubectl(runner, SleepRecorder()).mergePatch(account, .object(["metadata": .object([:])]))
        XCTAssertEqual(runner.commands.count, 2)
        XCTAssertEqual(runner.argvs[0], runner.argvs[1], "the same patch, whose values are absolute")
    }

    func testAConflictIsNeverRetried() async {
        let runner = FakeCommandRunner([
            .failure(
                #"Error from server (Conflict): Operation cannot be fulfilled on serviceaccounts "api": the object has been modified; please apply your changes to the latest version and try again"#
            )
        ])
        let sleeps = SleepRecorder()
        do {
            try await kubectl(runner, sleeps).mergePatch(account, .object([:]))
            XCTFail("expected a conflict")
        } catch {
            guard case .conflict = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(runner.commands.count, 1)
        XCTAssertEqual(sleeps.delays, [])
    }

    func testAPersistentOutageStopsAfterTheBudgetAndSaysWhatToDo() async {
        let runner = FakeCommandRunner([
            .failure("Error from server (ServiceUnavailable): the server is currently unable to handle the request")
        ])
        let sleeps = SleepRecorder()
        do {
            _ = try await kubectl(runner, sleeps, attempts: 3).getJSON(account)
            XCTFail("expected an error")
        } catch {
            guard case .unavailable = error else { return XCTFail("\(error)") }
            XCTAssertTrue(error.description.contains("check that the cluster is reachable"), error.description)
        }
        XCTAssertEqual(runner.commands.count, 3)
    }

    func testARolloutThatTimedOutIsNotRetried() async {
        let runner = FakeCommandRunner([.failure("error: timed out waiting for the condition")])
        do {
            try await kubectl(runner, SleepRecorder()).rolloutStatus(
                ObjectRef(.deployment, namespace: "orders", name: "api"), timeout: .seconds(5))
            XCTFail("expected an error")
        } catch {
            guard case .failed = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(runner.commands.count, 1)
    }

    func testTheDefaultBudgetIsSmall() {
        var policy = RetryPolicy.kubectl
        policy.random = { 0.999 }
        let worst = (1..<policy.maxAttempts).map { policy.delay(afterAttempt: $0) }
        XCTAssertEqual(policy.maxAttempts, 4)
        XCTAssertLessThan(worst.reduce(.zero, +), .seconds(4))
    }
}
