import Foundation

/// The emulators of Tests/Harness (Kubernetes API, moto behind a fault proxy), started on
/// free ports of 127.0.0.1 for one test and stopped by it. They also stop by themselves when
/// the test process exits (`--exit-with`), so a crashed test leaves nothing running.
public final class EmulatorHarness {
    public let stateDirectory: URL
    /// Environment for kubectl and aws: KUBECONFIG, the endpoint, fake credentials.
    public let environment: [String: String]
    public let kubeconfig: String
    public let awsEndpoint: String
    public let awsPath: String
    public let controlURL: String

    static let python = TestPaths.repository.appendingPathComponent(".venv/bin/python")

    /// Why the harness cannot run here, or nil when it can (make test installs it).
    public static var unavailableReason: String? {
        FileManager.default.isExecutableFile(atPath: python.path)
            ? nil : "the emulator harness is not installed (.venv missing): run 'make test', which installs it"
    }

    public init(estate: URL? = nil, issuer: String? = nil) throws {
        stateDirectory = try TestPaths.temporaryDirectory("irsa-migrate-harness")
        var arguments = ["-m", "harness", "up", "--state-dir", stateDirectory.path, "--exit-with", String(getpid())]
        if let estate { arguments += ["--estate", estate.path] }
        if let issuer { arguments += ["--issuer", issuer] }
        let result = try BinaryRunner.run(
            arguments, executable: Self.python,
            environment: ["PYTHONPATH": TestPaths.repository.appendingPathComponent("Tests/Harness").path])
        guard result.status == 0 else {
            throw HarnessError(message: "harness up failed (\(result.status)): \(result.stderr.suffix(2000))")
        }
        let document =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: stateDirectory.appendingPathComponent("env.json"))) as? [String: Any]
        let kube = document?["kube"] as? [String: Any]
        let aws = document?["aws"] as? [String: Any]
        let tools = document?["tools"] as? [String: Any]
        environment = document?["env"] as? [String: String] ?? [:]
        kubeconfig = kube?["kubeconfig"] as? String ?? ""
        controlURL = kube?["control"] as? String ?? ""
        awsEndpoint = aws?["endpointUrl"] as? String ?? ""
        awsPath = tools?["aws"] as? String ?? "aws"
    }

    public func stop() {
        _ = try? BinaryRunner.run(
            ["-m", "harness", "down", "--state-dir", stateDirectory.path], executable: Self.python,
            environment: ["PYTHONPATH": TestPaths.repository.appendingPathComponent("Tests/Harness").path])
    }

    deinit { stop() }
}

public struct HarnessError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Wrapper scripts that log every invocation of kubectl and aws, then run the real client,
/// so a test can count the processes a command starts.
public struct CountingClients {
    public let kubectl: URL
    public let aws: URL
    public let log: URL

    public init(realAWS: String, in directory: URL) throws {
        log = directory.appendingPathComponent("calls.log")
        kubectl = directory.appendingPathComponent("kubectl")
        aws = directory.appendingPathComponent("aws")
        for (script, real) in [(kubectl, "kubectl"), (aws, realAWS)] {
            let text = "#!/bin/sh\necho \"\(script.lastPathComponent) $*\" >> '\(log.path)'\nexec \(real) \"$@\"\n"
            try Data(text.utf8).write(to: script)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        }
    }

    /// One line per process started: `kubectl ARGS` or `aws ARGS`.
    public func calls() -> [String] {
        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
}
