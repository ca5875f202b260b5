import ClusterIO
import Foundation
import MigrationCore
import StateStore
import TestSupport
import XCTest

/// The emulators seeded with the example estate or a cut of it, a state file, and the real
/// binary run with one aws profile per account, for the apply / verify / rollback tests.
final class LiveSession {
    static let issuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
    static let estate = TestPaths.repository.appendingPathComponent("examples/estate")

    /// What the emulators are seeded with: the whole example estate, or one of the small cuts
    /// of it that Tests/Harness/harness/estates.py describes (every aws call costs about half a
    /// second; resume, rollback, faults, export and verify behave the same on fewer steps).
    enum Estate: String {
        case full
        /// The `payments` namespace: a StatefulSet and a CronJob on one role, a Deployment on a
        /// role of the other account (which has no provider yet), and a kiam external-id finding.
        case payments
        /// `payments`, two Deployments sharing a service account under two roles (each gets
        /// one created) and the planted verify failure (data-exporter's static access key).
        case resume
        /// Helm- and Argo CD-owned targets, two unowned Deployments and the planted failure.
        case owned
    }

    let harness: EmulatorHarness
    let work: URL
    let environment: [String: String]
    let state: String

    init(issuer: String = LiveSession.issuer, estate: Estate) throws {
        work = try TestPaths.temporaryDirectory()
        harness = try EmulatorHarness(estate: try Self.seed(estate, in: work), issuer: issuer)
        let credentials = work.appendingPathComponent("credentials")
        let profiles = [("prod", "111122223333"), ("data", "444455556666")].map {
            "[\($0.0)]\naws_access_key_id = \($0.1)\naws_secret_access_key = testing\n"
        }
        try Data(profiles.joined().utf8).write(to: credentials)
        // An empty config file of its own: the harness's /dev/null is a plain file on some
        // machines, and whatever was written to it then fails the aws CLI's config parser.
        let config = work.appendingPathComponent("aws-config")
        try Data().write(to: config)
        var environment = harness.environment
        environment["AWS_CONFIG_FILE"] = config.path
        environment["AWS_SHARED_CREDENTIALS_FILE"] = credentials.path
        environment["AWS_ACCESS_KEY_ID"] = ""
        environment["AWS_SECRET_ACCESS_KEY"] = ""
        self.environment = environment
        state = work.appendingPathComponent("state.db").path
    }

    deinit { harness.stop() }

    private static func seed(_ estate: Estate, in work: URL) throws -> URL {
        guard estate != .full else { return Self.estate }
        let directory = work.appendingPathComponent("estate")
        let result = try BinaryRunner.run(
            ["-m", "harness.estates", estate.rawValue, directory.path],
            executable: TestPaths.repository.appendingPathComponent(".venv/bin/python"),
            environment: ["PYTHONPATH": TestPaths.repository.appendingPathComponent("Tests/Harness").path])
        guard result.status == 0 else { throw LiveSessionError.cut(estate.rawValue, result.stderr) }
        return directory
    }

    /// Whether apply and rollback leave owned targets to their owners' sync (the default of the
    /// tool). Off here: most suites test the mechanics on the example estate, whose Argo CD and
    /// Helm targets would otherwise wait for a sync, so they run with `--patch-owned`.
    var waitsForOwners = false

    /// Wrappers to run instead of the real kubectl and aws (they run the real ones).
    var clients: (kubectl: URL, aws: URL)?

    var live: [String] {
        [
            "--kubeconfig", harness.kubeconfig, "--aws-endpoint-url", harness.awsEndpoint,
            "--kubectl", clients?.kubectl.path ?? "kubectl", "--aws", clients?.aws.path ?? harness.awsPath,
            "--profile", "prod", "--profile", "data",
        ]
    }

    /// `irsa-migrate ARGS LIVE --state STATE`.
    func run(_ arguments: [String], live useLive: Bool = true) throws -> ProcessResult {
        try start(arguments, live: useLive).wait()
    }

