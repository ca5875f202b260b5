import Foundation
import MigrationCore

/// The real `kubectl`, run as argv, for everything the tool reads from or writes to a cluster.
///
/// Going through kubectl keeps the user's kubeconfig, contexts, exec auth plugins and custom
/// CAs working. Success is judged by the exit status and JSON on stdout, never by stderr,
/// which may carry the dispatcher's version-skew warning.
public struct Kubectl: Sendable {
    public struct Options: Sendable, Equatable {
        public var path: String
        public var context: String?
        public var kubeconfig: String?
        /// Limit for ordinary calls; `rolloutStatus` adds its own wait to this.
        public var timeout: Duration

        public init(
            path: String = "kubectl", context: String? = nil, kubeconfig: String? = nil, timeout: Duration = .seconds(120)
        ) {
            self.path = path
            self.context = context
            self.kubeconfig = kubeconfig
            self.timeout = timeout
        }
    }

    /// The kinds listed for planning, in one call.
    public static let inventoryKinds = "namespaces,serviceaccounts,deployments,statefulsets,daemonsets,cronjobs,jobs,pods"

    public var options: Options
    public var runner: any CommandRunning
    public var retry: RetryPolicy

    public init(options: Options = Options(), runner: any CommandRunning = ProcessRunner(), retry: RetryPolicy = .kubectl) {
        self.options = options
        self.runner = runner
        self.retry = retry
    }

    /// `kubectl get namespaces,serviceaccounts,... -A -o json`, verbatim (a snapshot's kubernetes.json).
    public func listInventoryJSON() async throws(KubectlError) -> Data {
        try await call(["get", Self.inventoryKinds, "-A", "-o", "json"], target: "the inventory").stdout
    }

    /// One object as JSON, for re-reading a target before changing it.
    public func getJSON(_ ref: ObjectRef) async throws(KubectlError) -> Data {
        try await call(["get", Self.resource(ref.kind), ref.name] + scope(ref) + ["-o", "json"], target: ref.description).stdout
    }

    /// An RFC 6902 patch; put `test` operations first to make it conditional on the state
    /// it was planned from (a mismatch fails with `.invalid`). Returns the patched object.
    public func jsonPatch(_ ref: ObjectRef, operations: [JSONValue]) async throws(KubectlError) -> Data {
        let patch = JSONValue.array(operations).serialized(.minified)
        let arguments = ["patch", Self.resource(ref.kind), ref.name] + scope(ref) + ["--type=json", "-p", patch, "-o", "json"]
        return try await call(arguments, target: ref.description).stdout
    }

    public func deleteServiceAccount(namespace: String, name: String) async throws(KubectlError) {
        let target = ObjectRef.serviceAccount(namespace, name).description
        _ = try await call(["delete", "serviceaccounts", name, "-n", namespace], target: target)
    }

    /// A token for a service account (`kubectl create token`), for the end-to-end check.
    /// The token is returned to the caller only; it never appears in errors.
    public func createToken(namespace: String, serviceAccount: String, audience: String, duration: Duration = .seconds(600))
        async throws(KubectlError) -> String
    {
        let arguments = [
            "create", "token", serviceAccount, "-n", namespace, "--audience", audience, "--duration",
            "\(duration.components.seconds)s",
        ]
        let result = try await call(arguments, target: ObjectRef.serviceAccount(namespace, serviceAccount).description)
        let token = String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw .unreadableOutput(command: "kubectl create token", detail: "empty token") }
        return token
    }

    /// Waits until the workload's rollout finished; fails when it did not within `timeout`.
    /// Only deployments, statefulsets and daemonsets roll out; jobs, cronjobs and bare pods
    /// have nothing to wait for, and kubectl refuses them.
    public func rolloutStatus(_ ref: ObjectRef, timeout: Duration) async throws(KubectlError) {
        // Whole seconds, rounded up: kubectl reads `--timeout=0s` as "wait forever".
        let (seconds, fraction) = timeout.components
        let waitSeconds = max(1, seconds + (fraction > 0 ? 1 : 0))
        let arguments = [
            "rollout", "status", "\(Self.resource(ref.kind))/\(ref.name)", "-n", ref.namespace, "--watch=true",
            "--timeout=\(waitSeconds)s",
        ]
        _ = try await call(arguments, target: ref.description, timeout: timeout + options.timeout)
    }

    /// Objects of one resource type in a namespace, optionally by label selector, as a JSON list.
    public func list(_ resource: String, namespace: String, selector: String? = nil) async throws(KubectlError) -> Data {
        var arguments = ["get", resource, "-n", namespace, "-o", "json"]
        if let selector { arguments += ["-l", selector] }
        return try await call(arguments, target: "\(resource) in \(namespace)").stdout
    }
}
