import ClusterIO
import Foundation
import MigrationCore
import TestSupport
import XCTest

/// Every `Kubectl` call through the real kubectl against the Kubernetes emulator, seeded
/// with examples/estate. One harness for the class; each test uses its own objects.
final class IntegrationKubectlTests: XCTestCase {
    static let shared = SharedHarness(estate: IntegrationEstate.directory, issuer: IntegrationEstate.issuer)
    var harness: EmulatorHarness!
    var kubectl: Kubectl!

    override class func setUp() {
        super.setUp()
        shared.start()
    }

    override class func tearDown() {
        shared.stop()
        super.tearDown()
    }

    override func setUpWithError() throws {
        harness = try Self.shared.get()
        kubectl = harness.kubectl
    }

    // MARK: - Reading

    func testListInventoryDecodesToTheSeededEstate() async throws {
        let live = try KubernetesListDecoder.decode(try await kubectl.listInventoryJSON(), source: "kubectl get")
        let seeded = try KubernetesListDecoder.decode(
            try Data(contentsOf: IntegrationEstate.directory.appendingPathComponent("kubernetes.json")))

        XCTAssertEqual(
            Set(live.workloads.map(\.ref)), Set(seeded.workloads.map(\.ref)),
            "every workload of the estate, and nothing else, comes back through kubectl")
        let liveAccounts = Set(live.serviceAccounts.map { "\($0.namespace)/\($0.name)" })
        let seededAccounts = Set(seeded.serviceAccounts.map { "\($0.namespace)/\($0.name)" })
        XCTAssertTrue(seededAccounts.isSubset(of: liveAccounts), "missing: \(seededAccounts.subtracting(liveAccounts))")
        XCTAssertTrue(Set(seeded.namespaces.map(\.name)).isSubset(of: Set(live.namespaces.map(\.name))))
        let catalogAPI = try XCTUnwrap(live.serviceAccounts.first { $0.namespace == "catalog" && $0.name == "catalog-api" })
        XCTAssertEqual(catalogAPI.annotations["eks.amazonaws.com/role-arn"], "arn:aws:iam::111122223333:role/apps/catalog-api")
        let ordersAPI = try XCTUnwrap(
            live.workloads.first { $0.ref == ObjectRef(.deployment, namespace: "orders", name: "orders-api") })
        let seededOrdersAPI = seeded.workloads.first { $0.ref == ordersAPI.ref }
        XCTAssertEqual(ordersAPI.template, seededOrdersAPI?.template, "the pod template survives the round trip")
        XCTAssertEqual(ordersAPI.labels, seededOrdersAPI?.labels)
    }

    func testGetJSONReturnsTheNamedObject() async throws {
        let ref = ObjectRef(.deployment, namespace: "payments", name: "payments-api")
        let object = try JSON.object(try await kubectl.getJSON(ref))
        XCTAssertEqual(object["kind"] as? String, "Deployment")
        XCTAssertEqual(object[path: "metadata", "name"] as? String, "payments-api")
        XCTAssertEqual(object[path: "metadata", "namespace"] as? String, "payments")
        XCTAssertNotNil(object[path: "metadata", "resourceVersion"] as? String)
        let namespace = try JSON.object(try await kubectl.getJSON(.namespace("payments")))
        XCTAssertEqual(namespace["kind"] as? String, "Namespace", "cluster-scoped objects are read without -n")
    }

    func testNotFoundIsTheTypedError() async throws {
        let missing = ObjectRef(.deployment, namespace: "orders", name: "no-such-deployment")
        await assertKubectlError(try await kubectl.getJSON(missing)) { error in
            guard case .notFound(let target, let detail) = error else { return XCTFail("expected notFound, got \(error)") }
            XCTAssertEqual(target, missing.description)
            XCTAssertTrue(detail.contains("no-such-deployment"), detail)
        }
        await assertKubectlError(try await kubectl.mergePatch(.serviceAccount("orders", "ghost"), annotations(["a": "b"]))) {
            guard case .notFound = $0 else { return XCTFail("expected notFound, got \($0)") }
        }
        await assertKubectlError(try await kubectl.deleteServiceAccount(namespace: "orders", name: "ghost")) {
            guard case .notFound = $0 else { return XCTFail("expected notFound, got \($0)") }
        }
        await assertKubectlError(try await kubectl.getJSON(.serviceAccount("no-such-namespace", "default"))) {
            guard case .notFound = $0 else { return XCTFail("expected notFound, got \($0)") }
        }
    }

    // MARK: - Writing

