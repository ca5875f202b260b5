import ClusterIO
import Foundation
import MigrationCore
import TestSupport
import XCTest

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One emulator harness shared by the tests of one class: started in `class setUp`, stopped
/// in `class tearDown`. A start failure is kept and reported by every test of the class;
/// only a missing venv skips.
final class SharedHarness: @unchecked Sendable {
    // Mutated only from XCTest's class setUp/tearDown and read by tests of the same class,
    // which XCTest runs one after another; the lock makes that explicit.
    private let lock = NSLock()
    private var harness: EmulatorHarness?
    private var startError: Error?
    let estate: URL?
    let issuer: String?

    init(estate: URL? = nil, issuer: String? = nil) {
        self.estate = estate
        self.issuer = issuer
    }

    func start() {
        guard EmulatorHarness.unavailableReason == nil else { return }
        lock.withLock {
            guard harness == nil else { return }
            do { harness = try EmulatorHarness(estate: estate, issuer: issuer) } catch { startError = error }
        }
    }

    /// The running harness; skips when the venv is missing, fails when it did not start.
    func get() throws -> EmulatorHarness {
        if let reason = EmulatorHarness.unavailableReason { throw XCTSkip(reason) }
        return try lock.withLock {
            if let harness { return harness }
            throw startError ?? IntegrationError("the harness was not started in class setUp")
        }
    }

    func stop() {
        lock.withLock {
            harness?.stop()
            harness = nil
        }
    }
}

/// Runs commands with `ProcessRunner`, adding the harness environment underneath each
/// command's own overrides (so `AWSCLI`'s `AWS_MAX_ATTEMPTS=1` still wins).
struct HarnessRunner: CommandRunning {
    var environment: [String: String]
    var log: CommandLog?
    var inner = ProcessRunner()

    func run(_ command: Command) async throws(CommandError) -> CommandResult {
        var command = command
        command.environment = environment.merging(command.environment) { _, own in own }
        log?.append(command)
        return try await inner.run(command)
    }
}

/// The commands a `HarnessRunner` started.
final class CommandLog: @unchecked Sendable {
    // Appended from whichever task runs a command; the lock serialises that.
    private let lock = NSLock()
    private var recorded: [Command] = []
    var commands: [Command] { lock.withLock { recorded } }
    func append(_ command: Command) { lock.withLock { recorded.append(command) } }
}

/// The seeded example estate and its issuer.
enum IntegrationEstate {
    static let directory = TestPaths.repository.appendingPathComponent("examples/estate")
    static let issuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
    static let account = "111122223333"
    static let otherAccount = "444455556666"
}

extension EmulatorHarness {
    /// kubectl against the emulator (KUBECONFIG and the discovery cache dir from env.json).
    var kubectl: Kubectl {
        Kubectl(
            options: .init(path: "kubectl", kubeconfig: kubeconfig, timeout: .seconds(30)),
            runner: HarnessRunner(environment: environment))
    }

    /// The real aws CLI through the fault proxy, signed with a 12-digit key so the proxy
    /// maps it to that moto account. Retries wait a millisecond at most.
    func aws(account: String = IntegrationEstate.account, retry: RetryPolicy = .tiny(), log: CommandLog? = nil) -> AWSCLI {
        var environment = environment
        environment["AWS_ACCESS_KEY_ID"] = account
        environment["AWS_SECRET_ACCESS_KEY"] = "testing"
        return AWSCLI(
            options: .init(path: awsPath, region: "us-east-1", endpointURL: awsEndpoint, timeout: .seconds(30)),
            runner: HarnessRunner(environment: environment, log: log), retry: retry)
    }

    var faultsURL: String { awsEndpoint + "/_faults" }

    /// A JSON request to one of the control APIs; returns the decoded JSON answer.
    @discardableResult
    func control(_ method: String, _ url: String, _ body: Any? = nil) async throws -> [String: Any] {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw IntegrationError("\(method) \(url) -> \(status): \(String(decoding: data, as: UTF8.self))")
        }
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// `POST /_harness/OP`.
    @discardableResult
    func kubeControl(_ op: String, _ body: [String: Any]) async throws -> [String: Any] {
        try await control("POST", controlURL + "/" + op, body)
    }

    /// Replaces the fault rules (`POST /_faults`).
    func injectFaults(_ rules: [[String: Any]]) async throws {
        try await control("POST", faultsURL, ["rules": rules])
    }

    /// Clears rules and counts and restores the quota (`DELETE /_faults`).
    func resetFaults() async throws {
        try await control("DELETE", faultsURL)
    }

    /// Requests the proxy saw, by IAM/STS action (failed ones included).
    func faultCounts() async throws -> [String: Int] {
        try await control("GET", faultsURL)["counts"] as? [String: Int] ?? [:]
    }
}

extension RetryPolicy {
    /// Real sleeps of at most a couple of milliseconds.
    static func tiny(maxAttempts: Int = 4) -> RetryPolicy {
        RetryPolicy(maxAttempts: maxAttempts, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2))
    }
}

/// JSON helpers for assertions on kubectl's and aws's output.
enum JSON {
    static func object(_ data: Data, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: data)
        return try XCTUnwrap(
            value as? [String: Any], "not a JSON object: \(String(decoding: data, as: UTF8.self))", file: file, line: line)
    }

    /// The claims of a JWT (payload only; the signature is not checked here).
    static func jwtClaims(_ token: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        XCTAssertEqual(parts.count, 3, "a JWS compact token has three parts", file: file, line: line)
        var payload = String(parts[1]).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        payload += String(repeating: "=", count: (4 - payload.count % 4) % 4)
        let data = try XCTUnwrap(Data(base64Encoded: payload), "payload is not base64url", file: file, line: line)
        return try object(data, file: file, line: line)
    }
}

extension Dictionary where Key == String, Value == Any {
    /// `dict[path: "metadata", "annotations"]`.
    subscript(path keys: String...) -> Any? {
        var current: Any? = self
        for key in keys { current = (current as? [String: Any])?[key] }
        return current
    }
}

struct IntegrationError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
