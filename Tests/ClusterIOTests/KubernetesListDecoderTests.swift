import ClusterIO
import Foundation
import MigrationCore
import XCTest

final class KubernetesListDecoderTests: XCTestCase {
    private func decodeFixture() throws -> KubernetesListDecoder.Objects {
        try KubernetesListDecoder.decode(Data(KubernetesFixtures.list.utf8))
    }

    func testNamespacesAndServiceAccountsSorted() throws {
        let objects = try decodeFixture()
        XCTAssertEqual(objects.namespaces.map(\.name), ["batch", "orders"])
        XCTAssertEqual(objects.namespaces[1].annotations, ["iam.amazonaws.com/permitted": "orders-.*"])
        XCTAssertEqual(
            objects.serviceAccounts.map(\.ref.description), ["serviceaccount/orders/default", "serviceaccount/orders/orders-api"])
        XCTAssertEqual(
            objects.serviceAccounts[1].annotations["eks.amazonaws.com/role-arn"], "arn:aws:iam::111122223333:role/orders-api")
        XCTAssertEqual(objects.serviceAccounts[0].imagePullSecrets, ["registry-orders"], "copied to dedicated accounts")
        XCTAssertEqual(objects.serviceAccounts[1].imagePullSecrets, [])
    }

    func testOnlyTopLevelWorkloadsSortedByNamespaceKindName() throws {
        let refs = try decodeFixture().workloads.map(\.ref.description)
        XCTAssertEqual(
            refs,
            [
                "cronjob/batch/nightly-report", "daemonset/batch/log-shipper", "job/batch/backfill",
                "deployment/orders/orders-api", "pod/orders/debug-shell", "statefulset/orders/ledger",
            ])
    }

    func testDeploymentTemplateAndObjectMetadataAreKeptApart() throws {
        let workloads = try decodeFixture().workloads
        let deployment = try XCTUnwrap(workloads.first { $0.ref.kind == .deployment })
        XCTAssertEqual(deployment.labels["app.kubernetes.io/managed-by"], "Helm")
        XCTAssertEqual(deployment.annotations["meta.helm.sh/release-name"], "orders")
        XCTAssertNil(deployment.annotations["iam.amazonaws.com/role"])
        XCTAssertEqual(
            deployment.template,
            PodTemplate(
                labels: ["app": "orders-api"],
                annotations: ["iam.amazonaws.com/role": "orders-api", "checksum/config": "abc123"],
                serviceAccountName: "orders-api", hostNetwork: false,
                containers: [
                    Container(
                        name: "api", envNames: ["AWS_REGION", "DB_PASSWORD"], image: "registry.example.com/orders-api:1.42.0"),
                    Container(name: "proxy", image: "envoyproxy/envoy:v1.29"),
                    Container(name: "migrate", envNames: ["MIGRATE"], image: "registry.example.com/orders-migrate:1.42.0"),
                ]))
    }

    func testCronJobUsesTheJobTemplatesPodTemplate() throws {
        let cronJob = try XCTUnwrap(try decodeFixture().workloads.first { $0.ref.kind == .cronjob })
        XCTAssertEqual(cronJob.labels, ["team": "finance"])
        XCTAssertEqual(cronJob.template.annotations, ["iam.amazonaws.com/role": "reports"])
        XCTAssertEqual(cronJob.template.serviceAccountName, "reporter")
        XCTAssertEqual(cronJob.template.containers, [Container(name: "report", envNames: ["BUCKET"])])
    }

    func testBarePodFallsBackToDeprecatedServiceAccountField() throws {
        let pod = try XCTUnwrap(try decodeFixture().workloads.first { $0.ref.kind == .pod })
        XCTAssertEqual(pod.template.serviceAccountName, "legacy-sa")
        XCTAssertTrue(pod.template.hostNetwork)
        XCTAssertEqual(pod.template.annotations, ["iam.amazonaws.com/role": "debug"])
        XCTAssertEqual(pod.template.containers.first?.envNames, ["AWS_ACCESS_KEY_ID"])
    }

    func testEmptyServiceAccountNameMeansDefault() throws {
        let ledger = try XCTUnwrap(try decodeFixture().workloads.first { $0.ref.kind == .statefulset })
        XCTAssertNil(ledger.template.serviceAccountName)
        XCTAssertEqual(ledger.template.effectiveServiceAccount, "default")
    }

