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

    /// Runs one kubectl call and turns a non-zero exit into a classified error.
    func call(_ subcommand: [String], stdin: Data? = nil, target: String, timeout: Duration? = nil) async throws(KubectlError)
        -> CommandResult
    {
        let command = Command(arguments(subcommand), stdin: stdin, timeout: timeout ?? options.timeout)
        let result: CommandResult
        do {
            result = try await runner.run(command)
        } catch {
            throw .command(error)
        }
        guard result.exitStatus == 0 else {
            let shown = [options.path] + subcommand.prefix(2)
            throw KubectlError.classify(result, command: shown.joined(separator: " "), target: target)
        }
        return result
    }
}