    func testMergePatchSetsOverwritesAndRemovesAnAnnotation() async throws {
        let ref = ObjectRef.serviceAccount("orders", "orders-outbox")
        let key = "eks.amazonaws.com/role-arn"
        let arn = "arn:aws:iam::111122223333:role/apps/orders-outbox"
        try await kubectl.mergePatch(ref, annotations([key: arn]))
        let set = try await annotations(ref)[key]
        XCTAssertEqual(set, arn)

        try await kubectl.mergePatch(ref, annotations([key: arn + "-v2"]))
        let overwritten = try await annotations(ref)[key]
        XCTAssertEqual(overwritten, arn + "-v2", "an existing value is overwritten")

        try await kubectl.mergePatch(ref, annotations([key: nil]))
        let removed = try await annotations(ref)[key]
        XCTAssertNil(removed, "null removes the annotation")
    }

    /// `{"metadata":{"annotations":{KEY: VALUE or null}}}`, the merge patch apply sends.
    private func annotations(_ values: [String: String?]) -> JSONValue {
        .object([
            "metadata": .object([
                "annotations": .object(
                    values.sorted { $0.key < $1.key }.map { .init($0.key, $0.value.map(JSONValue.string) ?? .null) })
            ])
        ])
    }

    func testCreateAndDeleteServiceAccount() async throws {
        let annotations = ["eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/apps/data-etl"]
        let labels = ["app.kubernetes.io/managed-by": "irsa-migrate"]
        let manifest: JSONValue = .object([
            "apiVersion": .string("v1"), "kind": .string("ServiceAccount"),
            "metadata": .object([
                "name": .string("data-etl-irsa"), "namespace": .string("data"),
                "labels": .object(["app.kubernetes.io/managed-by": .string("irsa-migrate")]),
                "annotations": .object(["eks.amazonaws.com/role-arn": .string("arn:aws:iam::111122223333:role/apps/data-etl")]),
            ]),
        ])
        let created = try JSON.object(try await kubectl.create(manifest, target: "serviceaccount/data/data-etl-irsa"))
        XCTAssertEqual(created["kind"] as? String, "ServiceAccount")
        XCTAssertNotNil(created[path: "metadata", "uid"] as? String, "the created object is returned")

        let read = try JSON.object(try await kubectl.getJSON(.serviceAccount("data", "data-etl-irsa")))
        XCTAssertEqual(read[path: "metadata", "annotations"] as? [String: String], annotations)
        XCTAssertEqual(read[path: "metadata", "labels"] as? [String: String], labels)

        await assertKubectlError(try await kubectl.create(manifest, target: "serviceaccount/data/data-etl-irsa")) {
            guard case .alreadyExists(let target, _) = $0 else { return XCTFail("expected alreadyExists, got \($0)") }
            XCTAssertEqual(target, "serviceaccount/data/data-etl-irsa")
        }

        try await kubectl.deleteServiceAccount(namespace: "data", name: "data-etl-irsa")
        await assertKubectlError(try await kubectl.getJSON(.serviceAccount("data", "data-etl-irsa"))) {
            guard case .notFound = $0 else { return XCTFail("deleted, so notFound expected; got \($0)") }
        }
    }

    func testJSONPatchAppliesWhenItsTestOperationHolds() async throws {
        let ref = ObjectRef(.deployment, namespace: "catalog", name: "catalog-images")
        let before = try JSON.object(try await kubectl.getJSON(ref))
        let account = before[path: "spec", "template", "spec", "serviceAccountName"] as? String
        let operations: [JSONValue] = [
            .object(["op": .string("test"), "path": .string("/metadata/name"), "value": .string("catalog-images")]),
            .object([
                "op": .string("add"), "path": .string("/metadata/annotations/irsa-migrate~1step"), "value": .string("1"),
            ]),
        ]
        let patched = try JSON.object(try await kubectl.jsonPatch(ref, operations: operations))
        XCTAssertEqual((patched[path: "metadata", "annotations"] as? [String: String])?["irsa-migrate/step"], "1")
        XCTAssertEqual(
            patched[path: "spec", "template", "spec", "serviceAccountName"] as? String, account, "the rest is unchanged")
        XCTAssertNotEqual(
            patched[path: "metadata", "resourceVersion"] as? String, before[path: "metadata", "resourceVersion"] as? String)
    }