    func testEmptyListIsFine() throws {
        let objects = try KubernetesListDecoder.decode(Data(#"{"apiVersion":"v1","items":[],"kind":"List","metadata":{}}"#.utf8))
        XCTAssertTrue(objects.workloads.isEmpty && objects.namespaces.isEmpty && objects.serviceAccounts.isEmpty)
    }

    func testSingleObjectInsteadOfListIsATypedError() {
        let data = Data(#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x"}}"#.utf8)
        XCTAssertThrowsError(try KubernetesListDecoder.decode(data)) { error in
            XCTAssertTrue("\(error)".hasPrefix("kubernetes.json: expected a v1 List, got kind Deployment"), "\(error)")
        }
    }

    func testTruncatedJSONIsATypedError() {
        let data = Data(KubernetesFixtures.list.utf8.prefix(500))
        XCTAssertThrowsError(try KubernetesListDecoder.decode(data)) { error in
            let decodeError = error as? DecodeError
            XCTAssertEqual(decodeError?.source, "kubernetes.json")
            XCTAssertTrue(decodeError?.message.hasPrefix("not valid JSON") ?? false, "\(error)")
        }
    }

    func testWrongFieldTypeNamesThePath() {
        let data = Data(#"{"kind":"List","items":[{"kind":"Namespace","metadata":{"name":"a","labels":{"x":1}}}]}"#.utf8)
        XCTAssertThrowsError(try KubernetesListDecoder.decode(data, source: "snap/kubernetes.json")) { error in
            XCTAssertEqual("\(error)", "snap/kubernetes.json: expected a string at items[0].metadata.labels.x")
        }
    }

    func testObjectWithoutNameIsATypedError() {
        let data = Data(#"{"kind":"List","items":[{"kind":"Deployment","metadata":{}}]}"#.utf8)
        XCTAssertThrowsError(try KubernetesListDecoder.decode(data)) { error in
            XCTAssertEqual("\(error)", "kubernetes.json: items[0] (Deployment) has no metadata.name")
        }
    }

    /// Scale check without a timing assertion: timing belongs to benchmarks.
    func testTenThousandWorkloads() throws {
        let data = KubernetesFixtures.largeList(workloads: 10_000)
        XCTAssertGreaterThan(data.count, 20_000_000)
        let objects = try KubernetesListDecoder.decode(data)
        XCTAssertEqual(objects.workloads.count, 10_000)
        XCTAssertEqual(objects.workloads.first?.ref.namespace, "team-0")
        XCTAssertEqual(objects.workloads.filter { $0.template.effectiveServiceAccount == "default" }.count, 3_334)
    }

    func testAgentFlagsRolloutStrategyAndEnvFromAreRead() throws {
        let list = #"""
            {"apiVersion":"v1","kind":"List","items":[
             {"kind":"DaemonSet","metadata":{"name":"kube2iam","namespace":"kube-system"},
              "spec":{"updateStrategy":{"type":"OnDelete"},"template":{"spec":{"containers":[
               {"name":"kube2iam","image":"jtblin/kube2iam:0.11.1","command":["/kube2iam"],
                "args":["--namespace-restrictions","--base-role-arn=arn:aws:iam::111122223333:role/"],
                "envFrom":[{"secretRef":{"name":"keys"}},{"configMapRef":{"name":"settings"}}]}]}}}},
             {"kind":"Deployment","metadata":{"name":"web","namespace":"shop"},
              "spec":{"paused":true,"template":{"spec":{"containers":[{"name":"web"}]}}}}]}
            """#
        let workloads = try KubernetesListDecoder.decode(Data(list.utf8)).workloads
        let agent = try XCTUnwrap(workloads.first { $0.ref.kind == .daemonset })
        XCTAssertEqual(agent.updateStrategy, "OnDelete")
        XCTAssertEqual(agent.template.containers[0].image, "jtblin/kube2iam:0.11.1")
        XCTAssertEqual(
            agent.template.containers[0].arguments,
            ["/kube2iam", "--namespace-restrictions", "--base-role-arn=arn:aws:iam::111122223333:role/"])
        XCTAssertEqual(agent.template.containers[0].envFrom, ["secret/keys", "configmap/settings"])
        XCTAssertTrue(try XCTUnwrap(workloads.first { $0.ref.kind == .deployment }).rolloutPaused)
    }
}
