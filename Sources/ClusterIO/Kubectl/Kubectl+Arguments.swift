import Foundation
import MigrationCore

extension Kubectl {
    /// Fully qualified resource names, so a CRD that reuses a short name cannot be hit by mistake.
    public static func resource(_ kind: ObjectRef.Kind) -> String {
        switch kind {
        case .deployment: return "deployments.apps"
        case .statefulset: return "statefulsets.apps"
        case .daemonset: return "daemonsets.apps"
        case .cronjob: return "cronjobs.batch"
        case .job: return "jobs.batch"
        case .pod: return "pods"
        case .serviceaccount: return "serviceaccounts"
        case .namespace: return "namespaces"
        }
    }

    /// The full argv for a kubectl subcommand, with the connection flags first.
    public func arguments(_ subcommand: [String]) -> [String] {
        var arguments = [options.path]
        if let context = options.context { arguments += ["--context", context] }
        if let kubeconfig = options.kubeconfig { arguments += ["--kubeconfig", kubeconfig] }
        return arguments + subcommand
    }

    func scope(_ ref: ObjectRef) -> [String] {
        ref.namespace.isEmpty ? [] : ["-n", ref.namespace]
    }

    /// Runs one kubectl call, retrying under `retry` while the API server does not answer,
    /// and turns a non-zero exit into a classified error. Every call kubectl makes for us is
    /// safe to repeat: reads; merge patches that set absolute values; JSON patches guarded by
    /// `test` operations (a repeat of one that landed fails its test, and the caller
    /// re-reads); create and delete, whose "already exists" and "not found" callers handle.
    func call(_ subcommand: [String], stdin: Data? = nil, target: String, timeout: Duration? = nil) async throws(KubectlError)
        -> CommandResult
    {
        let command = Command(arguments(subcommand), stdin: stdin, timeout: timeout ?? options.timeout)
        let shown = ([options.path] + subcommand.prefix(2)).joined(separator: " ")
        return try await retry.run(
            { (_: Int) async throws(KubectlError) -> CommandResult in
                let result: CommandResult
                do throws(CommandError) {
                    result = try await runner.run(command)
                } catch {
                    throw .command(error)
                }
                guard result.exitStatus == 0 else { throw KubectlError.classify(result, command: shown, target: target) }
                return result
            }, isTransient: \.isTransient)
    }
}
