import ClusterIO
import MigrationCore

/// Reads the inventory from a snapshot directory or through the live clients.
enum InventorySource {
    /// `authorizationDetails`: also read roles' permissions live (`plan instance-role`).
    /// `roleTags`: also read roles' tags live (plans detect IaC-owned roles from them).
    static func read(_ source: SourceOption, authorizationDetails: Bool = false, roleTags: Bool = false) async throws
        -> Inventory
    {
        switch source {
        case .snapshot(let directory):
            return try SnapshotReader(directory: directory).read()
        case .live(let options):
            Console.err("Reading the inventory through kubectl and aws...")
            var reader = liveReader(options)
            reader.authorizationDetails = authorizationDetails
            reader.roleTags = roleTags
            return try await reader.read()
        }
    }

    /// One kubectl, and one aws per profile (one profile per account); none means the default chain.
    static func liveReader(_ options: LiveOptions) -> LiveInventoryReader {
        let profiles: [String?] = options.profiles.isEmpty ? [nil] : options.profiles
        return LiveInventoryReader(
            kubectl: Kubectl(options: .init(path: options.kubectlPath, context: options.context, kubeconfig: options.kubeconfig)),
            accounts: profiles.map { profile in
                AWSCLI(
                    options: .init(
                        path: options.awsPath, profile: profile, region: options.region, endpointURL: options.endpointURL))
            })
    }
}
