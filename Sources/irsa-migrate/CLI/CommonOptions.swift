import ClusterIO
import Foundation
import MigrationCore

/// `--state FILE` (default ./irsa-migrate.db).
struct StateOption: Equatable {
    var path: String

    init(_ arguments: ParsedArguments) throws(UsageError) {
        path = try arguments.text(Options.state) ?? ""
    }
}

/// Where the inventory comes from: a snapshot directory or the live clients.
enum SourceOption: Equatable {
    case snapshot(String)
    case live(LiveOptions)

    init(_ arguments: ParsedArguments) throws(UsageError) {
        let live = try LiveOptions(arguments)
        if let directory = try arguments.value(Options.snapshot) {
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

extension LiveOptions {
    init(_ arguments: ParsedArguments) throws(UsageError) {
        self.init(
            kubectlPath: try arguments.text(Options.kubectl) ?? "", context: try arguments.value(Options.context),
            kubeconfig: try arguments.value(Options.kubeconfig), awsPath: try arguments.text(Options.aws) ?? "",
            profiles: arguments.all(Options.profile), region: try arguments.value(Options.region),
            endpointURL: try arguments.value(Options.awsEndpointURL))
    }
}
