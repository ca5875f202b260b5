import Foundation
import TestSupport
import XCTest

/// The emulators seeded with the example estate, a state file, and the real binary run
/// with one aws profile per account, for the apply / verify / rollback tests.
final class LiveSession {
    static let issuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
    static let estate = TestPaths.repository.appendingPathComponent("examples/estate")

    let harness: EmulatorHarness
    let work: URL
    let environment: [String: String]
    let state: String

    init(issuer: String = LiveSession.issuer) throws {
        harness = try EmulatorHarness(estate: Self.estate, issuer: issuer)
        work = try TestPaths.temporaryDirectory()
        let credentials = work.appendingPathComponent("credentials")
        let profiles = [("prod", "111122223333"), ("data", "444455556666")].map {
            "[\($0.0)]\naws_access_key_id = \($0.1)\naws_secret_access_key = testing\n"
        }
        try Data(profiles.joined().utf8).write(to: credentials)
        var environment = harness.environment
        environment["AWS_SHARED_CREDENTIALS_FILE"] = credentials.path
        environment["AWS_ACCESS_KEY_ID"] = ""
        environment["AWS_SECRET_ACCESS_KEY"] = ""
        self.environment = environment
        state = work.appendingPathComponent("state.db").path
    }

    deinit { harness.stop() }

    var live: [String] {
        harness.liveOptions + ["--profile", "prod", "--profile", "data"]
    }

    /// `irsa-migrate ARGS LIVE --state STATE`.
    func run(_ arguments: [String], live useLive: Bool = true) throws -> ProcessResult {
        try BinaryRunner.run(arguments + (useLive ? live : []) + ["--state", state], environment: environment)
    }

    func planKiam() throws {
        let result = try run([
            "plan", "kiam-to-irsa", "--issuer", Self.issuer, "--role-base-arn", "arn:aws:iam::111122223333:role/",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
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