    func testJSONPatchIsRefusedAfterAConcurrentChange() async throws {
        let ref = ObjectRef.serviceAccount("payments", "payments-ledger")
        let key = "eks.amazonaws.com/role-arn"
        let planned = "arn:aws:iam::111122223333:role/apps/payments-ledger"
        try await kubectl.mergePatch(ref, annotations([key: "arn:aws:iam::111122223333:role/planned-from"]))
        // Someone else changes the annotation after we planned from it.
        try await kubectl.mergePatch(ref, annotations([key: "arn:aws:iam::111122223333:role/someone-else"]))

        let operations: [JSONValue] = [
            .object([
                "op": .string("test"), "path": .string("/metadata/annotations/eks.amazonaws.com~1role-arn"),
                "value": .string("arn:aws:iam::111122223333:role/planned-from"),
            ]),
            .object([
                "op": .string("replace"), "path": .string("/metadata/annotations/eks.amazonaws.com~1role-arn"),
                "value": .string(planned),
            ]),
        ]
        await assertKubectlError(try await kubectl.jsonPatch(ref, operations: operations)) { error in
            guard case .invalid(let target, _) = error else { return XCTFail("expected invalid, got \(error)") }
            XCTAssertEqual(target, "serviceaccount/payments/payments-ledger")
            XCTAssertTrue(error.description.contains("re-plan"), error.description)
        }
        let after = try await annotations(ref)[key]
        XCTAssertEqual(after, "arn:aws:iam::111122223333:role/someone-else", "the refused patch changed nothing")
    }

    // MARK: - Tokens and the issuer

    func testCreateTokenCarriesTheRequestedClaims() async throws {
        let token = try await kubectl.createToken(
            namespace: "orders", serviceAccount: "orders", audience: "sts.amazonaws.com", duration: .seconds(900))
        let claims = try JSON.jwtClaims(token)
        XCTAssertEqual(claims["iss"] as? String, IntegrationEstate.issuer)
        XCTAssertEqual(claims["sub"] as? String, "system:serviceaccount:orders:orders")
        let audience = (claims["aud"] as? [String]) ?? (claims["aud"] as? String).map { [$0] }
        XCTAssertEqual(audience, ["sts.amazonaws.com"])
        let issuedAt = try XCTUnwrap(claims["iat"] as? Int)
        let expiry = try XCTUnwrap(claims["exp"] as? Int)
        XCTAssertEqual(expiry - issuedAt, 900, "the requested duration")

        await assertKubectlError(
            try await kubectl.createToken(namespace: "orders", serviceAccount: "ghost", audience: "sts.amazonaws.com")
        ) {
            guard case .notFound(let target, _) = $0 else { return XCTFail("expected notFound, got \($0)") }
            XCTAssertEqual(target, "serviceaccount/orders/ghost")
        }
    }

    func testTokensFollowAnIssuerSwitch() async throws {
        let other = "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
        try await harness.kubeControl("issuer", ["issuer": other])
        do {
            let token = try await kubectl.createToken(
                namespace: "orders", serviceAccount: "orders", audience: "sts.amazonaws.com")
            XCTAssertEqual(try JSON.jwtClaims(token)["iss"] as? String, other)
        } catch {
            XCTFail("\(error)")
        }
        try await harness.kubeControl("issuer", ["issuer": IntegrationEstate.issuer])
    }

    // MARK: - Rollouts and pods

    func testRolloutStatusSucceedsAndListPodsSeesTheNewPods() async throws {
        let ref = ObjectRef(.deployment, namespace: "orders", name: "orders-worker")
        try await restartTemplate(ref, marker: "rolled")
        try await kubectl.rolloutStatus(ref, timeout: .seconds(10))

        let pods = try JSON.object(
            try await kubectl.list("pods", namespace: "orders", selector: "app.kubernetes.io/name=orders-worker"))
        let items = try XCTUnwrap(pods["items"] as? [[String: Any]])
        let deployment = try JSON.object(try await kubectl.getJSON(ref))
        let replicas = try XCTUnwrap(deployment[path: "spec", "replicas"] as? Int)
        XCTAssertEqual(items.count, replicas, "exactly the new pods: the old ones were replaced")
        for pod in items {
            XCTAssertEqual((pod[path: "metadata", "annotations"] as? [String: String])?["test/marker"], "rolled")
            XCTAssertEqual((pod[path: "metadata", "labels"] as? [String: String])?["app.kubernetes.io/name"], "orders-worker")
        }
        let none = try JSON.object(
            try await kubectl.list("pods", namespace: "orders", selector: "app.kubernetes.io/name=nothing"))
        XCTAssertEqual((none["items"] as? [Any])?.count, 0, "the selector filters")
    }