    /// The same, started in the background.
    func start(_ arguments: [String], live useLive: Bool = true) throws -> BinaryRunner.Running {
        let patchOwned = !waitsForOwners && ["apply", "rollback"].contains(arguments.first ?? "") ? ["--patch-owned"] : []
        return try BinaryRunner.start(
            arguments + patchOwned + (useLive ? live : []) + ["--state", state], environment: environment)
    }

    func planKiam() throws {
        let result = try run([
            "plan", "kiam-to-irsa", "--issuer", Self.issuer, "--role-base-arn", "arn:aws:iam::111122223333:role/",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    /// The newest plan in the state file, as stored.
    func storedPlan() throws -> Plan {
        let store = try SQLitePlanStore(path: state)
        return try XCTUnwrap(try store.latestPlanID().flatMap { try store.plan(id: $0) })
    }

    /// Each step's status in the state file, by step id (`irsa-migrate status --format json`).
    func statuses() throws -> [String: String] {
        let result = try run(["status", "--format", "json"], live: false)
        XCTAssertEqual(result.status, 0, result.stderr)
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let steps = document?["steps"] as? [[String: Any]] ?? []
        return Dictionary(
            steps.compactMap { step in (step["id"] as? String).map { ($0, step["status"] as? String ?? "") } },
            uniquingKeysWith: { first, _ in first })
    }

    /// The kinds of the journal's events for one step of the newest plan, oldest first.
    func eventKinds(_ stepID: String) throws -> [String] {
        let store = try SQLitePlanStore(path: state)
        let planID = try XCTUnwrap(try store.latestPlanID())
        return try store.events(planID: planID).filter { $0.stepID == stepID }.map(\.kind)
    }

    /// `aws ARGS --output json` as the profile of `account`.
    func aws(_ arguments: [String], profile: String = "prod") throws -> ProcessResult {
        try BinaryRunner.run(
            arguments + ["--endpoint-url", harness.awsEndpoint, "--profile", profile, "--output", "json"],
            executable: URL(fileURLWithPath: harness.awsPath), environment: environment)
    }

    /// The trust policy of a role as parsed JSON, for comparing documents.
    func trust(_ roleName: String, profile: String = "prod") throws -> NSDictionary? {
        let result = try aws(["iam", "get-role", "--role-name", roleName], profile: profile)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return (object?["Role"] as? [String: Any])?["AssumeRolePolicyDocument"] as? NSDictionary
    }

    /// POSTs a JSON body to a control endpoint of the emulators (`/_faults`, `/_harness/...`).
    func control(_ url: String, _ body: String) throws {
        let result = try BinaryRunner.run(
            ["-sf", "-X", "POST", "-H", "Content-Type: application/json", "-d", body, url],
            executable: URL(fileURLWithPath: "/usr/bin/curl"))
        XCTAssertEqual(result.status, 0, "POST \(url): \(result.stderr)")
    }

    var faults: String { harness.awsEndpoint + "/_faults" }

    /// Reads a snapshot directory as the planner sees it.
    func inventory(_ snapshot: URL) throws -> Inventory {
        try SnapshotReader(directory: snapshot.path).read()
    }

    /// Takes a snapshot of the live estate (the comparison input of `harness.compare`).
    func snapshot(_ name: String) throws -> URL {
        let directory = work.appendingPathComponent(name)
        let result = try BinaryRunner.run(["snapshot", "--out", directory.path] + live, environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        return directory
    }

    /// `python -m harness.compare BEFORE AFTER`: the estates match (providers may be added).
    func compare(_ before: URL, _ after: URL) throws -> ProcessResult {
        try BinaryRunner.run(
            ["-m", "harness.compare", before.path, after.path],
            executable: TestPaths.repository.appendingPathComponent(".venv/bin/python"),
            environment: ["PYTHONPATH": TestPaths.repository.appendingPathComponent("Tests/Harness").path])
    }
}

enum LiveSessionError: Error {
    case cut(String, String)
}
