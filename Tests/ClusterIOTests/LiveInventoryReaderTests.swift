import ClusterIO
import Foundation
import MigrationCore
import XCTest

final class LiveInventoryReaderTests: XCTestCase {
    /// Answers by the program and subcommand, as the live reader's three calls run concurrently.
    private final class RoutingRunner: CommandRunning, @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [[String]] = []
        let routes: [String: CommandResult]

        init(_ routes: [String: CommandResult]) {
            self.routes = routes
        }

        var argvs: [[String]] { lock.withLock { seen } }

        func run(_ command: Command) async throws(CommandError) -> CommandResult {
            lock.withLock { seen.append(command.arguments) }
            let key = command.arguments.prefix(3).joined(separator: " ")
            return routes[key] ?? .failure("no route for \(key)")
        }
    }

    private let providers = #"{"OpenIDConnectProviderList":[{"Arn":"arn:aws:iam::111122223333:oidc-provider/irsa.example.com"}]}"#

    private func reader(_ runner: RoutingRunner) -> LiveInventoryReader {
        LiveInventoryReader(kubectl: Kubectl(runner: runner), accounts: [AWSCLI(runner: runner, retry: .none)])
    }

    private func routes(kubectl: CommandResult? = nil) -> [String: CommandResult] {
        [
            "kubectl get namespaces,serviceaccounts,deployments,statefulsets,daemonsets,cronjobs,jobs,pods": kubectl
                ?? .success(KubernetesFixtures.list),
            "aws iam list-roles": .success(IAMRolesDecoderTests.listRoles),
            "aws iam list-open-id-connect-providers": .success(providers),
        ]
    }

    func testThreeCallsGiveTheSameInventoryAsASnapshot() async throws {
        let runner = RoutingRunner(routes())
        let inventory = try await reader(runner).read()
        XCTAssertEqual(runner.argvs.count, 3)
        let snapshot = RawInventory(
            kubernetesJSON: Data(KubernetesFixtures.list.utf8), iamRolesJSON: Data(IAMRolesDecoderTests.listRoles.utf8),
            oidcProvidersJSON: Data(providers.utf8))
        XCTAssertEqual(inventory, try snapshot.decode())
    }

    func testSeveralAccountsAreListedOnceEachAndConcatenated() async throws {
        let runner = RoutingRunner(routes())
        let accounts = ["a", "b"].map { AWSCLI(options: .init(profile: $0), runner: runner, retry: .none) }
        let raw = try await LiveInventoryReader(kubectl: Kubectl(runner: runner), accounts: accounts).readRaw()
        XCTAssertEqual(runner.argvs.filter { $0.contains("--profile") }.count, 4)
        XCTAssertEqual(String(decoding: raw.oidcProvidersJSON ?? Data(), as: UTF8.self), providers + "\n" + providers + "\n")
        XCTAssertEqual(
            try raw.decode(),
            try RawInventory(
                kubernetesJSON: Data(KubernetesFixtures.list.utf8), iamRolesJSON: Data(IAMRolesDecoderTests.listRoles.utf8),
                oidcProvidersJSON: Data(providers.utf8)
            ).decode())
    }

    func testNoAccountsMeansNoRolesAndUnknownProviders() async throws {
        let inventory = try await LiveInventoryReader(kubectl: Kubectl(runner: RoutingRunner(routes())), accounts: []).read()
        XCTAssertEqual(inventory.roles, [])
        XCTAssertNil(inventory.oidcProviders)
    }

    func testSnapshotTakerWritesRawOutputsVerbatim() async throws {
        let directory = NSTemporaryDirectory() + "irsa-taker-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await SnapshotTaker(reader: reader(RoutingRunner(routes()))).take(to: directory)
        let written = try String(contentsOfFile: directory + "/iam-roles.json", encoding: .utf8)
        XCTAssertEqual(written, IAMRolesDecoderTests.listRoles)
        XCTAssertEqual(try String(contentsOfFile: directory + "/oidc-providers.json", encoding: .utf8), providers)
    }

    func testAFailedCallIsReportedWithItsClient() async {
        let runner = RoutingRunner(routes(kubectl: .failure("error: You must be logged in to the server (Unauthorized)")))
        do {
            _ = try await reader(runner).read()
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error, .kubectl(.unauthorized(detail: "error: You must be logged in to the server (Unauthorized)")))
            XCTAssertTrue(error.description.hasPrefix("reading the cluster inventory failed: kubectl: not logged in"))
        }
    }

    /// list-roles leaves tags out: with `roleTags`, one get-account-authorization-details per
    /// account fills them in (so IaC-owned roles are seen), and nothing else changes.
    func testRoleTagsComeFromTheAuthorizationDetails() async throws {
        var table = routes()
        table["aws iam get-account-authorization-details"] = .success(
            #"{"RoleDetailList":[{"Arn":"arn:aws:iam::111122223333:role/service/orders-api","RoleName":"orders-api","Path":"/service/","Tags":[{"Key":"ManagedBy","Value":"Terraform"}]}]}"#
        )
        let runner = RoutingRunner(table)
        var tagged = reader(runner)
        tagged.roleTags = true
        let inventory = try await tagged.read()
        XCTAssertEqual(runner.argvs.filter { $0.contains("get-account-authorization-details") }.count, 1)
        let role = inventory.roles.first { $0.arn == "arn:aws:iam::111122223333:role/service/orders-api" }
        XCTAssertEqual(role?.tags, ["ManagedBy": "Terraform"])
        XCTAssertNil(inventory.authorizationDetails, "only the tags are taken; the inventory digest stays a snapshot's")
        var untagged = inventory
        for index in untagged.roles.indices { untagged.roles[index].tags = [:] }
        let plain = try await reader(RoutingRunner(self.routes())).read()
        XCTAssertEqual(untagged, plain)
    }
}