    func testStuckRolloutFailsWithTheProgressDeadline() async throws {
        let ref = ObjectRef(.deployment, namespace: "catalog", name: "catalog-web")
        try await harness.kubeControl("stuck", ["kind": "Deployment", "namespace": "catalog", "name": "catalog-web"])
        try await restartTemplate(ref, marker: "stuck")
        let started = ContinuousClock.now
        await assertKubectlError(try await kubectl.rolloutStatus(ref, timeout: .seconds(20))) { error in
            guard case .failed(let command, let status, let detail) = error else {
                return XCTFail("expected failed, got \(error)")
            }
            XCTAssertEqual(command, "kubectl rollout status")
            XCTAssertNotEqual(status, 0)
            XCTAssertTrue(detail.contains("catalog-web") && detail.contains("progress deadline"), detail)
        }
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(10), "a passed deadline fails at once, not at the timeout")

        try await harness.kubeControl(
            "stuck", ["kind": "Deployment", "namespace": "catalog", "name": "catalog-web", "stuck": false])
        try await kubectl.rolloutStatus(ref, timeout: .seconds(10))
    }

    func testRolloutThatNeverFinishesTimesOut() async throws {
        let ref = ObjectRef(.statefulset, namespace: "payments", name: "payments-ledger")
        try await harness.kubeControl(
            "stuck", ["kind": "sts", "namespace": "payments", "name": ref.name, "progressDeadlineExceeded": false])
        try await restartTemplate(ref, marker: "never")
        let started = ContinuousClock.now
        await assertKubectlError(try await kubectl.rolloutStatus(ref, timeout: .seconds(1))) { error in
            guard case .failed(_, let status, let detail) = error else { return XCTFail("expected failed, got \(error)") }
            XCTAssertNotEqual(status, 0)
            XCTAssertTrue(detail.contains("timed out"), detail)
        }
        let waited = ContinuousClock.now - started
        XCTAssertGreaterThanOrEqual(waited, .milliseconds(900), "kubectl waited for the rollout")
        XCTAssertLessThan(waited, .seconds(10), "and gave up at its --timeout")
        try await harness.kubeControl("stuck", ["kind": "sts", "namespace": "payments", "name": ref.name, "stuck": false])
    }

    /// kubectl reads `--timeout=0s` as "wait forever", so a sub-second limit must not round down to 0.
    func testSubSecondRolloutTimeoutStillEndsTheWait() async throws {
        let ref = ObjectRef(.deployment, namespace: "data", name: "data-exporter")
        try await harness.kubeControl(
            "stuck", ["kind": "Deployment", "namespace": "data", "name": ref.name, "progressDeadlineExceeded": false])
        try await restartTemplate(ref, marker: "subsecond")
        var options = kubectl.options
        options.timeout = .seconds(5)
        let impatient = Kubectl(options: options, runner: kubectl.runner)
        let started = ContinuousClock.now
        await assertKubectlError(try await impatient.rolloutStatus(ref, timeout: .milliseconds(500))) { error in
            guard case .failed(_, _, let detail) = error else {
                return XCTFail("expected kubectl's own timeout, got \(error)")
            }
            XCTAssertTrue(detail.contains("timed out"), detail)
        }
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(4), "kubectl gave up by itself, well before the process limit")
        try await harness.kubeControl("stuck", ["kind": "Deployment", "namespace": "data", "name": ref.name, "stuck": false])
    }

    // MARK: - Helpers

    private func annotations(_ ref: ObjectRef) async throws -> [String: String] {
        try JSON.object(try await kubectl.getJSON(ref))[path: "metadata", "annotations"] as? [String: String] ?? [:]
    }

    /// Changes the pod template (an annotation), which starts a rollout.
    private func restartTemplate(_ ref: ObjectRef, marker: String) async throws {
        let object = try JSON.object(try await kubectl.getJSON(ref))
        let hasAnnotations = object[path: "spec", "template", "metadata", "annotations"] != nil
        let operation: JSONValue =
            hasAnnotations
            ? .object([
                "op": .string("add"), "path": .string("/spec/template/metadata/annotations/test~1marker"),
                "value": .string(marker),
            ])
            : .object([
                "op": .string("add"), "path": .string("/spec/template/metadata/annotations"),
                "value": .object(["test/marker": .string(marker)]),
            ])
        _ = try await kubectl.jsonPatch(ref, operations: [operation])
    }
}

/// Asserts that `body` throws a `KubectlError` and hands it to `check`.
func assertKubectlError<T>(
    _ body: @autoclosure () async throws -> T, file: StaticString = #filePath, line: UInt = #line,
    _ check: (KubectlError) -> Void
) async {
    do {
        let value = try await body()
        XCTFail("expected a KubectlError, got \(value)", file: file, line: line)
    } catch let error as KubectlError {
        check(error)
    } catch {
        XCTFail("expected a KubectlError, got \(error)", file: file, line: line)
    }
}
