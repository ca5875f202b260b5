import ClusterIO
import Foundation
import MigrationCore

enum OutputFormat: String {
    case text, json, markdown
}

/// `--state FILE` (default ./irsa-migrate.db).
struct StateOption: Equatable {
    static let names: Set<String> = ["state"]
    var path: String

    init(_ arguments: ParsedArguments) throws(UsageError) {
        path = try arguments.value("state") ?? "irsa-migrate.db"
    }
}

/// Where the inventory comes from: a snapshot directory or the live clients.
enum SourceOption: Equatable {
    case snapshot(String)
    case live(LiveOptions)

    static let valueNames: Set<String> = [
        "snapshot", "context", "kubeconfig", "profile", "region", "aws-endpoint-url", "kubectl", "aws",
    ]

    init(_ arguments: ParsedArguments) throws(UsageError) {
        let live = LiveOptions(
            kubectlPath: try arguments.value("kubectl") ?? "kubectl", context: try arguments.value("context"),
            kubeconfig: try arguments.value("kubeconfig"), awsPath: try arguments.value("aws") ?? "aws",
            profiles: arguments.values["profile"] ?? [], region: try arguments.value("region"),
            endpointURL: try arguments.value("aws-endpoint-url"))
        if let directory = try arguments.value("snapshot") {
            guard live == LiveOptions() else {
                throw UsageError(
                    "--snapshot reads files only; drop the live options (--context, --profile, ...)", command: arguments.command)
            }
            self = .snapshot(directory)
        } else {
            self = .live(live)
        }
    }
}

/// The live clients' options, passed through to `kubectl` and `aws` as they are.
struct LiveOptions: Equatable {
    var kubectlPath = "kubectl"
    var context: String?
    var kubeconfig: String?
    var awsPath = "aws"
    /// One per AWS account to read (repeatable `--profile`); none means the default chain.
    var profiles: [String] = []
    var region: String?
    var endpointURL: String?
}
