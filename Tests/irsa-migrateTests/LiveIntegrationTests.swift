import Foundation
import MigrationCore
import TestSupport
import XCTest

/// The real kubectl and aws against the emulators, seeded with the example estate.
final class LiveIntegrationTests: XCTestCase {
    let estate = TestPaths.repository.appendingPathComponent("examples/estate")
    let issuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
    let pinnedClock = ["SOURCE_DATE_EPOCH": "1795000000"]

    func testLivePlanEqualsSnapshotPlanWithOneListCallPerSource() throws {
        if let reason = EmulatorHarness.unavailableReason { throw XCTSkip(reason) }
        let harness = try EmulatorHarness(estate: estate, issuer: issuer)
        defer { harness.stop() }
        let work = try TestPaths.temporaryDirectory()
        let clients = try CountingClients(realAWS: harness.awsPath, in: work)
        // One profile per account, as users run it; the emulator maps a 12-digit key to its account.
        let credentials = work.appendingPathComponent("credentials")
        let profiles = [("prod", "111122223333"), ("data", "444455556666")].map {
            "[\($0.0)]\naws_access_key_id = \($0.1)\naws_secret_access_key = testing\n"
        }
        try Data(profiles.joined().utf8).write(to: credentials)
        let live = [
            "--kubeconfig", harness.kubeconfig, "--aws-endpoint-url", harness.awsEndpoint, "--kubectl", clients.kubectl.path,
            "--aws", clients.aws.path, "--profile", "prod", "--profile", "data",
        ]
        var environment = harness.environment.merging(pinnedClock) { _, new in new }
        environment["AWS_SHARED_CREDENTIALS_FILE"] = credentials.path
        environment["AWS_ACCESS_KEY_ID"] = ""
        environment["AWS_SECRET_ACCESS_KEY"] = ""

        let snapshotDirectory = work.appendingPathComponent("snap")
        let snapshot = try BinaryRunner.run(["snapshot", "--out", snapshotDirectory.path] + live, environment: environment)
        XCTAssertEqual(snapshot.status, 0, snapshot.stderr)
        for file in ["kubernetes.json", "iam-roles.json", "oidc-providers.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: snapshotDirectory.appendingPathComponent(file).path), file)
        }
        let snapshotCalls = clients.calls().count

        let plan = [
            "plan", "kiam-to-irsa", "--issuer", issuer, "--role-base-arn", "arn:aws:iam::111122223333:role/", "--format", "json",
        ]
        let fromLive = try BinaryRunner.run(
            plan + live + ["--state", work.appendingPathComponent("a.db").path], environment: environment)
        XCTAssertEqual(fromLive.status, 0, fromLive.stderr)
        let liveCalls = Array(clients.calls().dropFirst(snapshotCalls))
        XCTAssertEqual(
            liveCalls.count, 7,
            "one kubectl get, then list-roles, list-open-id-connect-providers and get-account-authorization-details --filter Role (the roles' tags) per account: \(liveCalls)"
        )

        let fromSnapshot = try BinaryRunner.run(
            plan + ["--snapshot", snapshotDirectory.path, "--state", work.appendingPathComponent("b.db").path],
            environment: environment)
        XCTAssertEqual(fromSnapshot.status, 0, fromSnapshot.stderr)
        XCTAssertEqual(fromLive.stdout, fromSnapshot.stdout, "a live plan equals the plan of a snapshot of the same state")

        let fromExample = try BinaryRunner.run(
            plan + ["--snapshot", estate.path, "--state", work.appendingPathComponent("c.db").path], environment: pinnedClock)
        let livePlan = try Plan(json: fromLive.stdout)
        XCTAssertGreaterThan(livePlan.summary.workloads, 10, "the seeded estate was read")
        // The live listing has no client ids, so a provider the example lists with them gets an
        // ensure step checked at apply; every other step is the same.
        let exampleIDs = try Plan(json: fromExample.stdout).steps.map(\.id)
        XCTAssertEqual(
            livePlan.steps.map(\.id).filter { exampleIDs.contains($0) }, exampleIDs,
            "the emulators seeded with the example estate plan the same steps as the estate's own snapshot")
        XCTAssertEqual(
            livePlan.steps.filter { !exampleIDs.contains($0.id) }.map(\.action), [.ensureOIDCProvider],
            "only an ensure step for the provider listed without client ids is added")
    }

    func testLiveErrorsAreOneClearLine() throws {
        if let reason = EmulatorHarness.unavailableReason { throw XCTSkip(reason) }
        let work = try TestPaths.temporaryDirectory()
        let result = try BinaryRunner.run(
            [
                "plan", "kiam-to-irsa", "--issuer", issuer, "--kubeconfig", work.appendingPathComponent("missing").path,
                "--aws-endpoint-url", "http://127.0.0.1:9", "--state", work.appendingPathComponent("s.db").path,
            ],
            environment: ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"])
        XCTAssertEqual(result.status, 1)
        let lines = result.stderr.split(separator: "\n").filter { !$0.hasPrefix("Reading") }
        XCTAssertEqual(lines.count, 1, result.stderr)
    }
}
