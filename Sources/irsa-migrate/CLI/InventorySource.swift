import ClusterIO
import MigrationCore

/// Reads the inventory from a snapshot directory or through the live clients.
enum InventorySource {
    static func read(_ source: SourceOption) async throws -> Inventory {
        switch source {
        case .snapshot(let directory):
            return try SnapshotReader(directory: directory).read()
        case .live(let options):
            Console.err("Reading the inventory through kubectl and aws...")
            return try await liveReader(options).read()
        }
    }

    static func liveReader(_ options: LiveOptions) -> LiveInventoryReader {
        LiveInventoryReader(
            kubectl: Kubectl(options: .init(path: options.kubectlPath, context: options.context, kubeconfig: options.kubeconfig)),
            aws: AWSCLI(
                options: .init(
                    path: options.awsPath, profile: options.profile, region: options.region, endpointURL: options.endpointURL)))
    }
}
