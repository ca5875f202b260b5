import ClusterIO
import Foundation
import MigrationCore
import XCTest

final class KubectlTests: XCTestCase {
    private let deployment = ObjectRef(.deployment, namespace: "orders", name: "orders-api")

    private func kubectl(_ runner: FakeCommandRunner, context: String? = "prod", kubeconfig: String? = "/k/config") -> Kubectl {
        Kubectl(options: .init(path: "/usr/bin/kubectl", context: context, kubeconfig: kubeconfig), runner: runner)
    }

    func testListInventoryIsOneCallWithConnectionFlags() async throws {
        let runner = FakeCommandRunner(stdout: #"{"kind":"List","items":[]}"#)
        let data = try await kubectl(runner).listInventoryJSON()
        XCTAssertEqual(String(decoding: data, as: UTF8.self), #"{"kind":"List","items":[]}"#)
        XCTAssertEqual(
            runner.argvs,
            [
                [
                    "/usr/bin/kubectl", "--context", "prod", "--kubeconfig", "/k/config", "get",
                    "namespaces,serviceaccounts,deployments,statefulsets,daemonsets,cronjobs,jobs,pods", "-A", "-o", "json",
                ]
            ])
    }

    func testConnectionFlagsAreOmittedWhenUnset() async throws {
        let runner = FakeCommandRunner(stdout: "{}")
        _ = try await kubectl(runner, context: nil, kubeconfig: nil).getJSON(.namespace("orders"))
        XCTAssertEqual(runner.argvs, [["/usr/bin/kubectl", "get", "namespaces", "orders", "-o", "json"]])
    }

    func testJSONPatchArgv() async throws {
        let runner = FakeCommandRunner(stdout: "{}")
        let operations: [JSONValue] = [
            .object([
                "op": .string("test"), "path": .string("/spec/template/spec/serviceAccountName"), "value": .string("default"),
            ]),
            .object(["op": .string("remove"), "path": .string("/spec/template/metadata/annotations/iam.amazonaws.com~1role")]),
        ]
        _ = try await kubectl(runner, context: nil, kubeconfig: nil).jsonPatch(
            ObjectRef(.cronjob, namespace: "batch", name: "nightly"), operations: operations)
        XCTAssertEqual(
            runner.argvs,
            [
                [
                    "/usr/bin/kubectl", "patch", "cronjobs.batch", "nightly", "-n", "batch", "--type=json", "-p",
                    #"[{"op":"test","path":"/spec/template/spec/serviceAccountName","value":"default"},{"op":"remove","path":"/spec/template/metadata/annotations/iam.amazonaws.com~1role"}]"#,
                    "-o", "json",
                ]
            ])
    }

    func testMergePatchOfANamespacedAndAClusterScopedObject() async throws {
        let runner = FakeCommandRunner(stdout: "{}")
        let client = kubectl(runner, context: nil, kubeconfig: nil)
        try await client.mergePatch(
            .serviceAccount("orders", "api"),
            .object([
                "metadata": .object(["annotations": .object(["eks.amazonaws.com/role-arn": .string("arn:aws:iam::1:role/a")])])
            ]))
        try await client.mergePatch(
            .namespace("orders"), .object(["metadata": .object(["annotations": .object(["iam.amazonaws.com/permitted": .null])])])
        )
        XCTAssertEqual(
            runner.argvs,
            [
                [
                    "/usr/bin/kubectl", "patch", "serviceaccounts", "api", "-n", "orders", "--type=merge", "-p",
                    #"{"metadata":{"annotations":{"eks.amazonaws.com/role-arn":"arn:aws:iam::1:role/a"}}}"#, "-o", "json",
                ],
                [
                    "/usr/bin/kubectl", "patch", "namespaces", "orders", "--type=merge", "-p",
                    #"{"metadata":{"annotations":{"iam.amazonaws.com/permitted":null}}}"#, "-o", "json",
                ],
            ])
    }

    func testCreateSendsTheManifestOnStdin() async throws {
        let runner = FakeCommandRunner(stdout: "{}")
        let manifest: JSONValue = .object(["apiVersion": .string("v1"), "kind": .string("ServiceAccount")])
        _ = try await kubectl(runner, context: nil, kubeconfig: nil).create(manifest, target: "serviceaccount/orders/api")
        let command = try XCTUnwrap(runner.commands.first)
        XCTAssertEqual(command.arguments, ["/usr/bin/kubectl", "create", "-f", "-", "-o", "json"])
        XCTAssertEqual(
            command.stdin.map { String(decoding: $0, as: UTF8.self) }, #"{"apiVersion":"v1","kind":"ServiceAccount"}"#)
    }

    func testOtherCallsArgv() async throws {
        let runner = FakeCommandRunner(stdout: "eyJhbGciOiJSUzI1NiJ9.payload.sig\n")
        let client = kubectl(runner, context: nil, kubeconfig: nil)
        try await client.deleteServiceAccount(namespace: "orders", name: "old")
        let token = try await client.createToken(namespace: "orders", serviceAccount: "api", audience: "sts.amazonaws.com")
        try await client.rolloutStatus(deployment, timeout: .seconds(300))
        _ = try await client.list("pods", namespace: "orders", selector: "app=orders-api,tier=web")
        XCTAssertEqual(token, "eyJhbGciOiJSUzI1NiJ9.payload.sig")
        XCTAssertEqual(
            runner.argvs,
            [
                ["/usr/bin/kubectl", "delete", "serviceaccounts", "old", "-n", "orders"],
                [
                    "/usr/bin/kubectl", "create", "token", "api", "-n", "orders", "--audience", "sts.amazonaws.com", "--duration",
                    "600s",
                ],
                [
                    "/usr/bin/kubectl", "rollout", "status", "deployments.apps/orders-api", "-n", "orders", "--watch=true",
                    "--timeout=300s",
                ],
                ["/usr/bin/kubectl", "get", "pods", "-n", "orders", "-o", "json", "-l", "app=orders-api,tier=web"],
            ])
        XCTAssertEqual(runner.commands[2].timeout, .seconds(420))
    }

    func testErrorsAreClassifiedFromStderr() async {
        let skew =
            "WARNING: version difference between client (1.32) and server (1.29) exceeds the supported minor version skew of +/-1\n"
        let cases: [(String, KubectlError)] = [
            (
                skew + #"Error from server (NotFound): deployments.apps "orders-api" not found"#,
                .notFound(
                    target: "deployment/orders/orders-api",
                    detail: #"Error from server (NotFound): deployments.apps "orders-api" not found"#)
            ),
            (
                #"Error from server (Conflict): Operation cannot be fulfilled on deployments.apps "orders-api": the object has been modified; please apply your changes to the latest version and try again"#,
                .conflict(
                    target: "deployment/orders/orders-api",
                    detail:
                        #"Error from server (Conflict): Operation cannot be fulfilled on deployments.apps "orders-api": the object has been modified; please apply your changes to the latest version and try again"#
                )
            ),
            (
                #"The request is invalid: the server rejected our request due to an error in our request"#,
                .invalid(
                    target: "deployment/orders/orders-api",
                    detail: "The request is invalid: the server rejected our request due to an error in our request")
            ),
            (
                #"Error from server (Forbidden): deployments.apps "orders-api" is forbidden: User "ci" cannot patch resource "deployments" in API group "apps" in the namespace "orders""#,
                .forbidden(
                    target: "deployment/orders/orders-api",
                    detail:
                        #"Error from server (Forbidden): deployments.apps "orders-api" is forbidden: User "ci" cannot patch resource "deployments" in API group "apps" in the namespace "orders""#
                )
            ),
            (
                "error: You must be logged in to the server (Unauthorized)",
                .unauthorized(detail: "error: You must be logged in to the server (Unauthorized)")
            ),
            (
                skew + "Unable to connect to the server: dial tcp 10.0.0.1:443: i/o timeout",
                .unavailable(
                    command: "kubectl patch deployments.apps", target: "deployment/orders/orders-api",
                    detail: "Unable to connect to the server: dial tcp 10.0.0.1:443: i/o timeout")
            ),
            (
                "error: unknown flag: --bogus",
                .failed(command: "kubectl patch deployments.apps", exitStatus: 1, detail: "error: unknown flag: --bogus")
            ),
        ]
        for (stderr, expected) in cases {
            let runner = FakeCommandRunner([.failure(stderr)])
            let client = Kubectl(options: .init(), runner: runner, retry: .none)
            do {
                _ = try await client.jsonPatch(deployment, operations: [])
                XCTFail("expected \(expected)")
            } catch {
                XCTAssertEqual(error, expected)
            }
        }
    }

    func testErrorMessagesSayWhatToDo() {
        let error = KubectlError.invalid(target: "deployment/orders/orders-api", detail: "testing value /spec failed")
        XCTAssertEqual(
            error.description,
            "kubectl: the change to deployment/orders/orders-api was rejected as invalid (testing value /spec failed); if a precondition test failed, the object drifted: re-plan"
        )
    }

    func testEmptyTokenIsAnError() async {
        let runner = FakeCommandRunner(stdout: "\n")
        do {
            _ = try await Kubectl(runner: runner).createToken(namespace: "a", serviceAccount: "b", audience: "c")
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error, .unreadableOutput(command: "kubectl create token", detail: "empty token"))
        }
    }
}
